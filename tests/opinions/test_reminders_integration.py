"""A real Celery worker on the real broker runs the review reminder and the outbox delivery it
enqueues after commit: the handler finds the reminder in the bell and in the mail; a second run
sends nothing more.

Runs only when REDIS_URL is set (``.ci/run`` does that for the PostgreSQL + Redis pass); it is
excluded from the default run by the ``integration`` marker."""

import datetime
import os

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from notifications.models import Notification, OutboxMessage
from opinions.tasks import review_reminders_task
from tests.conftest import TZ
from tests.utils import real_celery_worker, task_run, wait_until

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL (a real broker)"),
]


def test_worker_sends_the_review_reminder_once(
    transactional_db, make_public, dalate, staff_dalate, client
):
    staff_dalate.email = "staff.dalate@example.org"
    staff_dalate.save()
    with time_machine.travel(datetime.datetime(2026, 6, 15, 10, 0, tzinfo=TZ), tick=False):
        opinion, _key = make_public(dalate, title="旗区公厕改造")
    reminder = OutboxMessage.objects.filter(cause__startswith="review-late:")
    # Wednesday 24 June: the deadline (Monday 22, no holidays entered) has passed.
    with (
        time_machine.travel(datetime.datetime(2026, 6, 24, 9, 0, tzinfo=TZ), tick=True),
        real_celery_worker(),
    ):
        assert task_run(review_reminders_task) == "SUCCESS"
        # The notice and its e-mail, each delivered by its own task the worker enqueued.
        sent = reminder.filter(status=OutboxMessage.Status.SENT)
        assert wait_until(lambda: sent.count() == 2, 30), list(
            reminder.values_list("channel", "status", "last_error")
        )
        assert task_run(review_reminders_task) == "SUCCESS"  # nothing more to send

    assert sorted(reminder.values_list("channel", "status")) == [
        ("email", "sent"),
        ("in_app", "sent"),
    ]
    notice = Notification.objects.get(user=staff_dalate, source__startswith="review-late:")
    assert "超过审核期限" in notice.text and notice.link == f"/opinions/desk/{opinion.pk}/"
    assert [m.to for m in mail.outbox if "超过审核期限" in m.subject] == [
        ["staff.dalate@example.org"]
    ]
    client.force_login(staff_dalate)
    assert "旗区公厕改造" in client.get(reverse("notifications:list")).content.decode()
