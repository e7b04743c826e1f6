"""Consultations through the API: a member answers their invitations with the page's form and
service; the public reads the events the public pages list and the 委员讲堂 menu."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import User
from consultations import services
from consultations.models import Invitation
from tests.api.conftest import client_for
from tests.consultations.factories import ConsultationFactory
from tests.lectures.factories import approved_offering
from tests.members.factories import MemberUserFactory

pytestmark = pytest.mark.usefixtures("frozen_now")

INVITATIONS = "/api/v1/me/invitations/"
EVENTS = "/api/v1/public/events/"
LECTURES = "/api/v1/public/lectures/"


@pytest.fixture
def office(make_user, dalate):
    return make_user(User.Role.STAFF, dalate, username="api_consult_staff")


@pytest.fixture
def invited(office, dalate, member_user):
    """An open day of 达拉特旗 three days ahead, the member invited."""
    event = ConsultationFactory(committee=dalate, title="达拉特旗政协开放日")
    (invitation,) = services.invitations_send(
        consultation=event, by=office, members=[member_user.member]
    )
    return invitation


class TestInvitations:
    def test_list_then_decline_with_a_reason_then_accept(self, member_user, invited):
        client = client_for(member_user)
        rows = client.get(INVITATIONS).json()["results"]
        assert [(r["id"], r["rsvp"]) for r in rows] == [(invited.pk, "pending")]
        assert rows[0]["title"] == "达拉特旗政协开放日" and set(rows[0]["actions"]) == {
            "accept",
            "decline",
        }
        url = f"{INVITATIONS}{invited.pk}/decline/"
        missing = client.post(url, {}, format="json")
        assert missing.status_code == 400
        assert missing.json()["errors"] == {"reason": ["请填写请假原因。"]}
        declined = client.post(url, {"reason": "外出学习"}, format="json")
        assert declined.status_code == 200, declined.content
        assert declined.json()["rsvp"] == "declined"
        assert declined.json()["decline_reason"] == "外出学习"
        accepted = client.post(f"{INVITATIONS}{invited.pk}/accept/", {}, format="json")
        assert accepted.status_code == 200 and accepted.json()["rsvp"] == "accepted"
        assert Invitation.objects.get(pk=invited.pk).rsvp == Invitation.Rsvp.ACCEPTED
        assert client.get(f"{INVITATIONS}?pending=true").json()["results"] == []

    def test_another_members_invitation_is_a_404_and_a_cancelled_event_a_409(
        self, member_user, invited, office, dalate
    ):
        other = MemberUserFactory(committee=dalate, name="李委员")
        theirs = client_for(other.user)
        assert theirs.post(f"{INVITATIONS}{invited.pk}/accept/").status_code == 404
        assert theirs.get(INVITATIONS).json()["results"] == []
        client = client_for(member_user)
        services.consultation_step(
            consultation=invited.consultation, by=office, action="cancel", comment="场地调整"
        )
        late = client.post(f"{INVITATIONS}{invited.pk}/accept/")
        assert late.status_code == 409
        assert late["Content-Type"] == "application/problem+json"
        assert client.post(f"{INVITATIONS}{invited.pk}/maybe/").status_code == 404

    def test_list_in_constant_queries(
        self, member_user, office, dalate, django_assert_max_num_queries
    ):
        client = client_for(member_user)
        client.get(INVITATIONS)  # the token's first use writes its last-used time
        for _ in range(2):
            services.invitations_send(
                consultation=ConsultationFactory(committee=dalate),
                by=office,
                members=[member_user.member],
            )
        with django_assert_max_num_queries(10) as few:
            assert len(client.get(INVITATIONS).json()["results"]) == 2
        for _ in range(10):
            services.invitations_send(
                consultation=ConsultationFactory(committee=dalate),
                by=office,
                members=[member_user.member],
            )
        with django_assert_max_num_queries(len(few.captured_queries)):
            assert len(client.get(INVITATIONS).json()["results"]) == 12


class TestPublicEvents:
    def test_only_announced_public_events_with_the_pages_facts(self, office, dalate):
        opened = ConsultationFactory(committee=dalate, title="达拉特旗开放日", capacity=3)
        services.consultation_step(consultation=opened, by=office, action="open")
        ConsultationFactory(committee=dalate, title="尚未公布的开放日")  # planned: not listed
        private = ConsultationFactory(committee=dalate, title="内部座谈", is_public=False)
        client = APIClient()
        rows = client.get(EVENTS).json()["results"]
        assert [r["title"] for r in rows] == ["达拉特旗开放日"]
        detail = client.get(f"{EVENTS}{opened.pk}/").json()
        assert detail["signup_open"] is True and detail["places_left"] == 3
        assert detail["minutes_summary"] is None and detail["outcomes"] == []
        assert client.get(f"{EVENTS}{private.pk}/").status_code == 404
        assert client.get(f"{EVENTS}?past=true").json()["results"] == []

    def test_past_events_with_published_minutes_and_outcomes(self, office, dalate):
        start = timezone.now() - datetime.timedelta(hours=1)
        event = ConsultationFactory(
            committee=dalate, starts_at=start, ends_at=start + datetime.timedelta(hours=2)
        )
        services.consultation_step(consultation=event, by=office, action="open")
        services.consultation_step(consultation=event, by=office, action="hold")
        services.minutes_save(
            consultation=event,
            by=office,
            text="纪要全文（内部）",
            public_summary="与会委员建议增设公交线路。",
        )
        services.outcome_add(
            consultation=event, by=office, recommendation="增设公交线路", submitted_to="交通运输局"
        )
        services.consultation_step(consultation=event, by=office, action="publish_minutes")
        client = APIClient()
        past = client.get(f"{EVENTS}?past=true").json()["results"]
        assert [r["id"] for r in past] == [event.pk]
        detail = client.get(f"{EVENTS}{event.pk}/").json()
        assert detail["minutes_summary"] == "与会委员建议增设公交线路。"
        assert "纪要全文" not in str(detail)
        assert [o["recommendation"] for o in detail["outcomes"]] == ["增设公交线路"]
        assert detail["signup_open"] is False

    def test_list_in_constant_queries(self, office, dalate, django_assert_max_num_queries):
        def add(n):
            for _ in range(n):
                services.consultation_step(
                    consultation=ConsultationFactory(committee=dalate), by=office, action="open"
                )

        client = APIClient()
        add(2)
        with django_assert_max_num_queries(5) as few:
            assert len(client.get(EVENTS).json()["results"]) == 2
        add(10)
        with django_assert_max_num_queries(len(few.captured_queries)):
            assert len(client.get(EVENTS).json()["results"]) == 12


class TestLectureMenu:
    def test_approved_offerings_by_field_and_committee(
        self, member_user, staff_dalate, dalate, zhungeer, django_assert_max_num_queries
    ):
        member = member_user.member
        approved_offering(member, staff_dalate, title="家庭教育中的沟通")
        approved_offering(member, staff_dalate, title="防范电信诈骗", field="law")
        client = APIClient()
        rows = client.get(LECTURES).json()["results"]
        assert {r["title"] for r in rows} == {"家庭教育中的沟通", "防范电信诈骗"}
        assert rows[0]["member"] == member.name
        law = client.get(f"{LECTURES}?field=law").json()["results"]
        assert [r["title"] for r in law] == ["防范电信诈骗"]
        assert client.get(f"{LECTURES}?committee={zhungeer.pk}").json()["results"] == []
        assert len(client.get(f"{LECTURES}?field=bogus&committee=x").json()["results"]) == 2
        with django_assert_max_num_queries(3) as few:
            client.get(LECTURES)
        for n in range(8):
            approved_offering(member, staff_dalate, title=f"讲题{n}")
        with django_assert_max_num_queries(len(few.captured_queries)):
            assert len(client.get(LECTURES).json()["results"]) == 10
