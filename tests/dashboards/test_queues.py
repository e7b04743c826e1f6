"""Each role's work queues: every tile's number is the length of the list its link opens.

A world of records in every state in two committees (达拉特旗, 准格尔旗) plus the municipal one;
for each role's landing page, each tile's link is followed with the test client and the list's
total (its paginator's count) compared with the tile. Pinned figures make sure the comparison is
not between two empty lists, and the department's five queues are checked to be disjoint."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from consultations.models import Observer
from liaison.models import Activity
from notifications.models import Notification
from opinions import selectors as opinion_selectors
from opinions.models import Bulletin, Forwarding, Status
from tests.consultations.factories import ConsultationFactory, InvitationFactory
from tests.members.factories import MemberUserFactory
from tests.opinions.factories import DepartmentFactory, OpinionFactory
from tests.utils import queries_for
from tests.workstations.factories import ActivityFactory, DutyShiftFactory, WorkstationFactory
from workstations.models import ShiftSwap

DAY = datetime.timedelta(days=1)


def _opinions(committee, member):
    now = timezone.now()
    for _ in range(3):
        OpinionFactory(committee=committee)  # 待审核
    for _ in range(2):  # 超期未审 (and 待审核)
        OpinionFactory(committee=committee, status=Status.UNDER_REVIEW, review_due_at=now - DAY)
    OpinionFactory(committee=committee, is_spam=True)  # 疑似垃圾
    OpinionFactory(committee=committee, status=Status.NOT_ADOPTED, is_spam=True)  # decided
    for _ in range(2):
        OpinionFactory(committee=committee, status=Status.ADOPTED)  # 待编发
    OpinionFactory(committee=committee, status=Status.DRAFT, author=member, tracking_code=None)
    OpinionFactory(committee=committee, status=Status.RETURNED, author=member)
    OpinionFactory(committee=committee, status=Status.CLOSED, author=member)


def _forwardings(committee, department):
    today = timezone.localdate()
    rows = [
        ("new", today + 20 * DAY),  # 待签收
        ("new", today + 2 * DAY),  # 待签收 (not "due soon": not signed yet)
        ("new", today - DAY),  # 已超期
        ("signed", today + 20 * DAY),  # 办理中
        ("rejected", today + 25 * DAY),  # 办理中
        ("signed", today + 3 * DAY),  # 即将到期
        ("signed", today),  # 即将到期 (due today)
        ("signed", today - 2 * DAY),  # 已超期
        ("return_requested", today - DAY),  # 退回申请中 (and the office's 退回申请)
        ("replied", today + 5 * DAY),  # the office's 答复待审核
        ("replied", today - 5 * DAY),
        ("accepted", today - 9 * DAY),
    ]
    for status, due in rows:
        Forwarding.objects.create(
            opinion=OpinionFactory(committee=committee, status=Status.FORWARDED),
            department=department,
            role=Forwarding.Role.LEAD,
            status=status,
            due_date=due,
        )


def _member_work(committee, member, colleague):
    today = timezone.localdate()
    workstation = WorkstationFactory(committee=committee)
    DutyShiftFactory(workstation=workstation, member=member, date=today + 3 * DAY)
    DutyShiftFactory(workstation=workstation, member=member, date=today + 10 * DAY)
    DutyShiftFactory(workstation=workstation, member=member, date=today - 3 * DAY)
    swapped = DutyShiftFactory(workstation=workstation, member=member, date=today + 17 * DAY)
    ShiftSwap.objects.create(shift=swapped, from_member=member, to_member=colleague, reason="出差")
    ActivityFactory(reporter=member, status=Activity.Status.DRAFT)
    ActivityFactory(reporter=member, status=Activity.Status.RETURNED)
    ActivityFactory(reporter=member, status=Activity.Status.SUBMITTED)
    ActivityFactory(reporter=colleague, status=Activity.Status.SUBMITTED)
    ActivityFactory(reporter=colleague, status=Activity.Status.CONFIRMED)
    # 协商邀请待回复: two unanswered invitations to events ahead (not one answered, not one past)
    for days, rsvp in ((2, "pending"), (9, "pending"), (4, "accepted"), (-5, "pending")):
        InvitationFactory(
            member=member,
            rsvp=rsvp,
            consultation=ConsultationFactory(
                committee=committee,
                starts_at=timezone.now() + days * DAY,
                ends_at=timezone.now() + days * DAY + datetime.timedelta(hours=2),
            ),
        )
    # 旁听待审核活动: two events with registrations to approve (one has two), one without
    for statuses in (("pending", "pending", "confirmed"), ("pending",), ("confirmed",)):
        event = ConsultationFactory(committee=committee, needs_approval=True)
        for n, status in enumerate(statuses):
            Observer.objects.create(
                consultation=event,
                name="群众",
                phone=f"1390000{n:04d}",
                status=status,
                consent_at=timezone.now(),
            )
    Bulletin.objects.create(committee=committee, year=today.year)  # 编辑中: not waiting
    Bulletin.objects.create(committee=committee, year=today.year, status=Bulletin.Status.COMPILED)


@pytest.fixture
def world(make_user, municipal, dalate, zhungeer, member_user):
    users = {}
    for key, committee in (("dalate", dalate), ("zhungeer", zhungeer), ("ordos", municipal)):
        member = member_user.member if key == "dalate" else MemberUserFactory(committee=committee)
        colleague = MemberUserFactory(committee=committee)
        department = DepartmentFactory(committee=committee)
        _opinions(committee, member)
        _forwardings(committee, department)
        _member_work(committee, member, colleague)
        users[f"staff_{key}"] = make_user(User.Role.STAFF, committee)
        users[f"dept_{key}"] = make_user(User.Role.DEPARTMENT, committee, department=department)
        users[f"member_{key}"] = member.user
        users[f"leader_{key}"] = make_user(User.Role.LEADER, committee)
    Notification.objects.create(user=member_user, text="您的建言已退回修改。")
    Notification.objects.create(user=member_user, text="已读的通知", read_at=timezone.now())
    return users


def _tiles(client, user, url_name):
    client.force_login(user)
    response = client.get(reverse(url_name))
    assert response.status_code == 200
    return {tile.key: tile for tile in response.context["tiles"]}


def _list_total(client, url) -> int:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.context["page_obj"].paginator.count


def _check_tiles_match_lists(client, tiles):
    for tile in tiles.values():
        if tile.url is None or tile.count is None:
            continue
        assert _list_total(client, tile.url) == tile.count, (tile.key, tile.url)


OFFICE_EXPECTED = {
    "review": 5,
    "review_overdue": 2,
    "spam": 1,
    "replies": 2,
    "returns": 1,
    "compile": 2,
    "to_sign": 1,
    "activities": 2,
    "swaps": 1,
    "forwardings_overdue": 3,
    "observers_pending": 2,
    "lectures_new": 0,
    "lectures_overdue": 0,
}


@pytest.mark.parametrize("committee", ["dalate", "zhungeer"])
def test_office_tiles_equal_their_lists(client, world, committee):
    tiles = _tiles(client, world[f"staff_{committee}"], "dashboards:office")
    assert {key: tile.count for key, tile in tiles.items()} == OFFICE_EXPECTED
    _check_tiles_match_lists(client, tiles)
    page = client.get(reverse("dashboards:office")).content.decode()
    for tile in tiles.values():
        assert f'href="{tile.url}"' in page


def test_municipal_office_tiles_equal_their_lists(client, world):
    """A municipal user acts on municipal items: the review queues are theirs; the lists that
    show every committee (the activity desk, swaps, overdue forwardings) count all of them."""
    tiles = _tiles(client, world["staff_ordos"], "dashboards:office")
    assert tiles["review"].count == 5
    assert tiles["replies"].count == 2
    assert tiles["activities"].count == 6
    _check_tiles_match_lists(client, tiles)


DEPARTMENT_EXPECTED = {"new": 2, "handling": 2, "due_soon": 2, "overdue": 2, "return": 1}


@pytest.mark.parametrize("committee", ["dalate", "zhungeer"])
def test_department_tiles_are_disjoint_and_equal_their_lists(client, world, committee):
    user = world[f"dept_{committee}"]
    tiles = _tiles(client, user, "dashboards:department")
    assert {key: tile.count for key, tile in tiles.items()} == DEPARTMENT_EXPECTED
    _check_tiles_match_lists(client, tiles)
    seen: set[int] = set()
    for queue in opinion_selectors.DEPARTMENT_QUEUES:
        ids = set(
            opinion_selectors.department_queue(user=user, queue=queue).values_list("pk", flat=True)
        )
        assert not ids & seen, queue
        seen |= ids
    open_ids = Forwarding.objects.filter(
        department=user.department, status__in=Forwarding.OPEN_STATUSES
    ).values_list("pk", flat=True)
    assert seen == set(open_ids)  # together they are every open forwarding


@pytest.mark.parametrize("committee", ["dalate", "zhungeer"])
def test_member_tiles_equal_their_lists(client, world, committee):
    tiles = _tiles(client, world[f"member_{committee}"], "dashboards:member")
    counts = {key: tile.count for key, tile in tiles.items() if tile.count is not None}
    assert counts == {
        "shifts": 3,
        "invitations": 2,
        "items_todo": 2,
        "activities_todo": 2,
        "activities_submitted": 1,
        "notices": 1 if committee == "dalate" else 0,
    }
    _check_tiles_match_lists(client, tiles)
    response = client.get(reverse("dashboards:member"))
    assert response.context["next_shift"].date == timezone.localdate() + 3 * DAY


@pytest.mark.parametrize("committee", ["dalate", "ordos"])
def test_leader_tiles_equal_their_lists(client, world, committee):
    """A leader signs off their own committee's issues (a municipal leader: the municipal ones)."""
    tiles = _tiles(client, world[f"leader_{committee}"], "dashboards:leader")
    assert {key: tile.count for key, tile in tiles.items()} == {"to_sign": 1}
    _check_tiles_match_lists(client, tiles)


def test_activity_desk_opens_on_activities_waiting(client, world):
    client.force_login(world["staff_dalate"])
    default = client.get(reverse("liaison:activity_desk"))
    assert {a.status for a in default.context["activities"]} == {Activity.Status.SUBMITTED}
    everything = client.get(reverse("liaison:activity_desk") + "?status=")
    assert (
        everything.context["page_obj"].paginator.count > default.context["page_obj"].paginator.count
    )


def test_desk_queue_shows_only_the_queue(client, world):
    client.force_login(world["staff_dalate"])
    response = client.get(reverse("opinions:inbox") + "?queue=spam")
    assert [o.is_spam for o in response.context["opinions"]] == [True]


@pytest.mark.parametrize(
    ("url_name", "kwargs"),
    [("dashboards:office", {}), ("dashboards:department", {}), ("dashboards:member", {})],
)
def test_landing_pages_query_count_does_not_grow(
    client, world, django_assert_max_num_queries, url_name, kwargs
):
    user = {
        "dashboards:office": world["staff_dalate"],
        "dashboards:department": world["dept_dalate"],
        "dashboards:member": world["member_dalate"],
    }[url_name]
    client.force_login(user)
    with django_assert_max_num_queries(30):
        assert client.get(reverse(url_name, kwargs=kwargs)).status_code == 200


@pytest.mark.parametrize("queue", ["replies", "returns"])
def test_forwarding_queue_query_count_is_constant(client, world, queue):
    """The office's forwarding lists: the same queries for 2 rows as for 30."""
    user = world["staff_dalate"]
    url = reverse("opinions:forwarding_queue", kwargs={"queue": queue})
    client.force_login(user)
    small, _ = queries_for(client, url)
    status = "replied" if queue == "replies" else "return_requested"
    department = Forwarding.objects.filter(opinion__committee=user.committee).first().department
    for _ in range(28):
        Forwarding.objects.create(
            opinion=OpinionFactory(committee=user.committee, status=Status.FORWARDED),
            department=department,
            role=Forwarding.Role.LEAD,
            status=status,
            due_date=timezone.localdate(),
        )
    large, sql = queries_for(client, url)
    assert small == large, "\n".join(sql)


def test_unknown_forwarding_queue_is_a_404(client, world):
    client.force_login(world["staff_dalate"])
    url = reverse("opinions:forwarding_queue", kwargs={"queue": "nothing"})
    assert client.get(url).status_code == 404
