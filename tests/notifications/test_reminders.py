"""Scheduled reminders are sent once per key (the thing and its period), enforced by the
database: a unique key written in the transaction of the notices, kept after the outbox rows
are purged, and a run that lost a race to another sends nothing."""

import datetime
from unittest import mock

import pytest
from django.db import transaction
from django.utils import timezone

from notifications import delivery, services
from notifications.models import NoticeKind, Notification, OutboxMessage, Reminder
from notifications.services import Due

pytestmark = pytest.mark.django_db


def send(users, key="thing:1:202606", **extra):
    due = Due(key=key, users=users, text="请处理", link="/x/", **extra)
    return services.reminders_send(due=[due], kind=NoticeKind.OTHER)


def test_once_per_key(staff_dalate, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert send([staff_dalate]) == 1
        assert send([staff_dalate]) == 0
        assert send([staff_dalate], key="thing:1:202607") == 1
    assert Notification.objects.filter(user=staff_dalate).count() == 2


def test_nobody_to_tell_is_not_recorded(staff_dalate):
    assert send([]) == 0
    assert not Reminder.objects.exists()
    assert send([staff_dalate]) == 1  # once someone can be told, they are


def test_still_once_after_the_outbox_is_purged(
    staff_dalate, settings, django_capture_on_commit_callbacks
):
    staff_dalate.email = "s@example.org"
    staff_dalate.save()
    with django_capture_on_commit_callbacks(execute=True):
        send([staff_dalate])
    long_ago = timezone.now() - datetime.timedelta(days=settings.OUTBOX_KEEP_DAYS + 1)
    OutboxMessage.objects.update(sent_at=long_ago)
    assert delivery.outbox_purge() == 2  # the notice and its e-mail
    assert send([staff_dalate]) == 0
    assert not OutboxMessage.objects.exists()


def test_a_run_that_lost_the_race_sends_nothing(staff_dalate, leader_dalate):
    """Two runs read "not sent" at the same time; the other commits its claim first. This one's
    insert hits the unique key, it asks again, and it writes no notice."""
    send([leader_dalate])  # the other run, committed
    real = services.reminders_sent
    asked = []

    def stale_then_real(*, keys):
        asked.append(set(keys))
        return {} if len(asked) == 1 else real(keys=keys)

    with (
        mock.patch.object(services, "reminders_sent", side_effect=stale_then_real),
        transaction.atomic(),
    ):
        assert send([staff_dalate]) == 0
    assert len(asked) == 2  # the unique key refused the insert, and it asked again
    assert not Notification.objects.filter(user=staff_dalate).exists()
    assert not OutboxMessage.objects.filter(user=staff_dalate).exists()
    assert Reminder.objects.count() == 1


def test_several_things_for_one_user_make_one_digest(staff_dalate, leader_dalate):
    items = [
        Due(
            key=f"late:{n}",
            users=[staff_dalate, leader_dalate][: 1 + (n == 2)],
            text=f"件{n}",
            title=f"件{n}",
        )
        for n in (1, 2)
    ]
    assert (
        services.reminders_send(
            due=items, kind=NoticeKind.REVIEW, digest=lambda told: (f"{len(told)} 件", "/list/")
        )
        == 2
    )
    (digest,) = OutboxMessage.objects.filter(user=staff_dalate)
    assert (digest.body, digest.link, digest.cause) == ("2 件", "/list/", "late:1")
    (alone,) = OutboxMessage.objects.filter(user=leader_dalate)
    assert (alone.body, alone.cause) == ("件2", "late:2")


def test_every_scheduled_job_is_a_registered_task(settings):
    """A beat entry naming a task no module registers would fail silently every day."""
    from ordos_liaison import celery_app

    celery_app.loader.import_default_modules()
    for entry in settings.CELERY_BEAT_SCHEDULE.values():
        assert entry["task"] in celery_app.tasks, entry["task"]


@pytest.mark.django_db(transaction=True)
def test_two_schedulers_at_once_on_postgresql(ref):
    """Two runs of the same reminder at the same instant (two beat processes), each in its own
    transaction and connection, both reading "not sent yet": the unique key lets one commit its
    notices; the other's insert waits for it, fails, asks again and sends nothing."""
    import threading

    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("concurrent transactions are only exercised on PostgreSQL")
    from tests.members.factories import UserFactory

    user = UserFactory(username="staff_dalate_race", role="staff", committee=ref["dalate"])
    real = services.reminders_sent
    barrier = threading.Barrier(2)
    results, errors = [], []

    def read_then_wait(*, keys):
        sent = real(keys=keys)
        if not sent:  # both have read "not sent"; now both write
            barrier.wait(timeout=10)
        return sent

    def run():
        from django.db import connection as thread_connection

        try:
            results.append(send([user], key="race:1"))
        except Exception as exc:  # noqa: BLE001 — reported below
            errors.append(exc)
        finally:
            thread_connection.close()

    with mock.patch.object(services, "reminders_sent", side_effect=read_then_wait):
        threads = [threading.Thread(target=run) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    assert not errors, errors
    assert sorted(results) == [0, 1]
    assert OutboxMessage.objects.filter(user=user).count() == 1
    assert Reminder.objects.filter(key="race:1").count() == 1
