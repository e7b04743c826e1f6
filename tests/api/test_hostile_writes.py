"""The hostile-input properties of the web forms, for the API's newer writes: whatever the body
(wrong types, control characters, huge or nested values), the rating, a member's revision, an
invitation's answer and a desk step answer with a result or a problem — never a 500."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st
from rest_framework.test import APIClient

from consultations import services as consultation_services
from opinions import tracking
from tests.api.conftest import client_for
from tests.api.test_public import hostile_value
from tests.consultations.factories import ConsultationFactory

PROPERTIES = hsettings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck))
ANSWERS = {200, 201, 400, 409}


def body_of(*names):
    return st.fixed_dictionaries({}, optional=dict.fromkeys(names, hostile_value))


def assert_answered(response):
    assert response.status_code in ANSWERS, response.content
    if response.status_code >= 400:
        assert response["Content-Type"] == "application/problem+json"


@PROPERTIES
@given(body=body_of("satisfaction", "comment", "rehandle"), forged=st.booleans())
def test_hostile_ratings(public_opinion, body, forged):
    token = "x" * 40 if forged else tracking.rating_token(public_opinion)
    response = APIClient().post("/api/v1/public/rating/", {**body, "token": token}, format="json")
    assert_answered(response)


@PROPERTIES
@given(
    body=body_of(
        "title", "category", "region", "content", "analysis", "suggestion", "co_authors", "action"
    )
)
def test_hostile_revisions(member_user, make_member_item, body):
    draft = make_member_item(member_user, submit=False)
    response = client_for(member_user).put(f"/api/v1/me/opinions/{draft.pk}/", body, format="json")
    assert_answered(response)


@PROPERTIES
@given(body=body_of("reason"), answer=st.sampled_from(["accept", "decline"]))
def test_hostile_invitation_answers(member_user, staff_dalate, dalate, body, answer):
    event = ConsultationFactory(committee=dalate)
    (invitation,) = consultation_services.invitations_send(
        consultation=event, by=staff_dalate, members=[member_user.member]
    )
    response = client_for(member_user).post(
        f"/api/v1/me/invitations/{invitation.pk}/{answer}/", body, format="json"
    )
    assert_answered(response)


@PROPERTIES
@given(
    body=body_of("assignee", "comment", "reason", "into_code", "level", "expected_status"),
    action=st.sampled_from(["assign", "return", "reject", "merge", "adopt", "note", "spam"]),
)
def test_hostile_desk_steps(member_user, make_member_item, staff_dalate, body, action):
    item = make_member_item(member_user)
    response = client_for(staff_dalate).post(
        f"/api/v1/staff/opinions/{item.pk}/{action}/", body, format="json"
    )
    assert_answered(response)


@pytest.fixture(autouse=True)
def _frozen(frozen_now):
    return frozen_now
