"""The citizen closes the loop through the API: the lookup gives a rating token, the rating is
the tracking page's own form and service (opinion_give_feedback), and a signed-in citizen
claims an item with its code and key (the page's limits, the web's service)."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from accounts.models import User
from opinions import services
from opinions.models import Forwarding, Opinion, Status
from tests.api.conftest import client_for

TRACK = "/api/v1/public/track/"
RATE = "/api/v1/public/rating/"
CLAIMS = "/api/v1/me/claims/"


@pytest.fixture
def replied(distinct_forwarded, co_opinion_given, dept_lead_user, staff_dalate):
    """``distinct_forwarded`` answered by its lead department, the reply accepted: it awaits
    the submitter's rating. ``.lookup_key`` is set."""
    key = distinct_forwarded.lookup_key
    lead = distinct_forwarded.forwardings.get(role=Forwarding.Role.LEAD)
    services.forwarding_sign(forwarding=lead, by=dept_lead_user)
    reply = services.forwarding_reply(
        forwarding=lead, by=dept_lead_user, text="已完成排水管网改造。", resolution="solved"
    )
    services.reply_review(reply=reply, by=staff_dalate, accept=True)
    opinion = Opinion.objects.get(pk=distinct_forwarded.pk)
    assert opinion.status == Status.REPLIED
    opinion.lookup_key = key
    return opinion


def track(client, opinion, ip="10.3.0.1"):
    response = client.post(
        TRACK,
        {"code": opinion.tracking_code, "key": opinion.lookup_key},
        format="json",
        REMOTE_ADDR=ip,
    )
    assert response.status_code == 200, response.content
    return response.json()


class TestRating:
    def test_lookup_gives_a_token_then_a_rating_closes_it(self, replied):
        client = APIClient()
        found = track(client, replied)
        assert found["can_rate"] is True and found["rating_token"]
        response = client.post(
            RATE,
            {"token": found["rating_token"], "satisfaction": "satisfied", "comment": "谢谢！"},
            format="json",
        )
        assert response.status_code == 200, response.content
        opinion = Opinion.objects.get(pk=replied.pk)
        assert opinion.status == Status.CLOSED and opinion.satisfaction == "satisfied"
        assert response.json()["can_rate"] is False and response.json()["rating_token"] is None
        # rated already, and no re-handling asked: the service's refusal, a 409
        again = client.post(
            RATE, {"token": found["rating_token"], "satisfaction": "unsatisfied"}, format="json"
        )
        assert again.status_code == 409
        assert again["Content-Type"] == "application/problem+json"
        assert again.json()["detail"] == "这条建言已经评价过了。"

    def test_unsatisfied_asks_once_for_rehandling(self, replied):
        client = APIClient()
        token = track(client, replied)["rating_token"]
        body = {"token": token, "satisfaction": "unsatisfied", "rehandle": True, "comment": "没修"}
        assert client.post(RATE, body, format="json").status_code == 200
        opinion = Opinion.objects.get(pk=replied.pk)
        assert opinion.rehandle_requested_at is not None
        assert opinion.status == Status.FORWARDED and opinion.satisfaction == "unsatisfied"
        lead = opinion.forwardings.get(role=Forwarding.Role.LEAD)
        assert lead.status == Forwarding.Status.SIGNED  # back with the lead department

    def test_bad_tokens_and_bad_answers_are_400_with_the_fields_named(self, replied):
        client = APIClient()
        token = track(client, replied)["rating_token"]
        for bad in ("", "garbage", token[:-2] + "xx", "x" * 5000):
            response = client.post(RATE, {"token": bad, "satisfaction": "satisfied"}, format="json")
            assert response.status_code == 400
            assert response.json()["errors"] == {"token": ["页面已过期，请重新查询后再评价。"]}
        response = client.post(RATE, {"token": token, "satisfaction": "great"}, format="json")
        assert response.status_code == 400 and "satisfaction" in response.json()["errors"]
        assert Opinion.objects.get(pk=replied.pk).status == Status.REPLIED

    def test_an_item_not_answered_yet_has_no_token(self, public_opinion):
        found = track(APIClient(), public_opinion)
        assert found["can_rate"] is False and found["rating_token"] is None


class TestClaims:
    @pytest.fixture
    def citizen_user(self, make_user):
        return make_user(User.Role.CITIZEN, None, username="api_claimer")

    def test_claim_then_list_then_claim_again(self, citizen_user, public_opinion):
        client = client_for(citizen_user)
        body = {"code": public_opinion.tracking_code, "key": public_opinion.lookup_key}
        first = client.post(CLAIMS, body, format="json", REMOTE_ADDR="10.4.0.1")
        assert first.status_code == 201, first.content
        assert first.json()["claimed"] is True
        assert first.json()["opinion"]["tracking_code"] == public_opinion.tracking_code
        assert Opinion.objects.get(pk=public_opinion.pk).claimed_by == citizen_user
        listed = client.get(CLAIMS).json()["results"]
        assert [row["tracking_code"] for row in listed] == [public_opinion.tracking_code]
        again = client.post(CLAIMS, body, format="json", REMOTE_ADDR="10.4.0.1")
        assert again.status_code == 200 and again.json()["claimed"] is False

    def test_claimed_by_another_account_and_wrong_keys(
        self, citizen_user, make_user, public_opinion
    ):
        services.opinion_claim(opinion=public_opinion, by=citizen_user)
        other = client_for(make_user(User.Role.CITIZEN, None, username="api_claimer2"))
        body = {"code": public_opinion.tracking_code, "key": public_opinion.lookup_key}
        taken = other.post(CLAIMS, body, format="json", REMOTE_ADDR="10.4.0.2")
        assert taken.status_code == 400
        assert taken.json()["errors"] == {"__all__": ["该建言已由其他账号认领。"]}
        wrong = other.post(
            CLAIMS, {**body, "key": "wrong-key"}, format="json", REMOTE_ADDR="10.4.0.3"
        )
        assert wrong.status_code == 400
        assert other.get(CLAIMS).json()["results"] == []

    def test_the_lookup_limits_apply(self, settings, citizen_user, public_opinion):
        settings.TRACKING_FAILURES_PER_HOUR = 1
        client = client_for(citizen_user)
        body = {"code": public_opinion.tracking_code, "key": "wrong-key"}
        assert client.post(CLAIMS, body, format="json", REMOTE_ADDR="10.4.0.4").status_code == 400
        good = {**body, "key": public_opinion.lookup_key}
        assert client.post(CLAIMS, good, format="json", REMOTE_ADDR="10.4.0.4").status_code == 429
        assert Opinion.objects.get(pk=public_opinion.pk).claimed_by is None

    def test_list_in_constant_queries(
        self, citizen_user, make_public, dalate, django_assert_max_num_queries
    ):
        client = client_for(citizen_user)
        client.get(CLAIMS)  # the token's first use writes its last-used time
        for _ in range(2):
            services.opinion_claim(opinion=make_public(dalate)[0], by=citizen_user)
        with django_assert_max_num_queries(10) as few:
            assert len(client.get(CLAIMS).json()["results"]) == 2
        for _ in range(8):
            services.opinion_claim(opinion=make_public(dalate)[0], by=citizen_user)
        with django_assert_max_num_queries(len(few.captured_queries)):
            assert len(client.get(CLAIMS).json()["results"]) == 10
