"""The 超时未接单 reminder: the office of the order's own committee, once per dispatch."""

from __future__ import annotations

import datetime

import pytest
import time_machine

from accounts.models import User
from lectures import services
from lectures.tasks import lecture_reminder_task
from notifications.models import OutboxMessage
from tests.lectures.factories import placed_order

pytestmark = pytest.mark.usefixtures("frozen_now")
LATER = datetime.datetime(2026, 6, 18, 10, 1, tzinfo=datetime.UTC)


def _notices(user):
    return OutboxMessage.objects.filter(
        recipient=f"user:{user.pk}", cause__startswith="lecture-overdue:"
    )


def test_the_office_is_reminded_once_after_three_days(
    offering, lecturer, colleague, staff_dalate, staff_zhungeer, make_user, dalate
):
    other_staff = make_user(User.Role.STAFF, dalate, username="staff_dalate_2")
    order, _ = placed_order(offering)
    services.order_dispatch(order=order, by=staff_dalate, member=lecturer)
    assert services.lecture_reminders_send() == 0  # not three days yet
    with time_machine.travel(LATER):
        assert services.lecture_reminders_send() == 1
        assert services.lecture_reminders_send() == 0  # once
        lecture_reminder_task()  # the beat task: nothing new
    assert _notices(staff_dalate).count() == 1
    assert _notices(other_staff).count() == 1
    assert "超时未接单" in _notices(staff_dalate).get().body
    # scope: another 旗区's office and the members are not told
    assert not _notices(staff_zhungeer).exists()
    assert not _notices(lecturer.user).exists()
    assert not _notices(colleague.user).exists()


def test_an_accepted_order_is_not_reminded(offering, lecturer, staff_dalate):
    order, _ = placed_order(offering)
    services.order_dispatch(order=order, by=staff_dalate, member=lecturer)
    services.order_accept(order=order, by=lecturer.user)
    with time_machine.travel(LATER):
        assert services.lecture_reminders_send() == 0


def test_a_redispatched_order_and_the_next_order_are_reminded_again(
    offering, lecturer, colleague, staff_dalate
):
    order, _ = placed_order(offering)
    services.order_dispatch(order=order, by=staff_dalate, member=lecturer)
    with time_machine.travel(LATER):
        assert services.lecture_reminders_send() == 1
        services.order_dispatch(order=order, by=staff_dalate, member=colleague)
        second, _ = placed_order(offering)
        services.order_dispatch(order=second, by=staff_dalate, member=lecturer)
    with time_machine.travel(LATER + datetime.timedelta(days=3, minutes=1)):
        # both the re-dispatched order and the next one wait again: one digest notice
        assert services.lecture_reminders_send() == 2
    notices = _notices(staff_dalate)
    assert notices.count() == 2
    assert "2 个讲堂订单" in notices.order_by("-pk").first().body
