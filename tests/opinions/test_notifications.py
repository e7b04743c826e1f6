"""Notifications are outbox rows written with the event and delivered after commit through
Celery (eager in tests): an email to a submitter who gave one, an in-app notice to a member
author. Sending is idempotent."""

import datetime
from unittest import mock

import pytest
from django.utils import timezone

from notifications import delivery
from notifications.models import Notification, OutboxMessage
from notifications.tasks import outbox_deliver_task, outbox_sweep_task
from opinions import notifications, services
from opinions.models import AdoptionLevel, NotAdoptedReason, OpinionEvent
from opinions.tasks import opinion_event_notify_task, opinion_notify_pending_task

pytestmark = pytest.mark.django_db

EMAIL = "citizen@example.com"


@pytest.fixture
def with_email(make_public, dalate, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        opinion, key = make_public(dalate, submitter_email=EMAIL)
    opinion.lookup_key = key
    return opinion


def test_submission_email_carries_the_code_and_the_key(with_email, mailoutbox):
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == [EMAIL]
    assert with_email.tracking_code in message.subject
    assert with_email.lookup_key in message.body


def test_adoption_sends_one_email_and_a_rerun_sends_nothing(
    with_email, staff_dalate, mailoutbox, django_capture_on_commit_callbacks
):
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.opinion_adopt(
            opinion=with_email, by=staff_dalate, level=AdoptionLevel.BANNER, comment="内部审核意见"
        )
    assert len(callbacks) == 1
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == [EMAIL] and "已采用" in message.body
    assert "内部审核意见" not in message.body
    assert with_email.lookup_key not in message.body  # the key is sent only once

    event = with_email.events.get(kind=OpinionEvent.Kind.ADOPTED)
    assert event.notified_at is not None
    opinion_event_notify_task.delay(event.pk)
    opinion_event_notify_task.apply(args=[event.pk])
    opinion_notify_pending_task.delay()
    notifications.notify_pending(older_than_minutes=0)
    assert len(mailoutbox) == 1


def test_nothing_is_sent_before_commit(make_public, dalate, staff_dalate, mailoutbox):
    """In a test transaction nothing commits: no on-commit callback, no email."""
    opinion, _ = make_public(dalate, submitter_email=EMAIL)
    services.opinion_adopt(opinion=opinion, by=staff_dalate, level=AdoptionLevel.BANNER)
    assert mailoutbox == []


@pytest.mark.parametrize(
    "decide",
    [
        lambda o, by: services.opinion_reject(opinion=o, by=by, reason=NotAdoptedReason.OTHER),
        lambda o, by: services.opinion_raise_level(
            opinion=services.opinion_adopt(opinion=o, by=by, level=AdoptionLevel.BANNER),
            by=by,
            level=AdoptionLevel.REGION,
        ),
    ],
    ids=["not_adopted", "level_raised"],
)
def test_other_public_decisions_are_emailed(
    with_email, staff_dalate, mailoutbox, decide, django_capture_on_commit_callbacks
):
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        decide(with_email, staff_dalate)
    assert mailoutbox and all(m.to == [EMAIL] for m in mailoutbox)


def test_merge_tells_the_submitter_the_target_code(
    make_public, dalate, staff_dalate, mailoutbox, django_capture_on_commit_callbacks
):
    target, _ = make_public(dalate)
    source, _ = make_public(dalate, submitter_email=EMAIL)
    with django_capture_on_commit_callbacks(execute=True):
        services.opinion_merge(opinion=source, into=target, by=staff_dalate)
    assert len(mailoutbox) == 1 and target.tracking_code in mailoutbox[0].body


def test_internal_actions_send_nothing(
    with_email, staff_dalate, mailoutbox, django_capture_on_commit_callbacks
):
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.opinion_assign(opinion=with_email, by=staff_dalate, assignee=staff_dalate)
        services.opinion_add_note(opinion=with_email, by=staff_dalate, comment="备注")
        services.opinion_reveal_contact(opinion=with_email, by=staff_dalate)
        services.opinion_set_spam(opinion=with_email, by=staff_dalate, spam=True)
    assert mailoutbox == []


def test_anonymous_submitter_gets_no_email(
    make_public, dalate, staff_dalate, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        opinion, _ = make_public(dalate, is_anonymous=True, submitter_email=EMAIL)
        services.opinion_adopt(opinion=opinion, by=staff_dalate, level=AdoptionLevel.BANNER)
    assert mailoutbox == []


def test_member_author_is_told_in_app_once(
    member_item, member_user, staff_dalate, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.opinion_adopt(opinion=member_item, by=staff_dalate, level=AdoptionLevel.MUNICIPAL)
    event = member_item.events.get(kind=OpinionEvent.Kind.ADOPTED)
    notice = Notification.objects.get(user=member_user)
    assert "已采用" in notice.text and notice.source == f"opinion-event:{event.pk}"
    # a duplicated delivery (the row reset, as after a crash) still stores one notice
    row = OutboxMessage.objects.get(user=member_user, cause=f"opinion-event:{event.pk}")
    OutboxMessage.objects.filter(pk=row.pk).update(status=OutboxMessage.Status.PENDING)
    assert delivery.outbox_deliver(message_id=row.pk) == "sent"
    assert Notification.objects.filter(user=member_user).count() == 1


def test_broker_down_then_the_sweeper_sends_later(
    make_public, dalate, staff_dalate, mailoutbox, django_capture_on_commit_callbacks
):
    opinion, _ = make_public(dalate, submitter_email=EMAIL)
    with (
        mock.patch.object(
            outbox_deliver_task, "apply_async", side_effect=ConnectionError("broker down")
        ),
        django_capture_on_commit_callbacks(execute=True),
    ):
        services.opinion_adopt(opinion=opinion, by=staff_dalate, level=AdoptionLevel.BANNER)
    assert mailoutbox == []
    # the sweeper leaves young rows alone (their task may still be on its way) …
    outbox_sweep_task()
    assert mailoutbox == []
    # … and sends older ones, once
    later = timezone.now() + datetime.timedelta(minutes=2)
    with mock.patch("django.utils.timezone.now", return_value=later):
        outbox_sweep_task()
        outbox_sweep_task()
        notifications.notify_pending(older_than_minutes=0)  # the old path sends nothing more
    adopted_mails = [m for m in mailoutbox if "已采用" in m.body]
    assert len(adopted_mails) == 1


def test_an_event_from_before_the_outbox_is_sent_once_by_the_old_paths(
    make_public, dalate, staff_dalate, mailoutbox, django_capture_on_commit_callbacks
):
    """Old queued tasks and the old beat entry only backfill outbox rows, once."""
    opinion, _ = make_public(dalate, submitter_email=EMAIL)
    services.opinion_adopt(opinion=opinion, by=staff_dalate, level=AdoptionLevel.BANNER)
    event = opinion.events.get(kind=OpinionEvent.Kind.ADOPTED)
    # as recorded by the previous release: no outbox rows, not yet notified
    OutboxMessage.objects.all().delete()
    OpinionEvent.objects.filter(pk=event.pk).update(notified_at=None)
    with django_capture_on_commit_callbacks(execute=True):
        opinion_event_notify_task.delay(event.pk, lookup_key=None)
        opinion_event_notify_task.delay(event.pk, lookup_key=None)
        opinion_notify_pending_task.delay()
        notifications.notify_pending(older_than_minutes=0)
    assert [m.to for m in mailoutbox] == [[EMAIL]]
    assert "已采用" in mailoutbox[0].body
