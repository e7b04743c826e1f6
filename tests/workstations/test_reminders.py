"""The duty-shift reminder (workstations.tasks.duty_shift_reminder_task, 17:00 the day before):
the member on duty only, once per shift and day whatever runs twice, again when the shift moves
to another day; in the bell and by e-mail. Shifts are held at weekends too, so this reminder
does not skip days off."""

import datetime

import pytest
import time_machine
from django.core import mail

from notifications.models import NoticeKind, Notification
from tests.conftest import TZ
from tests.workstations.factories import DutyShiftFactory
from workstations import tasks
from workstations.models import DutyShift

pytestmark = pytest.mark.django_db


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    def go(day: datetime.date):
        moment = datetime.datetime.combine(day, datetime.time(17), TZ)
        with (
            time_machine.travel(moment, tick=False),
            django_capture_on_commit_callbacks(execute=True),
        ):
            tasks.duty_shift_reminder_task.delay()

    return go


def test_once_per_shift_and_day_and_again_when_it_moves(run, workstation, duty_members):
    member = duty_members[0]
    member.user.email = "jia@example.org"
    member.user.save()
    saturday = datetime.date(2026, 6, 20)  # 端午 weekend or not, a shift is a shift
    shift = DutyShiftFactory(workstation=workstation, member=member, date=saturday)
    run(datetime.date(2026, 6, 19))
    run(datetime.date(2026, 6, 19))
    (notice,) = Notification.objects.filter(user=member.user)
    assert notice.kind == NoticeKind.DUTY and notice.link == f"/workstations/shifts/{shift.pk}/"
    assert not Notification.objects.exclude(user=member.user).exists()
    assert [m.to for m in mail.outbox] == [["jia@example.org"]]

    DutyShift.objects.filter(pk=shift.pk).update(date=datetime.date(2026, 6, 27))
    run(datetime.date(2026, 6, 26))
    assert Notification.objects.filter(user=member.user).count() == 2
    assert len(mail.outbox) == 2
