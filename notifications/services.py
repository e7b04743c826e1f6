"""Writes to the outbox. Call these inside the transaction of the change that causes the message:
the row commits with that change or rolls back with it, and its delivery is enqueued only after
commit. At most one row per channel, recipient and cause (a database constraint), so a retried
service or task never writes a second one."""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from . import tasks
from .models import OutboxMessage

Channel = OutboxMessage.Channel


def email_add(
    *, to: str, subject: str, body: str, cause: str, sensitive: bool = False
) -> OutboxMessage:
    """An e-mail to ``to``. ``sensitive``: the body holds a secret (a lookup key, a reset link);
    it lives only in the database and is blanked once delivered."""
    address = to.strip()
    return _add(
        channel=Channel.EMAIL,
        recipient=address.lower(),
        cause=cause,
        address=address,
        subject=subject[:200],
        body=body,
        sensitive=sensitive,
    )


def notice_add(*, user, text: str, cause: str, link: str = "") -> OutboxMessage:
    """An in-app notice for ``user``; delivered into members.Notification with ``cause`` as its
    source, so a repeated delivery stores it once."""
    return _add(
        channel=Channel.IN_APP,
        recipient=f"user:{user.pk}",
        cause=cause,
        user=user,
        body=text,
        link=link[:200],
    )


def outbox_forget(*, address: str) -> int:
    """PIPL erasure: drop every message to ``address``, sent or still waiting (the person asked
    for their data to be erased; nothing more is sent to them)."""
    deleted, _ = OutboxMessage.objects.filter(
        channel=Channel.EMAIL, recipient=address.strip().lower()
    ).delete()
    return deleted


def _add(*, channel: str, recipient: str, cause: str, **fields) -> OutboxMessage:
    # A fresh row waits this long for the task enqueued on commit before the sweeper takes it.
    due = timezone.now() + datetime.timedelta(seconds=settings.OUTBOX_RETRY_SECONDS)
    with transaction.atomic():
        message, created = OutboxMessage.objects.get_or_create(
            channel=channel,
            recipient=recipient,
            cause=cause[:120],
            defaults={**fields, "next_attempt_at": due},
        )
    if created:
        message_id = message.pk
        transaction.on_commit(lambda: tasks.outbox_enqueue(message_id), robust=True)
    return message
