"""Reads of a user's own notices: the list, the bell's unread count, one notice by id."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from .models import EmailOptOut, Notification, Reminder

# ``user`` is an AUTH_USER_MODEL instance (accounts sits above this app): typed Any, as in
# notifications.delivery.


def notices_for(*, user: Any, unread: bool = False, kind: str = "") -> QuerySet[Notification]:
    """The user's own notices, newest first; nobody reads another's."""
    notices = Notification.objects.filter(user=user)
    if unread:
        notices = notices.filter(read_at__isnull=True)
    if kind:
        notices = notices.filter(kind=kind)
    return notices.order_by("-created_at", "-pk")


def unread_count(*, user: Any) -> int:
    """One query on the (user, read_at) index."""
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def notice_for(*, user: Any, pk: int) -> Notification:
    """One of the user's notices; 404 for anybody else's (it is not theirs to know it exists)."""
    return get_object_or_404(Notification, pk=pk, user=user)


def email_opt_outs(*, user: Any) -> set[str]:
    return set(EmailOptOut.objects.filter(user=user).values_list("kind", flat=True))


def reminders_sent(*, keys: Iterable[str]) -> dict[str, datetime.datetime]:
    """When each of the reminders ``keys`` went out (those that did); asked 500 keys at a time,
    so a backlog of thousands stays under the database's limit of query parameters."""
    wanted = sorted(set(keys))
    sent: dict[str, datetime.datetime] = {}
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        sent.update(Reminder.objects.filter(key__in=chunk).values_list("key", "sent_at"))
    return sent
