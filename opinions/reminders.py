"""The scheduled reminders of the office and the departments (run by opinions.tasks, on the
schedule in settings.CELERY_BEAT_SCHEDULE), delivered through the notification centre's outbox
and bell. Each is sent once for its thing and period (``notifications.services.reminders_send``:
a unique key per reminder, written with its notices), and each goes to the people of the item's
own committee only.

- Review late: an opinion still undecided after its review deadline (5 working days,
  ``review_due_at``) — its handler (the 经办人, or the committee's staff while nobody is
  assigned), once per deadline.
- Review escalation: still undecided a working day after that — the committee's office head:
  its staff holding ``notifications.receive_escalations`` (the admin grants it to a user or to
  a group such as 办公室负责人); where nobody holds it, every staff user of the committee.
- Reply due in 3 days: an open forwarding due within three days — the department's users (or
  its contact address when it has no account) and the handler, once per due date.
- Reply overdue: the department every working day (``forwardings_remind_overdue``, with an
  event on the opinion) and the handler once per due date.

Jobs that count working days do nothing on a day off (weekend, public holiday: org.calendar);
the next working day's run sends what is due. A handler told of several items in one run gets
one notice listing them."""

from __future__ import annotations

import datetime
import functools
from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import ParamSpec, TypeVar

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import User
from notifications.models import NoticeKind
from notifications.selectors import reminders_sent
from notifications.services import Due, reminders_claim, reminders_send
from org.calendar import is_working_day, next_working_day

from .models import Forwarding, Opinion
from .notifications import department_notices_add
from .services import forwardings_remind_overdue

P = ParamSpec("P")
R = TypeVar("R")
REPLY_DUE_SOON_DAYS = 3
ESCALATION_PERMISSION = "receive_escalations"  # notifications.Reminder's Meta.permissions


def _in_portal_language(job: Callable[P, R]) -> Callable[P, R]:
    """Reminders are written in the portal's language, whatever the worker thread last served."""

    @functools.wraps(job)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        with translation.override(settings.LANGUAGE_CODE):
            return job(*args, **kwargs)

    return run


# --- who ---------------------------------------------------------------------------------
def _staff_by_committee(committee_ids: Iterable[int]) -> dict[int | None, list[User]]:
    staff: dict[int | None, list[User]] = defaultdict(list)
    for user in User.objects.filter(
        committee_id__in=set(committee_ids), role=User.Role.STAFF, is_active=True
    ).order_by("pk"):
        staff[user.committee_id].append(user)
    return staff


def office_heads(committee_ids: Iterable[int]) -> dict[int | None, list[User]]:
    """Each committee's office head(s): its active staff holding the escalation permission
    (directly or through a group); every active staff user of a committee where nobody does."""
    ids = set(committee_ids)
    holders: dict[int | None, list[User]] = defaultdict(list)
    granted = Q(
        user_permissions__codename=ESCALATION_PERMISSION,
        user_permissions__content_type__app_label="notifications",
    ) | Q(
        groups__permissions__codename=ESCALATION_PERMISSION,
        groups__permissions__content_type__app_label="notifications",
    )
    for user in (
        User.objects.filter(committee_id__in=ids, role=User.Role.STAFF, is_active=True)
        .filter(granted)
        .distinct()
        .order_by("pk")
    ):
        holders[user.committee_id].append(user)
    missing = ids - set(holders)
    if missing:
        holders.update(_staff_by_committee(missing))
    return holders


def _handlers(opinions: list[Opinion]) -> dict[int, list[User]]:
    """opinion pk → its handler: the active 经办人, or the committee's active staff while nobody
    is assigned or the 经办人's account is closed (an item left with someone who has gone is
    exactly what a reminder is for)."""

    def assigned(opinion: Opinion) -> User | None:
        user = opinion.assignee if opinion.assignee_id else None
        return user if user is not None and user.is_active else None

    staff = _staff_by_committee(o.committee_id for o in opinions if assigned(o) is None)
    handlers: dict[int, list[User]] = {}
    for opinion in opinions:
        user = assigned(opinion)
        handlers[opinion.pk] = [user] if user is not None else staff.get(opinion.committee_id, [])
    return handlers


def _titles(items: list[Due], limit: int = 3) -> str:
    shown = "、".join(f"“{item.title}”" for item in items[:limit])
    if len(items) > limit:
        shown += _("等")
    return shown


# --- review late, then the office head -----------------------------------------------------
def _review_late_key(opinion: Opinion) -> str:
    return f"review-late:{opinion.pk}:{timezone.localtime(opinion.review_due_at):%Y%m%d}"


def _undecided_late(now: datetime.datetime) -> list[Opinion]:
    return list(
        Opinion.objects.review_overdue(now)
        .filter(is_spam=False)
        .select_related("assignee")
        .only("pk", "title", "tracking_code", "committee_id", "review_due_at", "assignee", "status")
        .order_by("review_due_at", "pk")
    )


def _review_digest(items: list[Due]) -> tuple[str, str]:
    text = ngettext(
        "%(n)s 件建言超过审核期限仍未审核：%(titles)s，请尽快处理。",
        "%(n)s 件建言超过审核期限仍未审核：%(titles)s，请尽快处理。",
        len(items),
    ) % {"n": len(items), "titles": _titles(items)}
    return text, reverse("opinions:inbox") + "?queue=overdue"


@_in_portal_language
def review_late_remind(*, now: datetime.datetime | None = None) -> int:
    """The handlers of opinions past their review deadline, once per deadline. Returns how
    many opinions were reminded of."""
    now = now or timezone.now()
    if not is_working_day(timezone.localdate(now)):
        return 0
    opinions = _undecided_late(now)
    handlers = _handlers(opinions)
    due = [
        Due(
            key=_review_late_key(o),
            users=handlers[o.pk],
            text=_("建言“%(title)s”（%(code)s）已超过审核期限（%(due)s），请尽快审核。")
            % {
                "title": o.title,
                "code": o.tracking_code or "",
                "due": f"{timezone.localtime(o.review_due_at):%Y-%m-%d}",
            },
            link=reverse("opinions:desk_detail", args=[o.pk]),
            title=o.title,
        )
        for o in opinions
    ]
    return reminders_send(due=due, kind=NoticeKind.REVIEW, digest=_review_digest)


def _escalation_digest(items: list[Due]) -> tuple[str, str]:
    text = ngettext(
        "督办：%(n)s 件建言超过审核期限一个工作日后仍未审核：%(titles)s。",
        "督办：%(n)s 件建言超过审核期限一个工作日后仍未审核：%(titles)s。",
        len(items),
    ) % {"n": len(items), "titles": _titles(items)}
    return text, reverse("opinions:inbox") + "?queue=overdue"


@_in_portal_language
def review_late_escalate(*, now: datetime.datetime | None = None) -> int:
    """The office head, a working day after the handler was reminded of an opinion that is
    still undecided; once per deadline. Returns how many opinions were escalated."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    if not is_working_day(today):
        return 0
    opinions = _undecided_late(now)
    reminded = reminders_sent(keys=[_review_late_key(o) for o in opinions])
    ripe = [
        o
        for o in opinions
        if _review_late_key(o) in reminded
        and next_working_day(timezone.localdate(reminded[_review_late_key(o)])) <= today
    ]
    heads = office_heads(o.committee_id for o in ripe)
    due = [
        Due(
            key=_review_late_key(o) + ":head",
            users=heads.get(o.committee_id, []),
            text=_("督办：建言“%(title)s”（%(code)s）超过审核期限（%(due)s）一个工作日后仍未审核。")
            % {
                "title": o.title,
                "code": o.tracking_code or "",
                "due": f"{timezone.localtime(o.review_due_at):%Y-%m-%d}",
            },
            link=reverse("opinions:desk_detail", args=[o.pk]),
            title=o.title,
        )
        for o in ripe
    ]
    return reminders_send(due=due, kind=NoticeKind.REVIEW, digest=_escalation_digest)


def review_reminders_send(*, now: datetime.datetime | None = None) -> tuple[int, int]:
    """The daily review job: escalations first (of reminders sent on earlier days), then the
    handlers' reminders."""
    return review_late_escalate(now=now), review_late_remind(now=now)


# --- department replies: due in 3 days, overdue ----------------------------------------------
def _open_forwardings(**due: datetime.date) -> list[Forwarding]:
    return list(
        Forwarding.objects.filter(status__in=Forwarding.OPEN_STATUSES, **due)
        .select_related("department", "opinion__assignee")
        .order_by("due_date", "pk")
    )


def _handler_due(forwardings: list[Forwarding], key: str, text: str) -> list[Due]:
    handlers = _handlers([f.opinion for f in forwardings])
    return [
        Due(
            key=f"{key}:{f.pk}:{f.due_date:%Y%m%d}",
            users=handlers[f.opinion_id],
            text=text
            % {"title": f.opinion.title, "department": f.department.name, "due": f.due_date},
            link=reverse("opinions:desk_detail", args=[f.opinion_id]),
            title=f.opinion.title,
        )
        for f in forwardings
    ]


def _reply_due_digest(items: list[Due]) -> tuple[str, str]:
    text = ngettext(
        "%(n)s 件转办件将在 3 天内到期：%(titles)s，请督促承办单位按时答复。",
        "%(n)s 件转办件将在 3 天内到期：%(titles)s，请督促承办单位按时答复。",
        len(items),
    ) % {"n": len(items), "titles": _titles(items)}
    return text, reverse("opinions:inbox") + "?status=forwarded"


def _reply_late_digest(items: list[Due]) -> tuple[str, str]:
    text = ngettext(
        "%(n)s 件转办件已超过办理期限未答复：%(titles)s。",
        "%(n)s 件转办件已超过办理期限未答复：%(titles)s。",
        len(items),
    ) % {"n": len(items), "titles": _titles(items)}
    return text, reverse("opinions:overdue")


@_in_portal_language
def forwardings_due_soon_remind(*, today: datetime.date | None = None) -> int:
    """Open forwardings due within REPLY_DUE_SOON_DAYS days: the department and the handler,
    once per due date (a new due date is a new period). Returns how many forwardings."""
    today = today or timezone.localdate()
    if not is_working_day(today):
        return 0
    forwardings = _open_forwardings(
        due_date__gt=today,
        due_date__lte=today + datetime.timedelta(days=REPLY_DUE_SOON_DAYS),
    )
    for forwarding in forwardings:
        key = f"reply-due:{forwarding.pk}:{forwarding.due_date:%Y%m%d}"
        with transaction.atomic():
            if reminders_claim(keys=[key]):
                department_notices_add(
                    forwarding=forwarding,
                    text=_("转办件“%(title)s”将于 %(due)s 到期，请按时答复。")
                    % {"title": forwarding.opinion.title, "due": forwarding.due_date},
                    cause=key,
                )
    reminders_send(
        due=_handler_due(
            forwardings,
            "reply-due-handler",
            _("%(department)s办理的“%(title)s”将于 %(due)s 到期，请督促按时答复。"),
        ),
        kind=NoticeKind.FORWARDING,
        digest=_reply_due_digest,
    )
    return len(forwardings)


@_in_portal_language
def forwardings_late_remind(*, today: datetime.date | None = None) -> int:
    """Overdue forwardings, on working days: the department every working day (with an event
    on the opinion, ``forwardings_remind_overdue``) and the handler once per due date. Returns
    how many forwardings the departments were reminded of."""
    today = today or timezone.localdate()
    if not is_working_day(today):
        return 0
    reminded = forwardings_remind_overdue(today=today)
    reminders_send(
        due=_handler_due(
            _open_forwardings(due_date__lt=today),
            "reply-late-handler",
            _("%(department)s办理的“%(title)s”已超过办理期限（%(due)s）仍未答复。"),
        ),
        kind=NoticeKind.FORWARDING,
        digest=_reply_late_digest,
    )
    return reminded


__all__ = [
    "forwardings_due_soon_remind",
    "forwardings_late_remind",
    "office_heads",
    "review_late_escalate",
    "review_late_remind",
    "review_reminders_send",
]
