"""The review desk's basic steps through the API: the desk's own action table, forms and
services (opinions.views.actions.DESK_ACTIONS), the same permission (handle_opinion) and scope."""

from __future__ import annotations

import pytest

from audit.models import AuditLog
from opinions.models import Opinion, Status
from tests.api.conftest import client_for

pytestmark = pytest.mark.usefixtures("frozen_now")


def step(opinion, action) -> str:
    return f"/api/v1/staff/opinions/{opinion.pk}/{action}/"


def test_assign_then_return_then_the_member_revises(
    member_user, member_item, staff_dalate, category
):
    office = client_for(staff_dalate)
    detail = office.get(f"/api/v1/staff/opinions/{member_item.pk}/").json()
    assert {"assign", "return", "reject", "adopt", "note"} <= set(detail["actions"])
    assert "forward" not in detail["actions"]  # the desk's, not the APP's
    assigned = office.post(
        step(member_item, "assign"), {"assignee": staff_dalate.pk}, format="json"
    )
    assert assigned.status_code == 200, assigned.content
    assert assigned.json()["assignee"] == staff_dalate.display_name
    returned = office.post(
        step(member_item, "return"),
        {"comment": "请补充具体嘎查名称。", "expected_status": "under_review"},
        format="json",
    )
    assert returned.status_code == 200, returned.content
    assert returned.json()["status"] == Status.RETURNED
    # the member sees the reason and revises (the web's form and service)
    member = client_for(member_user)
    mine = member.get(f"/api/v1/me/opinions/{member_item.pk}/").json()
    assert mine["return_reason"] == "请补充具体嘎查名称。" and mine["editable"] is True
    # a returned item cannot be adopted: the table's state check, a 409
    late = office.post(step(member_item, "adopt"), {"level": "banner"}, format="json")
    assert late.status_code == 409
    assert late["Content-Type"] == "application/problem+json"


def test_the_forms_errors_and_someone_faster(member_item, staff_dalate):
    office = client_for(staff_dalate)
    missing = office.post(step(member_item, "return"), {}, format="json")
    assert missing.status_code == 400 and "comment" in missing.json()["errors"]
    bad = office.post(step(member_item, "reject"), {"reason": "nonsense"}, format="json")
    assert bad.status_code == 400 and "reason" in bad.json()["errors"]
    # the status the client saw is not the status now: someone else was faster
    stale = office.post(
        step(member_item, "reject"),
        {"reason": "unclear", "expected_status": "returned"},
        format="json",
    )
    assert stale.status_code == 409
    assert Opinion.objects.get(pk=member_item.pk).status == Status.SUBMITTED
    assert office.post(step(member_item, "forward"), {}, format="json").status_code == 404


def test_scope_and_role(member_item, staff_zhungeer, leader_dalate, member_user):
    assert (
        client_for(staff_zhungeer)
        .post(step(member_item, "note"), {"comment": "x"}, format="json")
        .status_code
        == 404
    )
    before = AuditLog.objects.filter(action="permission_denied").count()
    for user in (leader_dalate, member_user):
        refused = client_for(user).post(step(member_item, "note"), {"comment": "x"}, format="json")
        assert refused.status_code == 403
    assert AuditLog.objects.filter(action="permission_denied").count() == before + 2
    assert Opinion.objects.get(pk=member_item.pk).events.filter(kind="note").count() == 0


def test_a_note_and_spam(member_item, staff_dalate):
    office = client_for(staff_dalate)
    noted = office.post(step(member_item, "note"), {"comment": "已电话联系"}, format="json")
    assert noted.status_code == 200
    assert member_item.events.filter(kind="note").count() == 1
    spam = office.post(step(member_item, "spam"), {}, format="json")
    assert spam.status_code == 200 and spam.json()["is_spam"] is True
    assert "unspam" in spam.json()["actions"]
