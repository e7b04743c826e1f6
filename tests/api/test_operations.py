"""The operations behind the matrix: each does what its web page does, through the same
services, with constant queries as the list grows."""

from __future__ import annotations

import datetime

import pytest

from accounts.models import User
from audit.models import AuditLog
from liaison.models import Activity
from notifications.models import Notification
from opinions.models import Channel, Forwarding, Status
from tests.api.conftest import client_for
from tests.liaison.test_activities import _jpeg
from tests.opinions.factories import DepartmentFactory, OpinionFactory
from tests.workstations.factories import ActivityFactory

pytestmark = pytest.mark.usefixtures("frozen_now")


def activity_body(**extra):
    return {
        "type": "consulting",
        "title": "走访嘎查了解牧民用水",
        "occurred_on": "2026-06-10",
        "summary": "走访三户牧民，了解饮水工程运行情况。",
        "people_reached": 12,
        **extra,
    }


class TestActivities:
    def test_member_creates_with_a_photo_and_submits(self, member_user):
        client = client_for(member_user)
        photo = _jpeg()
        response = client.post(
            "/api/v1/me/activities/",
            {**activity_body(), "photos": [photo], "action": "submit", "token": "a" * 32},
            format="multipart",
        )
        assert response.status_code == 201, response.content
        activity = Activity.objects.get()
        assert activity.reporter == member_user.member
        assert activity.status == Activity.Status.SUBMITTED
        assert activity.photos.count() == 1
        assert response.json()["status"] == "submitted"
        # the same token again: the same activity, not a second one
        again = client.post(
            "/api/v1/me/activities/", {**activity_body(), "token": "a" * 32}, format="multipart"
        )
        assert again.status_code == 200 and Activity.objects.count() == 1

    def test_the_forms_validation_comes_back_as_field_errors(self, member_user):
        response = client_for(member_user).post(
            "/api/v1/me/activities/",
            activity_body(occurred_on="2099-01-01", type="nonsense", title=""),
            format="json",
        )
        assert response.status_code == 400
        errors = response.json()["errors"]
        assert {"type", "title"} <= set(errors)
        assert not Activity.objects.exists()

    def test_list_is_the_members_own_in_constant_queries(
        self, member_user, django_assert_max_num_queries
    ):
        client = client_for(member_user)
        member = member_user.member
        ActivityFactory.create_batch(2, reporter=member)
        ActivityFactory.create_batch(2)  # somebody else's
        client.get("/api/v1/me/profile/")  # the token's first use writes its last-used time
        with django_assert_max_num_queries(10) as few:
            assert len(client.get("/api/v1/me/activities/").json()["results"]) == 2
        ActivityFactory.create_batch(15, reporter=member)
        with django_assert_max_num_queries(len(few.captured_queries)):
            assert len(client.get("/api/v1/me/activities/").json()["results"]) == 17


class TestNotifications:
    def test_list_and_mark_read(self, member_user, citizen):
        notice = Notification.objects.create(user=member_user, text="活动已确认", link="/")
        client = client_for(member_user)
        body = client.get("/api/v1/me/notifications/?unread=true").json()
        assert [n["id"] for n in body["results"]] == [notice.pk]
        assert client.post(f"/api/v1/me/notifications/{notice.pk}/read/").json() == {
            "changed": True
        }
        assert client.get("/api/v1/me/notifications/?unread=true").json()["results"] == []
        other = client_for(citizen).post(f"/api/v1/me/notifications/{notice.pk}/read/")
        assert other.status_code == 404

    def test_an_unchanged_list_is_304_with_its_etag(self, member_user):
        Notification.objects.create(user=member_user, text="活动已确认", link="/")
        client = client_for(member_user)
        first = client.get("/api/v1/me/notifications/")
        etag = first["ETag"]
        again = client.get("/api/v1/me/notifications/", HTTP_IF_NONE_MATCH=etag)
        assert again.status_code == 304 and not again.content
        Notification.objects.create(user=member_user, text="新的通知", link="/")
        changed = client.get("/api/v1/me/notifications/", HTTP_IF_NONE_MATCH=etag)
        assert changed.status_code == 200 and changed["ETag"] != etag


class TestDesk:
    @pytest.fixture
    def items(self, dalate, zhungeer):
        mine = OpinionFactory(
            committee=dalate,
            channel=Channel.WEB,
            status=Status.SUBMITTED,
            submitter_name="李四光",
            submitter_phone="13912345678",
        )
        theirs = OpinionFactory(committee=zhungeer, status=Status.SUBMITTED)
        return mine, theirs

    def test_masked_detail_and_scope(self, items, staff_dalate, staff_zhungeer):
        mine, theirs = items
        body = client_for(staff_dalate).get(f"/api/v1/staff/opinions/{mine.pk}/").json()
        assert body["submitter"] == "李**" and body["submitter_phone"] == "139****5678"
        assert "13912345678" not in str(body)
        assert (
            client_for(staff_dalate).get(f"/api/v1/staff/opinions/{theirs.pk}/").status_code == 404
        )
        # another committee's office: a 404, never the record
        other = client_for(staff_zhungeer)
        assert other.get(f"/api/v1/staff/opinions/{mine.pk}/").status_code == 404
        ids = [row["id"] for row in other.get("/api/v1/staff/opinions/").json()["results"]]
        assert mine.pk not in ids and theirs.pk in ids

    def test_reveal_is_logged(self, items, staff_dalate):
        mine, _theirs = items
        response = client_for(staff_dalate).post(f"/api/v1/staff/opinions/{mine.pk}/reveal/")
        assert response.json()["phone"] == "13912345678"
        assert AuditLog.objects.filter(action="reveal_contact", actor=staff_dalate).count() == 1

    def test_the_desks_filters_apply_and_bad_ones_are_400(self, items, staff_dalate):
        client = client_for(staff_dalate)
        assert client.get("/api/v1/staff/opinions/?status=adopted").json()["results"] == []
        assert len(client.get("/api/v1/staff/opinions/?status=submitted").json()["results"]) == 1
        bad = client.get("/api/v1/staff/opinions/?status=nonsense&submitted_from=yesterday")
        assert bad.status_code == 400
        assert {"status", "submitted_from"} <= set(bad.json()["errors"])

    def test_list_in_constant_queries(self, dalate, staff_dalate, django_assert_max_num_queries):
        client = client_for(staff_dalate)
        OpinionFactory.create_batch(2, committee=dalate, status=Status.SUBMITTED)
        client.get("/api/v1/me/notifications/")
        with django_assert_max_num_queries(12) as few:
            assert len(client.get("/api/v1/staff/opinions/").json()["results"]) == 2
        OpinionFactory.create_batch(15, committee=dalate, status=Status.SUBMITTED)
        with django_assert_max_num_queries(len(few.captured_queries)):
            assert len(client.get("/api/v1/staff/opinions/").json()["results"]) == 17


class TestDepartment:
    def test_sign_then_reply(self, dalate, make_user):
        department = DepartmentFactory(committee=dalate)
        user = make_user(User.Role.DEPARTMENT, dalate, department=department, username="d1")
        opinion = OpinionFactory(committee=dalate, status=Status.FORWARDED)
        forwarding = Forwarding.objects.create(
            opinion=opinion,
            department=department,
            role=Forwarding.Role.LEAD,
            due_date=datetime.date(2026, 7, 15),
        )
        client = client_for(user)
        listed = client.get("/api/v1/department/forwardings/?status=new").json()["results"]
        assert [row["id"] for row in listed] == [forwarding.pk]
        url = f"/api/v1/department/forwardings/{forwarding.pk}/"
        assert "sign" in client.get(url).json()["actions"]
        early = client.post(url + "reply/", {"text": "答复", "resolution": "solved"}, format="json")
        assert early.status_code == 409 and early["Content-Type"] == "application/problem+json"
        signed = client.post(url + "sign/", format="json")
        assert signed.status_code == 200 and signed.json()["signed_at"]
        assert client.post(url + "sign/", format="json").status_code == 409
        missing = client.post(url + "reply/", {"resolution": "solved"}, format="json")
        assert missing.status_code == 400 and "text" in missing.json()["errors"]
        replied = client.post(
            url + "reply/",
            {"text": "已安排疏通排水管网。", "resolution": "solved"},
            format="json",
        )
        assert replied.status_code == 200, replied.content
        assert replied.json()["status"] == Forwarding.Status.REPLIED
        assert client.post(url + "nonsense/", format="json").status_code == 404


def test_ledger_summary_and_bad_year(member_user):
    client = client_for(member_user)
    body = client.get("/api/v1/me/ledger/").json()
    assert body["year"] == 2026 and body["items"] == []
    bad = client.get("/api/v1/me/ledger/?year=１９９９")
    assert bad.status_code == 400 and "year" in bad.json()["errors"]


def test_unknown_paths_under_the_api_are_problems(client):
    response = client.get("/api/v1/nothing-here/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"


def test_a_post_to_an_unknown_path_is_a_problem_too(db):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post("/api/v1/me/notifications/x/read/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"


class TestShifts:
    def test_member_checks_in_on_the_day(self, member_user, staff_zhungeer):
        from tests.workstations.factories import (
            AssignmentFactory,
            DutyShiftFactory,
            WorkstationFactory,
        )

        member = member_user.member
        workstation = WorkstationFactory(committee=member.committee)
        AssignmentFactory(workstation=workstation, member=member)
        shift = DutyShiftFactory(
            workstation=workstation, member=member, date=datetime.date(2026, 6, 15)
        )
        other = client_for(staff_zhungeer).post(f"/api/v1/shifts/{shift.pk}/check-in/")
        assert other.status_code == 404
        client = client_for(member_user)
        response = client.post(f"/api/v1/shifts/{shift.pk}/check-in/", format="json")
        assert response.status_code == 200, response.content
        assert response.json()["shift"]["status"] == "served"
        assert "签到成功" in response.json()["message"]
        recorded = client.post(
            f"/api/v1/shifts/{shift.pk}/record/", {"visitors_count": "x"}, format="json"
        )
        assert recorded.status_code == 400 and "visitors_count" in recorded.json()["errors"]
        recorded = client.post(
            f"/api/v1/shifts/{shift.pk}/record/",
            {"visitors_count": 3, "notes": "接待三位牧民"},
            format="json",
        )
        assert recorded.status_code == 200, recorded.content
        assert recorded.json()["shift"]["visitors_count"] == 3


class TestMemberItems:
    def test_draft_then_submit(self, member_user, category):
        client = client_for(member_user)
        body = {
            "title": "牧区饮水工程维护",
            "category": category.pk,
            "content": "部分嘎查饮水工程无人维护。",
            "analysis": "",
            "suggestion": "",
        }
        draft = client.post("/api/v1/me/opinions/", body, format="json")
        assert draft.status_code == 201, draft.content
        assert draft.json()["status"] == Status.DRAFT
        pk = draft.json()["id"]
        refused = client.post(f"/api/v1/me/opinions/{pk}/submit/")
        assert refused.status_code == 400 and "suggestion" in refused.json()["errors"]
        bad = client.post("/api/v1/me/opinions/", {**body, "category": "x"}, format="json")
        assert bad.status_code == 400 and "category" in bad.json()["errors"]
        done = client.post(
            "/api/v1/me/opinions/",
            {**body, "suggestion": "明确管护责任。", "action": "submit"},
            format="json",
        )
        assert done.status_code == 201 and done.json()["status"] == Status.SUBMITTED
        assert done.json()["tracking_code"]


@pytest.mark.parametrize(
    ("url", "field"),
    [
        ("/api/v1/me/opinions/", "co_authors"),
        ("/api/v1/me/activities/", "co_members"),
        ("/api/v1/me/activities/", "opinions"),
    ],
)
def test_an_id_too_large_for_any_column_is_an_invalid_choice(member_user, url, field):
    response = client_for(member_user).post(
        url, {field: [2345, 10**20], "title": "x"}, format="json"
    )
    assert response.status_code == 400
    assert field in response.json()["errors"]
