"""On the day: check-in (idempotent, becomes an activity and points), visitors, matters raised,
swaps, absences and the reminder task."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation

from ledger.models import LedgerEntry, MemberYearScore
from liaison.models import Activity
from notifications.models import Notification
from opinions.models import Channel, Opinion
from tests.workstations.factories import DutyShiftFactory
from workstations import services, tasks
from workstations.models import DutyShift, ShiftEvent, ShiftSwap
from workstations.services import ShiftError

pytestmark = pytest.mark.usefixtures("frozen_now")  # 2026-06-15
TODAY = datetime.date(2026, 6, 15)


@pytest.fixture
def shift(workstation, duty_members):
    return DutyShiftFactory(workstation=workstation, member=duty_members[0], date=TODAY)


def test_check_in_twice_gives_one_activity_and_points_once(shift):
    user = shift.member.user
    services.shift_check_in(shift=shift, by=user)
    services.shift_check_in(shift=shift, by=user)
    shift.refresh_from_db()
    assert shift.status == DutyShift.Status.SERVED
    assert Activity.objects.filter(shift=shift).count() == 1
    activity = Activity.objects.get(shift=shift)
    assert activity.status == Activity.Status.CONFIRMED
    assert activity.type == "duty"
    entries = LedgerEntry.objects.filter(member=shift.member)
    assert entries.count() == 1 and entries.get().item == "duty_shift"
    assert MemberYearScore.objects.get(member=shift.member, year=2026).total == 3
    assert ShiftEvent.objects.filter(shift=shift, kind="checked_in").count() == 1


def test_check_in_posted_twice_through_the_page(client, shift):
    client.force_login(shift.member.user)
    url = reverse("workstations:shift_action", args=[shift.pk, "check-in"])
    assert client.post(url).status_code == 302
    response = client.post(url, follow=True)
    assert "您已签到过了" in response.content.decode()
    assert Activity.objects.filter(shift=shift).count() == 1
    assert LedgerEntry.objects.filter(member=shift.member).count() == 1


def test_cannot_check_in_before_the_day_or_for_someone_else(workstation, duty_members):
    future = DutyShiftFactory(
        workstation=workstation, member=duty_members[0], date=TODAY + datetime.timedelta(days=2)
    )
    with pytest.raises(ShiftError):
        services.shift_check_in(shift=future, by=duty_members[0].user)
    with pytest.raises(PermissionDenied):
        services.shift_check_in(shift=future, by=duty_members[1].user)
    assert not Activity.objects.exists()


def test_record_visitors_and_raise_a_matter(shift):
    user = shift.member.user
    with pytest.raises(ShiftError):  # not checked in yet
        services.shift_record(shift=shift, by=user, visitors_count=3, notes="")
    services.shift_check_in(shift=shift, by=user)
    services.shift_record(shift=shift, by=user, visitors_count=7, notes="接待群众7人")
    opinion = services.shift_raise_matter(
        shift=shift,
        by=user,
        title="小区路灯损坏",
        content="林原村主干道路灯损坏三个月未修。",
        submitter_name="李某",
    )
    assert opinion.channel == Channel.DUTY
    assert opinion.author == shift.member
    assert opinion.status == "submitted" and opinion.tracking_code
    activity = Activity.objects.get(shift=shift)
    assert activity.people_reached == 7
    assert list(activity.opinions.all()) == [opinion]
    assert list(shift.opinions.all()) == [opinion]
    # opinion submitted: +1 on top of the shift's 3
    assert MemberYearScore.objects.get(member=shift.member, year=2026).total == 4


def test_swap_approved_moves_the_shift_and_tells_both(
    workstation, duty_members, office, django_capture_on_commit_callbacks
):
    shift = DutyShiftFactory(
        workstation=workstation, member=duty_members[0], date=TODAY + datetime.timedelta(days=3)
    )
    swap = services.swap_request(
        shift=shift, by=duty_members[0].user, to_member=duty_members[1], reason="出差"
    )
    with pytest.raises(ValidationError):  # only one pending request per shift
        services.swap_request(
            shift=shift, by=duty_members[0].user, to_member=duty_members[2], reason="出差"
        )
    with django_capture_on_commit_callbacks(execute=True):
        services.swap_approve(swap=swap, by=office, comment="同意")
    shift.refresh_from_db()
    swap.refresh_from_db()
    assert shift.member == duty_members[1]
    assert swap.status == ShiftSwap.Status.APPROVED and swap.decided_by == office
    kinds = list(ShiftEvent.objects.filter(shift=shift).values_list("kind", flat=True))
    assert kinds == ["swap_requested", "swap_approved"]
    assert Notification.objects.filter(user=duty_members[0].user).exists()
    assert Notification.objects.filter(user=duty_members[1].user).exists()
    with pytest.raises(ShiftError):  # decided already
        services.swap_reject(swap=swap, by=office)


def test_swap_rejected_keeps_the_shift(workstation, duty_members, office):
    shift = DutyShiftFactory(
        workstation=workstation, member=duty_members[0], date=TODAY + datetime.timedelta(days=3)
    )
    swap = services.swap_request(
        shift=shift, by=duty_members[0].user, to_member=duty_members[2], reason="家中有事"
    )
    services.swap_reject(swap=swap, by=office, comment="请按原计划")
    shift.refresh_from_db()
    assert shift.member == duty_members[0]
    assert ShiftSwap.objects.get().status == ShiftSwap.Status.REJECTED


def test_swap_guards(workstation, duty_members, staff_zhungeer, member_factory):
    shift = DutyShiftFactory(
        workstation=workstation, member=duty_members[0], date=TODAY + datetime.timedelta(days=3)
    )
    with pytest.raises(PermissionDenied):  # someone else's shift
        services.swap_request(
            shift=shift, by=duty_members[1].user, to_member=duty_members[2], reason="x"
        )
    with pytest.raises(ValidationError) as exc:  # not a member of this workstation
        services.swap_request(
            shift=shift,
            by=duty_members[0].user,
            to_member=member_factory(committee=workstation.committee),
            reason="x",
        )
    assert "to_member" in exc.value.message_dict
    with pytest.raises(ValidationError):  # no reason
        services.swap_request(
            shift=shift, by=duty_members[0].user, to_member=duty_members[1], reason=" "
        )
    swap = services.swap_request(
        shift=shift, by=duty_members[0].user, to_member=duty_members[1], reason="出差"
    )
    with pytest.raises(PermissionDenied):  # another committee's staff
        services.swap_approve(swap=swap, by=staff_zhungeer)


def test_missed_shift_is_a_deduction_and_can_be_excused_later(workstation, duty_members, office):
    shift = DutyShiftFactory(
        workstation=workstation, member=duty_members[0], date=TODAY - datetime.timedelta(days=1)
    )
    services.shift_mark(shift=shift, by=office, status="missed", comment="未到岗")
    score = MemberYearScore.objects.get(member=duty_members[0], year=2026)
    assert score.total == -3
    services.shift_mark(shift=shift, by=office, status="excused", comment="补交请假条")
    score.refresh_from_db()
    assert score.total == 0
    assert LedgerEntry.objects.get(member=duty_members[0]).reversed_at is not None


def test_cannot_mark_an_upcoming_shift_missed(shift, office):
    with pytest.raises(ValidationError):
        services.shift_mark(shift=shift, by=office, status="missed")


def test_reminder_task_is_idempotent(workstation, duty_members, django_capture_on_commit_callbacks):
    tomorrow = TODAY + datetime.timedelta(days=1)
    DutyShiftFactory(workstation=workstation, member=duty_members[0], date=tomorrow)
    DutyShiftFactory(workstation=workstation, member=duty_members[1], date=tomorrow)
    DutyShiftFactory(
        workstation=workstation, member=duty_members[2], date=tomorrow + datetime.timedelta(days=1)
    )
    with django_capture_on_commit_callbacks(execute=True):  # notices delivered after commit
        tasks.duty_shift_reminder_task.delay()
        tasks.duty_shift_reminder_task.delay()
    notices = Notification.objects.filter(source__startswith="duty-reminder:")
    assert notices.count() == 2
    assert set(notices.values_list("user", flat=True)) == {
        duty_members[0].user_id,
        duty_members[1].user_id,
    }
    assert "值班提醒" in notices.first().text


def test_reminder_is_in_the_portal_language_whatever_the_thread_served_last(
    workstation, duty_members, django_capture_on_commit_callbacks
):
    """A worker thread that last served an English page still writes the reminder in Chinese
    (it failed the idempotency test above whenever an English request ran first on the worker)."""
    DutyShiftFactory(
        workstation=workstation, member=duty_members[0], date=TODAY + datetime.timedelta(days=1)
    )
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        tasks.duty_shift_reminder_task.delay()
    notice = Notification.objects.get(source__startswith="duty-reminder:")
    assert notice.text.startswith("值班提醒：您明天")


def test_reminder_task_is_scheduled():
    from django.conf import settings

    tasks_scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "workstations.tasks.duty_shift_reminder_task" in tasks_scheduled


def test_matter_is_an_opinion_the_desk_sees(shift, staff_dalate):
    services.shift_check_in(shift=shift, by=shift.member.user)
    services.shift_raise_matter(shift=shift, by=shift.member.user, title="反映事项", content="内容")
    assert Opinion.objects.visible_to(staff_dalate).filter(channel="duty").count() == 1
