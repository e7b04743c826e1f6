"""Writes to the outbox. Call these inside the transaction of the change that causes the message:
the row commits with that change or rolls back with it, and its delivery is enqueued only after
commit. At most one row per channel, recipient and cause (a database constraint), so a retried
service or task never writes a second one."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from . import tasks
from .models import (
    OPTIONAL_EMAIL_KINDS,
    EmailOptOut,
    NoticeKind,
    Notification,
    OutboxMessage,
    Reminder,
)
from .selectors import reminders_sent

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser

Channel = OutboxMessage.Channel


def email_add(
    *,
    to: str,
    subject: str,
    body: str,
    cause: str,
    sensitive: bool = False,
    kind: str = NoticeKind.OTHER,
) -> OutboxMessage:
    """An e-mail to ``to``. ``sensitive``: the body holds a secret (a lookup key, a reset link);
    it lives only in the database and is blanked once delivered."""
    return _add(
        _email_row(to=to, subject=subject, body=body, cause=cause, sensitive=sensitive, kind=kind)
    )[0]


def _email_row(
    *, to: str, subject: str, body: str, cause: str, sensitive: bool = False, kind: str
) -> OutboxMessage:
    address = to.strip()
    return OutboxMessage(
        channel=Channel.EMAIL,
        recipient=address.lower(),
        cause=cause[:120],
        address=address,
        subject=subject[:200],
        body=body,
        sensitive=sensitive,
        kind=kind,
    )


def notice_add(
    *,
    user: AbstractBaseUser,
    text: str,
    cause: str,
    link: str = "",
    kind: str = NoticeKind.OTHER,
    email: bool = True,
    language: str | None = None,
) -> OutboxMessage:
    """An in-app notice for ``user`` (delivered into Notification with ``cause`` as its source,
    so a repeated delivery stores it once) and, with ``email``, the same notice by e-mail to the
    user's address unless they turned that kind off (``email_wanted``). The e-mail row has the
    same cause: a caller that already wrote an e-mail to that address for this cause (a receipt
    with its lookup key) is not sent a second one. The e-mail is written in ``language`` (the
    portal's own by default; ``text`` is the caller's, already in it)."""
    notice = OutboxMessage(
        channel=Channel.IN_APP,
        recipient=f"user:{user.pk}",
        cause=cause[:120],
        user=cast(Any, user),  # an AUTH_USER_MODEL instance
        body=text,
        link=link[:200],
        kind=kind,
    )
    copy = _notice_email_row(
        user=user, text=text, cause=cause, link=link, kind=kind, language=language
    )
    # both rows in one INSERT (issue 11)
    return _add(*([copy] if email and copy is not None else []), notice)[-1]


def _opt_out_attribute(kind: str) -> str:
    return f"email_opted_out_{kind}"


def with_email_opt_out(users: QuerySet[Any], *, kind: str) -> QuerySet[Any]:
    """``users`` each with whether they turned ``kind`` e-mails off, read in the same query
    (``email_wanted`` uses it): one query for a list of recipients, not one per recipient."""
    if kind not in OPTIONAL_EMAIL_KINDS:
        return users
    opted_out = EmailOptOut.objects.filter(user=OuterRef("pk"), kind=kind)
    annotated: QuerySet[Any] = users.annotate(**{_opt_out_attribute(kind): Exists(opted_out)})
    return annotated


def email_wanted(*, user: Any, kind: str) -> bool:
    """The user has an address, is active and has not opted out of ``kind`` (read with the user
    when it came from ``with_email_opt_out``, else asked now)."""
    if not getattr(user, "email", "") or not user.is_active:
        return False
    if kind not in OPTIONAL_EMAIL_KINDS:
        return True
    known = getattr(user, _opt_out_attribute(kind), None)
    if known is not None:
        return not known
    return not EmailOptOut.objects.filter(user=user, kind=kind).exists()


def notice_email_add(
    *, user: Any, text: str, cause: str, link: str = "", kind: str
) -> OutboxMessage | None:
    """The e-mail copy of a notice, rendered from the portal's template in its language; None
    when the user gets no e-mail for ``kind``."""
    row = _notice_email_row(user=user, text=text, cause=cause, link=link, kind=kind)
    return _add(row)[0] if row is not None else None


def _notice_email_row(
    *, user: Any, text: str, cause: str, link: str, kind: str, language: str | None = None
) -> OutboxMessage | None:
    if not email_wanted(user=user, kind=kind):
        return None
    subject, body = notice_email_render(
        name=getattr(user, "display_name", ""),
        text=text,
        link=link,
        kind=kind,
        language=language,
    )
    return _email_row(to=str(user.email), subject=subject, body=body, cause=cause, kind=kind)


def notice_email_render(
    *, name: str, text: str, link: str, kind: str, language: str | None = None
) -> tuple[str, str]:
    """Subject and text body of a notice e-mail (templates/notifications/email/), in
    ``language`` (the portal's own by default)."""
    with translation.override(language or settings.LANGUAGE_CODE):
        context = {
            "name": name,
            "text": text,
            "url": _absolute(link) if link else "",
            "settings_url": _absolute(reverse("notifications:settings")),
            "kind": NoticeKind(kind).label if kind in NoticeKind.values else "",
            "site_name": settings.SITE_NAME,
            "optional": kind in OPTIONAL_EMAIL_KINDS,
        }
        subject = _("【鄂尔多斯政协】%(text)s") % {"text": text}
        body = render_to_string("notifications/email/notice.txt", context)
    if len(subject) > 80:
        subject = subject[:79] + "…"
    return subject, body


def _absolute(link: str) -> str:
    if link.startswith(("http://", "https://")):
        return link
    base: str = settings.SITE_URL
    return base.rstrip("/") + "/" + link.lstrip("/")


def notice_mark_read(*, notice: Notification) -> bool:
    """Mark one of a user's notices read (the caller fetched it through the user's own
    notices). False when it already was."""
    if notice.read_at is not None:
        return False
    updated = Notification.objects.filter(pk=notice.pk, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    notice.read_at = notice.read_at or timezone.now()
    return bool(updated)


def notices_mark_all_read(*, user: Any, kind: str = "") -> int:
    """Mark every unread notice of ``user`` read (of one kind, if given)."""
    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    if kind:
        unread = unread.filter(kind=kind)
    return unread.update(read_at=timezone.now())


@transaction.atomic
def email_opt_outs_set(*, user: Any, kinds: set[str]) -> None:
    """``kinds``: the kinds the user wants no e-mail for (the others are turned back on)."""
    kinds = {k for k in kinds if k in OPTIONAL_EMAIL_KINDS}
    EmailOptOut.objects.filter(user=user).exclude(kind__in=kinds).delete()
    have = set(EmailOptOut.objects.filter(user=user).values_list("kind", flat=True))
    EmailOptOut.objects.bulk_create(
        [EmailOptOut(user=user, kind=kind) for kind in sorted(kinds - have)]
    )


def outbox_forget(*, address: str) -> int:
    """PIPL erasure: drop every message to ``address``, sent or still waiting (the person asked
    for their data to be erased; nothing more is sent to them)."""
    deleted, _ = OutboxMessage.objects.filter(
        channel=Channel.EMAIL, recipient=address.strip().lower()
    ).delete()
    return deleted


# --- scheduled reminders -------------------------------------------------------------------
@dataclass(frozen=True)
class Due:
    """One thing a reminder job tells people about: ``key`` names the thing and its period
    (notifications.models.Reminder), ``users`` are told, ``text`` and ``link`` are its notice
    when it comes alone and ``title`` names it in a digest of several."""

    key: str
    users: Sequence[Any]
    text: str
    link: str = ""
    title: str = ""


def reminders_claim(*, keys: Iterable[str]) -> set[str]:
    """Inside the caller's transaction: record the ``keys`` not recorded yet and return them —
    the reminders the caller is now to send. A key is recorded once, ever (a unique column): if
    another run records one of them meanwhile, its transaction commits first and this one asks
    again and leaves that key out."""
    wanted = {key[:100] for key in keys}
    for _attempt in range(3):
        new = wanted - set(reminders_sent(keys=wanted))
        if not new:
            return set()
        try:
            with transaction.atomic():
                Reminder.objects.bulk_create([Reminder(key=key) for key in sorted(new)])
        except IntegrityError:  # another run's claim committed between the read and the write
            continue
        return new
    return set()


def reminders_send(
    *,
    due: Iterable[Due],
    kind: str,
    digest: Callable[[list[Due]], tuple[str, str]] | None = None,
) -> int:
    """Send each ``Due`` not sent before (``reminders_claim``), in one transaction: the notices
    (and their e-mails) are written with the claim or not at all. A user told of one thing gets
    its own notice; told of several in the same run, with ``digest``, one notice
    (``digest(items)`` → text, link) instead of a notice each. Returns how many things were
    reminded of."""
    items = {item.key[:100]: item for item in due if item.users}  # nobody to tell: not sent
    if not items:
        return 0
    with transaction.atomic(), translation.override(settings.LANGUAGE_CODE):
        claimed = reminders_claim(keys=items)
        per_user: dict[int, tuple[Any, list[Due]]] = {}
        for key in sorted(claimed):
            for user in items[key].users:
                per_user.setdefault(user.pk, (user, []))[1].append(items[key])
        for user, told in per_user.values():
            if digest is None or len(told) == 1:
                for item in told:
                    notice_add(user=user, text=item.text, link=item.link, cause=item.key, kind=kind)
            else:
                text, link = digest(told)
                # the first thing's key: claimed by this run only, so the digest's cause is new
                notice_add(user=user, text=text, link=link, cause=told[0].key, kind=kind)
    return len(claimed)


def _add(*rows: OutboxMessage) -> list[OutboxMessage]:
    """The rows, each new or the one already there for its channel, recipient and cause: one
    ``INSERT … ON CONFLICT (channel, recipient, cause) DO UPDATE … RETURNING id`` for all of
    them (issue 11: it was a savepoint, an INSERT and a release per row). The update touches
    nothing (the cause is set to itself): a row already there keeps what it holds — sent, its
    secret blanked — and the returned object only carries its id. Every row's delivery is
    enqueued after commit; one already there is claimed by nobody twice (``outbox_deliver``)."""
    # A fresh row waits this long for the task enqueued on commit before the sweeper takes it.
    due = timezone.now() + datetime.timedelta(seconds=settings.OUTBOX_RETRY_SECONDS)
    for row in rows:
        row.next_attempt_at = due
    OutboxMessage.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["channel", "recipient", "cause"],
        update_fields=["cause"],
    )
    _enqueue_on_commit([row.pk for row in rows])
    return list(rows)


class _Dispatch:
    """The outbox rows written in one atomic block, enqueued together once it commits: one
    broker publish per transaction, not one per row (issue 11: a submission writes three rows
    or more; each publish is a Redis round trip and ~1 ms of kombu in the request)."""

    def __init__(self, savepoints: frozenset[str]) -> None:
        self.savepoints = savepoints  # the block's: only rows written in the same block join
        self.ids: dict[int, None] = {}  # in order, each once
        self.done = False
        self.__qualname__ = "outbox dispatch"  # Django's log line names a failing callback so

    def __call__(self) -> None:
        self.done = True
        tasks.outbox_enqueue_many(list(self.ids))


def _enqueue_on_commit(message_ids: list[int]) -> None:
    """Enqueue the rows' delivery after commit, with the other rows written in the same atomic
    block (the same savepoints open: the whole transaction when no savepoint is, as for a
    submission). The batch is one of the connection's on-commit callbacks, so it is dropped
    with its rows when their savepoint rolls back, and a batch that ran (a test's captured
    callbacks) takes no more rows."""
    connection = transaction.get_connection()
    if not connection.in_atomic_block:  # autocommit: the rows are committed already
        tasks.outbox_enqueue_many(message_ids)
        return
    savepoints = frozenset(connection.savepoint_ids)
    batch = next(
        (
            callback
            for _sids, callback, *_robust in reversed(connection.run_on_commit)
            if isinstance(callback, _Dispatch)
            and callback.savepoints == savepoints
            and not callback.done
        ),
        None,
    )
    if batch is None:
        batch = _Dispatch(savepoints)
        transaction.on_commit(batch, robust=True)
    batch.ids.update(dict.fromkeys(message_ids))
