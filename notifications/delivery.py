"""Delivering outbox rows, safely under concurrency and failure.

Claim, then send, then mark sent. A row is claimed with one conditional UPDATE (pending and not
leased → leased for OUTBOX_LEASE_SECONDS, attempts + 1), so of two workers, or a worker and the
sweeper, only one ever sends it; the lease is longer than the task's hard time limit, so it never
runs out while a live worker is still sending. No transaction is held open during the SMTP
conversation (SQLite, the embedded mode's database, would block every writer meanwhile).

Failure: the attempt is kept on the row with the error and ``next_attempt_at`` moved back
exponentially (OUTBOX_RETRY_SECONDS, doubling, at most an hour); after OUTBOX_MAX_ATTEMPTS the row
is left ``failed`` for the administrator to see.

Guarantee: at-least-once, and exactly once in normal operation and under every fault short of a
crash in the instant between the mail server accepting a message and the ``sent`` mark being
committed (there is no two-phase commit with SMTP). A worker killed before that instant leaves
the row leased; when the lease runs out the sweeper hands it to another worker, which sends it
once. Each e-mail carries a Message-ID derived from the row, so even that rare duplicate is the
same message to the receiving side. In-app notices are stored and marked sent in one database
transaction (and members.Notification is unique per user and source): exactly once."""

import datetime
import logging
from email.utils import parseaddr
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from .models import Notification, OutboxMessage

logger = logging.getLogger(__name__)
Status = OutboxMessage.Status
MAX_BACKOFF_SECONDS = 3600


def _not_leased(now: datetime.datetime) -> Q:
    return Q(locked_until__isnull=True) | Q(locked_until__lte=now)


def outbox_deliver(*, message_id: int) -> str:
    """Deliver one row. Returns "sent", "retry", "failed" or "skipped" (already sent, given up,
    or being sent by someone else right now)."""
    now = timezone.now()
    claimed = (
        OutboxMessage.objects.filter(pk=message_id, status=Status.PENDING)
        .filter(_not_leased(now))
        .update(
            locked_until=now + datetime.timedelta(seconds=settings.OUTBOX_LEASE_SECONDS),
            attempts=F("attempts") + 1,
        )
    )
    if not claimed:
        return "skipped"
    message = OutboxMessage.objects.select_related("user").get(pk=message_id)
    try:
        if message.channel == OutboxMessage.Channel.EMAIL:
            _send_email(message)
            _mark_sent(message)
        else:
            with transaction.atomic():
                assert message.user is not None  # an in-app row has a user (check constraint)
                notification_send(
                    user=message.user,
                    text=message.body,
                    link=message.link,
                    source=message.cause[:80],
                    kind=message.kind,
                )
                _mark_sent(message)
    except Exception as exc:  # noqa: BLE001 — any failure of the mail server or the store
        return _record_failure(message, exc)
    return "sent"


def _message_id(message: OutboxMessage) -> str:
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "localhost"
    return f"<outbox-{message.pk}-{message.created_at:%Y%m%d%H%M%S}@{domain}>"


def _send_email(message: OutboxMessage) -> None:
    EmailMessage(
        subject=message.subject,
        body=message.body,
        to=[message.address],
        headers={"Message-ID": _message_id(message)},
    ).send(fail_silently=False)


def _mark_sent(message: OutboxMessage) -> None:
    scrub = {"body": "", "link": ""} if message.sensitive else {}
    OutboxMessage.objects.filter(pk=message.pk).update(
        status=Status.SENT, sent_at=timezone.now(), locked_until=None, last_error="", **scrub
    )


def _record_failure(message: OutboxMessage, exc: Exception) -> str:
    error = f"{type(exc).__name__}: {exc}"[:1000]
    if message.attempts >= settings.OUTBOX_MAX_ATTEMPTS:
        logger.error(
            "outbox %s: giving up after %s attempts: %s", message.pk, message.attempts, error
        )
        scrub = {"body": ""} if message.sensitive else {}
        OutboxMessage.objects.filter(pk=message.pk).update(
            status=Status.FAILED, locked_until=None, last_error=error, **scrub
        )
        return "failed"
    delay = min(settings.OUTBOX_RETRY_SECONDS * 2 ** (message.attempts - 1), MAX_BACKOFF_SECONDS)
    logger.warning(
        "outbox %s: attempt %s failed, retry in %s s: %s",
        message.pk,
        message.attempts,
        delay,
        error,
    )
    OutboxMessage.objects.filter(pk=message.pk).update(
        next_attempt_at=timezone.now() + datetime.timedelta(seconds=delay),
        locked_until=None,
        last_error=error,
    )
    return "retry"


def outbox_take_due(*, now: datetime.datetime | None = None, limit: int = 500) -> list[int]:
    """Rows due for a (first or next) attempt that nobody holds: their task never reached the
    broker, a worker died with them, or their backoff is over. Each is pushed one lease ahead so
    the next sweep does not enqueue it again while its task waits in the queue."""
    now = now or timezone.now()
    with transaction.atomic():
        ids = list(
            OutboxMessage.objects.select_for_update(skip_locked=True)
            .filter(status=Status.PENDING, next_attempt_at__lte=now)
            .filter(_not_leased(now))
            .order_by("next_attempt_at", "pk")
            .values_list("pk", flat=True)[:limit]
        )
        OutboxMessage.objects.filter(pk__in=ids).update(
            next_attempt_at=now + datetime.timedelta(seconds=settings.OUTBOX_LEASE_SECONDS)
        )
    return ids


def outbox_purge(*, now: datetime.datetime | None = None) -> int:
    """Delivered rows are kept OUTBOX_KEEP_DAYS for the record, then deleted (they name their
    recipients)."""
    cutoff = (now or timezone.now()) - datetime.timedelta(days=settings.OUTBOX_KEEP_DAYS)
    deleted, _ = OutboxMessage.objects.filter(status=Status.SENT, sent_at__lt=cutoff).delete()
    return deleted


def notification_send(
    *, user: Any, text: str, link: str = "", source: str = "", kind: str = "other"
) -> Notification:
    """Store an in-app notice now. Idempotent per (user, source): storing the same notice twice
    stores it once. ``user`` is an AUTH_USER_MODEL instance (accounts sits above this app). This is the outbox's in-app delivery; services that cause a notice call
    notifications.services.notice_add instead, in their transaction."""
    if source:
        notice, _created = Notification.objects.get_or_create(
            user=user, source=source, defaults={"text": text[:300], "link": link, "kind": kind}
        )
        return notice
    return Notification.objects.create(user=user, text=text[:300], link=link, kind=kind)
