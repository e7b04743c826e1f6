"""Members with no liaison activity in 30 days (liaison.reminders, the monthly beat task): the
member is nudged and their committee's staff get one list, once a month, on working days, each
committee's to its own staff only; the notices reach the bell and the console mail."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from liaison import tasks
from liaison.models import Activity
from members.models import Member
from notifications.models import NoticeKind, Notification
from tests.conftest import TZ
from tests.members.factories import MemberFactory, MemberUserFactory
from tests.workstations.factories import ActivityFactory

pytestmark = pytest.mark.django_db


def at(day: datetime.date, hour: int = 9):
    return time_machine.travel(datetime.datetime.combine(day, datetime.time(hour), TZ), tick=False)


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    def go(day: datetime.date):
        with at(day), django_capture_on_commit_callbacks(execute=True):
            tasks.inactive_members_reminder_task.delay()

    return go


@pytest.fixture
def people(dalate, zhungeer, staff_dalate, staff_zhungeer):
    """达拉特旗 members in post since April, and one of 准格尔旗."""
    with at(datetime.date(2026, 4, 1)):
        m = {
            "idle": MemberUserFactory(committee=dalate, name="甲委员", user__email="a@example.org"),
            "reporter": MemberUserFactory(committee=dalate, name="乙委员"),
            "no_account": MemberFactory(committee=dalate, name="丙委员"),
            "attended": MemberUserFactory(committee=dalate, name="丁委员"),
            "draft_only": MemberUserFactory(committee=dalate, name="戊委员"),
            "suspended": MemberUserFactory(
                committee=dalate, name="己委员", status=Member.Status.SUSPENDED
            ),
            "other_banner": MemberUserFactory(committee=zhungeer, name="庚委员"),
        }
    with at(datetime.date(2026, 6, 20)):
        m["new"] = MemberUserFactory(committee=dalate, name="辛委员")
    with at(datetime.date(2026, 6, 25)):
        ActivityFactory(reporter=m["reporter"], occurred_on=datetime.date(2026, 6, 2))
        ActivityFactory(
            reporter=MemberFactory(committee=dalate, name="外委员", status=Member.Status.LEFT),
            occurred_on=datetime.date(2026, 6, 1),  # 30 days before 1 July: still counts
            participants=[m["attended"]],
        )
        ActivityFactory(
            reporter=m["draft_only"],
            occurred_on=datetime.date(2026, 6, 20),
            status=Activity.Status.DRAFT,
        )
    return m


def nudged(people) -> set[str]:
    users = Notification.objects.filter(source__startswith="inactive:").values_list(
        "user_id", flat=True
    )
    return {key for key, member in people.items() if member.user_id in set(users)}


def test_nudges_and_one_list_per_committee(run, people, staff_dalate, staff_zhungeer, client):
    run(datetime.date(2026, 7, 1))
    assert nudged(people) == {"idle", "draft_only", "other_banner"}
    (listed,) = Notification.objects.filter(user=staff_dalate)
    assert listed.kind == NoticeKind.ACTIVITY
    assert listed.text.startswith("2026-07：3 位委员 30 天内没有履职活动")
    assert "丙委员、甲委员、戊委员" in listed.text  # in pinyin order (ADR 0014)
    for name in ("乙委员", "丁委员", "己委员", "庚委员", "辛委员"):
        assert name not in listed.text
    (other,) = Notification.objects.filter(user=staff_zhungeer)
    assert "庚委员" in other.text and "甲委员" not in other.text
    # the console mail and the bell
    assert [m.to for m in mail.outbox if "履职活动" in m.subject] == [["a@example.org"]]
    client.force_login(people["idle"].user)
    assert "没有填报履职活动" in client.get(reverse("notifications:list")).content.decode()


def test_once_a_month_and_again_the_next(run, people, staff_dalate):
    run(datetime.date(2026, 7, 1))
    count = Notification.objects.count()
    run(datetime.date(2026, 7, 1))
    run(datetime.date(2026, 7, 15))
    assert Notification.objects.count() == count
    run(datetime.date(2026, 8, 1))  # a Saturday: nothing on a day off
    assert Notification.objects.count() == count
    run(datetime.date(2026, 8, 3))
    assert Notification.objects.filter(user=staff_dalate).count() == 2
    assert Notification.objects.filter(user=people["idle"].user).count() == 2
    # the new member has been in post 30 days by August, and is listed then
    assert "辛委员" in Notification.objects.filter(user=staff_dalate).first().text
