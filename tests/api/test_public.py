"""The public operations: 我要建言 through the API runs the web form and service (validation,
consent, dedupe token, per-address limits), tracking runs opinions.tracking, and the directory
is the public one."""

from __future__ import annotations

import uuid

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st
from rest_framework.test import APIClient

from opinions.models import Channel, Opinion
from opinions.services import check_lookup_key
from tests.opinions.conftest import PHONE, public_form_data
from tests.workstations.factories import WorkstationFactory

SUBMIT = "/api/v1/public/opinions/"
TRACK = "/api/v1/public/track/"
DIRECTORY = "/api/v1/public/workstations/"


def json_data(committee, category, **overrides):
    """The web form's data as a JSON body (consent a boolean)."""
    return public_form_data(committee, category, **{"consent": True, **overrides})


def test_empty_form_gives_tokens_and_choices(db, categories):
    response = APIClient().get(SUBMIT)
    assert response.status_code == 200
    body = response.json()
    assert len(body["token"]) == 32 and body["started"]
    assert body["captcha_challenge"] is None
    assert {c["label"] for c in body["categories"]} >= {"民生保障"}
    assert any("达拉特" in c["label"] for c in body["committees"])


def test_submit_then_track_by_key_and_by_phone(dalate, category):
    client = APIClient()
    response = client.post(
        SUBMIT, json_data(dalate, category), format="json", REMOTE_ADDR="10.1.0.1"
    )
    assert response.status_code == 201, response.content
    body = response.json()
    opinion = Opinion.objects.get()
    assert opinion.channel == Channel.WEB and opinion.committee == dalate
    assert opinion.tracking_code == body["tracking_code"] and opinion.consent_at
    assert check_lookup_key(opinion, body["key"])
    for key in (body["key"], PHONE):
        tracked = client.post(TRACK, {"code": body["tracking_code"], "key": key}, format="json")
        assert tracked.status_code == 200
        assert tracked.json()["title"] == opinion.title
        assert "submitter_phone" not in tracked.json()


@pytest.mark.parametrize(("accept", "stored"), [("mn", "mn"), ("zh-CN,zh;q=0.9", "zh-hans")])
def test_the_app_language_is_the_submitters(dalate, category, accept, stored):
    """The APP sends its language (Accept-Language): the submitter's e-mails are written in it."""
    response = APIClient().post(
        SUBMIT,
        json_data(dalate, category),
        format="json",
        REMOTE_ADDR="10.1.0.9",
        HTTP_ACCEPT_LANGUAGE=accept,
    )
    assert response.status_code == 201, response.content
    assert Opinion.objects.get().language == stored


def test_multipart_submission_is_the_same_form(dalate, category):
    response = APIClient().post(SUBMIT, public_form_data(dalate, category), REMOTE_ADDR="10.1.0.2")
    assert response.status_code == 201


def test_the_same_token_twice_is_one_opinion(dalate, category):
    client = APIClient()
    data = json_data(dalate, category, token=uuid.uuid4().hex)
    first = client.post(SUBMIT, data, format="json", REMOTE_ADDR="10.1.0.3")
    second = client.post(SUBMIT, data, format="json", REMOTE_ADDR="10.1.0.3")
    assert first.status_code == 201 and second.status_code == 200
    assert second.json() == {"tracking_code": first.json()["tracking_code"], "key": None}
    assert Opinion.objects.count() == 1


def test_consent_is_required_with_the_forms_message(dalate, category):
    response = APIClient().post(
        SUBMIT, json_data(dalate, category, consent=False), format="json", REMOTE_ADDR="10.1.0.4"
    )
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == 400 and body["title"] == "请求数据有误"
    assert body["errors"]["consent"] == ["请阅读并同意个人信息处理告知后再提交。"]
    assert not Opinion.objects.exists()


def test_honeypot_and_missing_timer_flag_like_the_web(dalate, category):
    data = json_data(dalate, category, website="http://spam.example", started=None)
    assert APIClient().post(SUBMIT, data, format="json", REMOTE_ADDR="10.1.0.5").status_code == 201
    opinion = Opinion.objects.get()
    assert opinion.is_spam and {"honeypot", "no_timer"} <= set(opinion.flag_reasons)


def test_per_address_limit_then_captcha_then_429(settings, dalate, category):
    settings.SUBMISSION_CAPTCHA_AFTER = 1
    settings.SUBMISSION_LIMIT_PER_HOUR = 2
    client = APIClient()
    assert (
        client.post(
            SUBMIT, json_data(dalate, category), format="json", REMOTE_ADDR="10.1.0.6"
        ).status_code
        == 201
    )
    second = client.post(SUBMIT, json_data(dalate, category), format="json", REMOTE_ADDR="10.1.0.6")
    assert second.status_code == 400
    assert "captcha" in second.json()["errors"] and second.json()["captcha_challenge"]
    third = client.post(SUBMIT, json_data(dalate, category), format="json", REMOTE_ADDR="10.1.0.6")
    assert third.status_code == 429 and third.json()["status"] == 429
    assert Opinion.objects.count() == 1


def test_wrong_keys_are_limited_per_address(settings, public_opinion):
    settings.TRACKING_FAILURES_PER_HOUR = 2
    client = APIClient()
    for _ in range(2):
        bad = client.post(
            TRACK,
            {"code": public_opinion.tracking_code, "key": "wrong-key"},
            format="json",
            REMOTE_ADDR="10.2.0.1",
        )
        assert bad.status_code == 400
    blocked = client.post(
        TRACK,
        {"code": public_opinion.tracking_code, "key": public_opinion.lookup_key},
        format="json",
        REMOTE_ADDR="10.2.0.1",
    )
    assert blocked.status_code == 429


def test_directory_lists_workstations_in_constant_queries(db, django_assert_max_num_queries):
    client = APIClient()
    WorkstationFactory.create_batch(3)
    with django_assert_max_num_queries(3) as few:
        assert len(client.get(DIRECTORY).json()["results"]) == 3
    WorkstationFactory.create_batch(20)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(client.get(DIRECTORY).json()["results"]) == 20


hostile_text = st.one_of(
    st.text(max_size=80),
    st.sampled_from(
        ["\x00", "<script>alert(1)</script>", "' OR 1=1 --", "\u202e", "𠀀" * 70, "　"]
    ),
)
hostile_value = st.one_of(
    hostile_text,
    st.integers(),
    st.booleans(),
    st.none(),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
    st.floats(allow_nan=False, allow_infinity=False),
)


@pytest.mark.django_db
@hsettings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    body=st.fixed_dictionaries(
        {},
        optional={
            name: hostile_value
            for name in (
                "title",
                "content",
                "category",
                "committee",
                "region",
                "is_anonymous",
                "submitter_name",
                "submitter_phone",
                "submitter_email",
                "consent",
                "token",
                "started",
                "captcha",
                "captcha_challenge",
                "website",
            )
        },
    )
)
def test_hostile_submissions_never_500(body):
    from django.core.cache import cache

    cache.clear()
    response = APIClient().post(SUBMIT, body, format="json", REMOTE_ADDR="10.3.0.1")
    assert response.status_code in {200, 201, 400}, response.content
    if response.status_code == 400:
        assert response["Content-Type"] == "application/problem+json"


@pytest.mark.django_db
@hsettings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    body=st.fixed_dictionaries(
        {}, optional={"code": hostile_value, "key": hostile_value, "captcha": hostile_value}
    )
)
def test_hostile_lookups_never_500(body):
    from django.core.cache import cache

    cache.clear()
    response = APIClient().post(TRACK, body, format="json", REMOTE_ADDR="10.3.0.2")
    assert response.status_code == 400, response.content


@pytest.mark.parametrize(
    "payload", [b"{", b"[1,2]", b"null", b'"x"', b"\xff\xfe", b'{"title": NaN}']
)
def test_unparsable_bodies_are_400_problems(db, payload):
    response = APIClient().generic(
        "POST", SUBMIT, payload, content_type="application/json", REMOTE_ADDR="10.3.0.3"
    )
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"


def test_mailbox_letter_to_a_workstation(dalate, zhungeer, category):
    workstation = WorkstationFactory(committee=dalate)
    client = APIClient()
    form = client.get("/api/v1/public/mailbox/").json()
    assert workstation.pk in {w["id"] for w in form["workstations"]}
    wrong = client.post(
        "/api/v1/public/mailbox/",
        json_data(zhungeer, category, workstation=workstation.pk),
        format="json",
        REMOTE_ADDR="10.4.0.1",
    )
    assert wrong.status_code == 400 and "workstation" in wrong.json()["errors"]
    response = client.post(
        "/api/v1/public/mailbox/",
        json_data(dalate, category, workstation=workstation.pk),
        format="json",
        REMOTE_ADDR="10.4.0.1",
    )
    assert response.status_code == 201
    opinion = Opinion.objects.get()
    assert opinion.channel == Channel.MAILBOX and opinion.workstation_id == workstation.pk
