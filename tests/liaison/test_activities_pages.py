"""Activity pages: who may, who may not, and constant query counts."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from liaison import services as activity_services
from liaison.models import Activity
from org.models import Sector
from tests.members.factories import MemberFactory, MemberUserFactory
from tests.utils import queries_for, unlabelled_controls
from tests.workstations.factories import ActivityFactory, WorkstationFactory

pytestmark = pytest.mark.usefixtures("frozen_now")
MAX_QUERIES = 14


@pytest.fixture
def people(make_user, member_user, staff_dalate, staff_zhungeer, leader):
    return {
        "anonymous": None,
        "citizen": make_user(User.Role.CITIZEN, None, username="citizen_a"),
        "member": member_user,
        "staff": staff_dalate,
        "staff_other": staff_zhungeer,
        "leader": leader,
    }


def _status(client, user, url, method="get"):
    client.logout()
    if user is not None:
        client.force_login(user)
    return getattr(client, method)(url).status_code


PAGES = {
    # name: {role: expected}
    "liaison:activity_mine": {
        "anonymous": 302,
        "citizen": 403,
        "member": 200,
        "staff": 403,
        "leader": 403,
    },
    "liaison:activity_new": {"anonymous": 302, "citizen": 403, "member": 200, "staff": 403},
    "liaison:activity_desk": {
        "anonymous": 302,
        "citizen": 403,
        "member": 403,
        "staff": 200,
        "leader": 403,
    },
    "liaison:activity_organise": {"anonymous": 302, "member": 403, "staff": 200},
    "liaison:activity_feed": {"anonymous": 200, "citizen": 200, "member": 200, "staff": 200},
}


@pytest.mark.parametrize("name", PAGES)
def test_activity_pages_permissions(client, people, name):
    for role, expected in PAGES[name].items():
        assert _status(client, people[role], reverse(name)) == expected, (name, role)


def test_activity_detail_scope(client, people, dalate):
    activity = ActivityFactory(reporter=MemberFactory(committee=dalate))
    url = reverse("liaison:activity_detail", args=[activity.pk])
    assert _status(client, people["anonymous"], url) == 302
    assert _status(client, people["citizen"], url) == 403  # the wrong role, whatever the record
    assert _status(client, people["member"], url) == 404  # not theirs
    assert _status(client, people["staff_other"], url) == 404
    assert _status(client, people["staff"], url) == 200
    assert _status(client, people["leader"], url) == 200  # municipal leader sees all


def test_participant_sees_a_submitted_activity_but_cannot_edit(client, dalate, member_user):
    activity = ActivityFactory(
        reporter=MemberFactory(committee=dalate), participants=[member_user.member]
    )
    client.force_login(member_user)
    assert client.get(reverse("liaison:activity_detail", args=[activity.pk])).status_code == 200
    assert client.get(reverse("liaison:activity_edit", args=[activity.pk])).status_code == 404


def test_staff_confirm_through_the_page(client, staff_dalate, dalate):
    activity = ActivityFactory(reporter=MemberUserFactory(committee=dalate))
    client.force_login(staff_dalate)
    body = client.get(reverse("liaison:activity_detail", args=[activity.pk])).content.decode()
    assert "确认活动" in body and unlabelled_controls(body) == []
    response = client.post(
        reverse("liaison:activity_action", args=[activity.pk, "return"]), {"return-reason": ""}
    )
    assert response.status_code == 400
    response = client.post(
        reverse("liaison:activity_action", args=[activity.pk, "confirm"]),
        {"confirm-comment": "属实"},
    )
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.status == "confirmed"


def _activities(committee, n, *, reporter=None, staff=None):
    workstation = WorkstationFactory(committee=committee)
    for i in range(n):
        member = reporter or MemberFactory(committee=committee)
        activity = ActivityFactory(
            reporter=member,
            participants=MemberFactory.create_batch(2, committee=committee),
            workstation=workstation,
            occurred_on=datetime.date(2026, 6, 1 + i % 10),
        )
        if staff is not None and i % 2:
            activity_services.activity_confirm(activity=activity, by=staff)


def test_desk_query_count_constant(client, staff_dalate, dalate):
    client.force_login(staff_dalate)
    url = reverse("liaison:activity_desk")
    _activities(dalate, 2)
    small, _ = queries_for(client, url)
    _activities(dalate, 30)
    large, sql = queries_for(client, url)
    assert small == large, "\n".join(sql)
    assert large <= MAX_QUERIES
    filtered, _ = queries_for(
        client,
        url,
        {"sector": "教育", "type": "survey", "date_from": "2026-06-01", "status": "submitted"},
    )
    assert filtered <= large + 1


def test_my_activities_and_detail_query_count_constant(client, dalate, staff_dalate):
    member = MemberUserFactory(committee=dalate)
    client.force_login(member.user)
    url = reverse("liaison:activity_mine")
    _activities(dalate, 1, reporter=member)
    small, _ = queries_for(client, url)
    _activities(dalate, 25, reporter=member, staff=staff_dalate)
    large, sql = queries_for(client, url)
    assert small == large, "\n".join(sql)
    one = ActivityFactory(reporter=member)
    detail = reverse("liaison:activity_detail", args=[one.pk])
    small, _ = queries_for(client, detail)
    for m in MemberFactory.create_batch(10, committee=dalate):
        one.participants.create(member=m)
    large, sql = queries_for(client, detail)
    assert small == large, "\n".join(sql)


def test_feed_query_count_constant(client, dalate, staff_dalate):
    url = reverse("liaison:activity_feed")

    def publish(n):
        for _ in range(n):
            activity = ActivityFactory(reporter=MemberFactory(committee=dalate))
            activity_services.activity_confirm(activity=activity, by=staff_dalate)
            activity_services.activity_set_public(activity=activity, by=staff_dalate, public=True)

    publish(1)
    small, _ = queries_for(client, url)
    publish(15)
    large, sql = queries_for(client, url)
    assert small == large, "\n".join(sql)


def test_lists_count_participants_for_the_page_rows_only(client, dalate, staff_dalate):
    """Paginate first, then count: the list's count and its LIMIT involve no participant row; each
    row shown still carries its own number of members (0 for an activity nobody joined)."""
    member = MemberUserFactory(committee=dalate)
    others = MemberFactory.create_batch(4, committee=dalate)
    expected = {}
    for i in range(25):  # more than a page (20)
        activity = ActivityFactory(
            reporter=member,
            participants=others[: i % 5],
            occurred_on=datetime.date(2026, 5, 1) + datetime.timedelta(days=i),
        )
        expected[activity.pk] = 1 + i % 5  # the reporter is one of them
    group = ActivityFactory(reporter=None, committee=dalate, occurred_on=datetime.date(2026, 6, 1))
    expected[group.pk] = 0
    for user, url, joins in (
        (staff_dalate, reverse("liaison:activity_desk"), 0),
        (member.user, reverse("liaison:activity_mine"), 1),  # "took part in" is a filter
    ):
        client.force_login(user)
        for page in ("1", "2"):
            with CaptureQueriesContext(connection) as ctx:
                response = client.get(url, {"page": page})
            rows = list(response.context["activities"])
            assert rows and {a.pk: a.participant_count for a in rows} == {
                a.pk: expected[a.pk] for a in rows
            }
            on_activities = [
                q["sql"] for q in ctx.captured_queries if "liaison_activity" in q["sql"]
            ]
            (count,) = [sql for sql in on_activities if sql.startswith("SELECT COUNT(*)")]
            assert count.count("liaison_activityparticipant") == joins
            assert not any("GROUP BY" in sql for sql in on_activities)
    client.force_login(staff_dalate)
    body = client.get(reverse("liaison:activity_desk")).content.decode()
    assert "0 人" in body and "5 人" in body


def test_my_activities_are_mine_and_the_submitted_ones_i_took_part_in(client, dalate):
    me = MemberUserFactory(committee=dalate)
    colleague = MemberFactory(committee=dalate)
    own_draft = ActivityFactory(reporter=me, status=Activity.Status.DRAFT)
    own = ActivityFactory(reporter=me)
    joined = ActivityFactory(reporter=colleague, participants=[me])
    joined_draft = ActivityFactory(reporter=colleague, participants=[me], status="draft")
    ActivityFactory(reporter=colleague)  # not mine
    client.force_login(me.user)
    shown = {a.pk for a in client.get(reverse("liaison:activity_mine")).context["activities"]}
    assert shown == {own_draft.pk, own.pk, joined.pk}
    assert joined_draft.pk not in shown


def test_sector_filter_finds_activities_of_that_sectors_members_in_any_committee(
    client, staff_municipal, dalate, municipal
):
    """The 界别 is a name each committee's sectors share: the activities a member of any of them
    took part in, whatever else the activity had; a list filtered so is counted no further
    than the search cap (each activity's participants are probed)."""

    def member_of(committee, sector_name):
        sector = Sector.objects.get(committee=committee, name=sector_name)
        return MemberFactory(committee=committee, sector=sector)

    in_dalate = ActivityFactory(
        reporter=MemberFactory(committee=dalate),
        participants=[member_of(dalate, "教育"), member_of(dalate, "经济")],
    )
    in_city = ActivityFactory(
        reporter=MemberFactory(committee=municipal),
        participants=[member_of(municipal, "教育")],
    )
    ActivityFactory(
        reporter=MemberFactory(committee=dalate), participants=[member_of(dalate, "经济")]
    )
    ActivityFactory(reporter=MemberFactory(committee=dalate), participants=[])
    client.force_login(staff_municipal)
    url = reverse("liaison:activity_desk")
    response = client.get(url, {"sector": "教育", "status": ""})
    assert response.status_code == 200
    assert {a.pk for a in response.context["activities"]} == {in_dalate.pk, in_city.pk}
    assert response.context["paginator"].cap == 500
    assert client.get(url, {"status": ""}).context["paginator"].cap == 10_000
