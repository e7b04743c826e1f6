"""A real Celery worker on the real broker runs the review reminder and the outbox delivery it
enqueues after commit: the handler finds the reminder in the bell and in the mail; a second run
sends nothing more.

Runs only when REDIS_URL is set (``.ci/run`` does that for the PostgreSQL + Redis pass); it is
excluded from the default run by the ``integration`` marker."""

import datetime
import os
import threading

import pytest
import time_machine
from celery.contrib.testing.worker import start_worker
from celery.signals import task_postrun
from django.core import mail
from django.urls import reverse

from notifications.models import Notification, OutboxMessage
from notifications.tasks import outbox_deliver_task
from opinions.tasks import review_reminders_task
from ordos_liaison import celery_app
from tests.conftest import TZ
from tests.utils import reset_celery_producer_pools

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
    delivered = threading.Semaphore(0)

    def on_postrun(sender=None, state=None, **kwargs):
        if sender is not None and sender.name == outbox_deliver_task.name:
            delivered.release()

    task_postrun.connect(on_postrun, weak=False)
    # Wednesday 24 June: the deadline (Monday 22, no holidays entered) has passed.
    with time_machine.travel(datetime.datetime(2026, 6, 24, 9, 0, tzinfo=TZ), tick=True):
        celery_app.conf.task_always_eager = False
        reset_celery_producer_pools()  # fresh broker connections, whatever ran before here
        try:
            with start_worker(celery_app, perform_ping_check=False, loglevel="WARNING"):
                review_reminders_task.delay().get(timeout=30)
                for _row in range(2):  # the notice and its e-mail
                    assert delivered.acquire(timeout=30), "the outbox was not delivered"
                review_reminders_task.delay().get(timeout=30)  # nothing more to send
        finally:
            celery_app.conf.task_always_eager = True
            task_postrun.disconnect(on_postrun)

    reminder = OutboxMessage.objects.filter(cause__startswith="review-late:")
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
