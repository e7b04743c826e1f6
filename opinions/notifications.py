"""Who is told what when something happens to an opinion, rendered into outbox rows
(notifications app) in the transaction that records the event:

- the submitter (e-mail to the address they gave; a signed-in citizen also in the portal) and a
  member author (in the portal and by e-mail) — progress of their item;
- the office (the item's 经办人, or every staff user of its committee while nobody is assigned)
  — what waits for them: a new item, a department's reply or return request, a rating;
- the departments (their users, or the department's contact address when it has no account) —
  new forwardings, reminders, the decision on a return request or a reply.

The actor is never told of their own step, and every row is unique per recipient and cause
(the event), so a retried step tells nobody twice."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import User
from notifications import services as outbox
from notifications.models import NoticeKind

from .models import Forwarding, Opinion, OpinionEvent

Kind = OpinionEvent.Kind

TOLD_TO_SUBMITTER = {
    Kind.SUBMITTED,
    Kind.NOT_ADOPTED,
    Kind.MERGED,
    Kind.ADOPTED,
    Kind.LEVEL_RAISED,
    Kind.FORWARDED,
    Kind.REPLIED,
}
TOLD_TO_AUTHOR = TOLD_TO_SUBMITTER | {Kind.RETURNED, Kind.INSTRUCTION}
# What waits for the office, and what a department is told of its own forwarding.
TOLD_TO_OFFICE = {
    Kind.SUBMITTED,
    Kind.RETURN_REQUESTED,
    Kind.REPLY_SUBMITTED,
    Kind.RATED,
    Kind.REHANDLE,
}
TOLD_TO_DEPARTMENT = {
    Kind.RETURN_ACCEPTED,
    Kind.RETURN_REFUSED,
    Kind.REPLY_ACCEPTED,
    Kind.REPLY_REJECTED,
    Kind.REOPENED,
}


def _message(event: OpinionEvent) -> str:
    opinion = event.opinion
    code = opinion.tracking_code or ""
    if event.kind == Kind.SUBMITTED:
        return _("您的建言“%(title)s”已收到，查询码 %(code)s。") % {
            "title": opinion.title,
            "code": code,
        }
    if event.kind == Kind.RETURNED:
        return _("您的社情民意信息“%(title)s”被退回修改：%(comment)s") % {
            "title": opinion.title,
            "comment": event.comment,
        }
    if event.kind == Kind.MERGED:
        return _("您的建言（%(code)s）已与同类建言 %(into)s 合并办理。") % {
            "code": code,
            "into": event.data.get("into_code", ""),
        }
    if event.kind == Kind.INSTRUCTION:
        return _("您的社情民意信息“%(title)s”获得领导批示。") % {"title": opinion.title}
    return _("您的建言（%(code)s）办理状态更新为：%(status)s。") % {
        "code": code,
        "status": opinion.get_public_status_display(),
    }


def _office_message(event: OpinionEvent) -> str:
    opinion = event.opinion
    values = {
        "title": opinion.title,
        "code": opinion.tracking_code or "",
        "department": event.data.get("department", ""),
        "comment": event.comment,
    }
    if event.kind == Kind.SUBMITTED:
        return _("新建言待审核：“%(title)s”（%(code)s）") % values
    if event.kind == Kind.RETURN_REQUESTED:
        return _("%(department)s申请退回转办件“%(title)s”：%(comment)s") % values
    if event.kind == Kind.REPLY_SUBMITTED:
        return _("%(department)s已答复“%(title)s”，请审核答复。") % values
    if event.kind == Kind.REHANDLE:
        return _("群众对“%(title)s”（%(code)s）的答复不满意，申请重新办理。") % values
    return _("群众评价了“%(title)s”（%(code)s）的办理：%(satisfaction)s") % {
        **values,
        "satisfaction": opinion.get_satisfaction_display(),
    }


def _department_message(event: OpinionEvent) -> str:
    values = {"title": event.opinion.title, "comment": event.comment}
    if event.kind == Kind.RETURN_ACCEPTED:
        return _("转办件“%(title)s”的退回申请已同意，不再由您单位办理。") % values
    if event.kind == Kind.RETURN_REFUSED:
        return _("转办件“%(title)s”的退回申请未获同意，请继续办理。%(comment)s") % values
    if event.kind == Kind.REPLY_ACCEPTED:
        return _("您单位对“%(title)s”的答复已审核通过。") % values
    if event.kind == Kind.REPLY_REJECTED:
        return _("您单位对“%(title)s”的答复被退回重办：%(comment)s") % values
    return _("转办件“%(title)s”的群众不满意答复，已重新交您单位办理。") % values


def office_recipients(opinion: Opinion) -> Iterable[User]:
    """The item's 经办人, or every active staff user of its committee while nobody is."""
    if opinion.assignee_id:
        assignee = opinion.assignee
        return [assignee] if assignee is not None and assignee.is_active else []
    staff = User.objects.filter(
        committee_id=opinion.committee_id, role=User.Role.STAFF, is_active=True
    ).order_by("pk")
    # what each asked about e-mail, in the same query (they are told as REVIEW notices)
    return outbox.with_email_opt_out(staff, kind=NoticeKind.REVIEW)


_OFFICE_READ = "_office_recipients_read"


def office_recipients_read(opinion: Opinion) -> None:
    """Read the office's recipients now, for the notices of the next event recorded on this
    instance (``event_notices_add`` takes them once). A new item's are read before its tracking
    number is taken: the year's counter row stays locked, and concurrent submissions wait, no
    longer than the writes need (issue 11)."""
    opinion.__dict__[_OFFICE_READ] = list(office_recipients(opinion))


def department_notices_add(
    *, forwarding: Forwarding, text: str, cause: str, exclude: int | None = None
) -> None:
    """A department is told of its forwarding: each active user in the portal and by e-mail,
    or, when it has no account, by e-mail at its contact address. ``cause`` is the step's; the
    rows add the recipient to it."""
    link = reverse("opinions:dept_detail", args=[forwarding.pk])
    department = forwarding.department
    users = [u for u in department.users.filter(is_active=True).order_by("pk")]
    for user in users:
        if user.pk != exclude:
            outbox.notice_add(
                user=user,
                text=text,
                link=link,
                cause=f"{cause}:{user.pk}",
                kind=NoticeKind.FORWARDING,
            )
    if not users and department.contact_email:
        subject, body = outbox.notice_email_render(
            name=department.contact_name or department.name,
            text=text,
            link=link,
            kind=NoticeKind.FORWARDING,
        )
        outbox.email_add(
            to=department.contact_email,
            subject=subject,
            body=body,
            cause=f"{cause}:dept",
            kind=NoticeKind.FORWARDING,
        )


def _citizen(opinion: Opinion) -> User | None:
    """The signed-in citizen who submitted the item (staff entering one on a caller's behalf
    are not its submitter)."""
    user = opinion.created_by if opinion.created_by_id else None
    if user is None or user.role != User.Role.CITIZEN or not user.is_active:
        return None
    return user


def event_notices_add(event: OpinionEvent, *, lookup_key: str | None = None) -> None:
    """Inside the transaction that records ``event``: everyone it concerns is told (see the
    module's docstring) through outbox rows, delivered after commit. The receipt's lookup key
    is rendered into the e-mail row here — it never travels through the broker — and blanked
    once the e-mail is delivered."""
    opinion = event.opinion
    cause = f"opinion-event:{event.pk}"
    with translation.override(settings.LANGUAGE_CODE):
        text = _message(event)
        author_user = opinion.author.user if opinion.author_id else None
        if (
            author_user is not None
            and event.kind in TOLD_TO_AUTHOR
            and event.actor_id != author_user.pk
        ):
            outbox.notice_add(
                user=author_user,
                text=text,
                link=reverse("opinions:mine_detail", args=[opinion.pk]),
                cause=cause,
                kind=NoticeKind.OPINION,
            )
        citizen = _citizen(opinion) if event.kind in TOLD_TO_SUBMITTER else None
        # The submitter is written to in the language of the page they submitted from.
        with translation.override(opinion.language):
            own_text = _message(event) if opinion.language != settings.LANGUAGE_CODE else text
            emailed = _submitter_email_add(event, own_text, citizen=citizen, lookup_key=lookup_key)
            # the receipt is theirs even though they made the step: its notice keeps the code
            if citizen is not None and (
                event.actor_id != citizen.pk or event.kind == Kind.SUBMITTED
            ):
                outbox.notice_add(
                    user=citizen,
                    text=own_text,
                    link=reverse("dashboards:citizen"),
                    cause=cause,
                    kind=NoticeKind.OPINION,
                    email=not emailed,  # the address they gave already has it
                    language=opinion.language,
                )
        if event.kind in TOLD_TO_OFFICE:
            office_text = _office_message(event)
            link = reverse("opinions:desk_detail", args=[opinion.pk])
            recipients = opinion.__dict__.pop(_OFFICE_READ, None)
            if recipients is None:
                recipients = office_recipients(opinion)
            for user in recipients:
                if user.pk != event.actor_id:
                    outbox.notice_add(
                        user=user,
                        text=office_text,
                        link=link,
                        cause=cause,
                        kind=NoticeKind.REVIEW,
                    )
        if event.kind in TOLD_TO_DEPARTMENT and event.forwarding_id:
            department_notices_add(
                forwarding=event.forwarding,
                text=_department_message(event),
                cause=cause,
                exclude=event.actor_id,
            )


def _submitter_email_add(
    event: OpinionEvent, text: str, *, citizen: User | None, lookup_key: str | None
) -> bool:
    """The e-mail to the address the submitter gave; True if one was written. A signed-in
    citizen who turned progress e-mails off gets none at their own address (the receipt with
    its lookup key excepted: it is sent once and nowhere else)."""
    opinion = event.opinion
    if not (
        opinion.submitter_email and not opinion.is_anonymous and event.kind in TOLD_TO_SUBMITTER
    ):
        return False
    if (
        citizen is not None
        and not lookup_key
        and citizen.email.strip().lower() == opinion.submitter_email.strip().lower()
        and not outbox.email_wanted(user=citizen, kind=NoticeKind.OPINION)
    ):
        return False
    body = render_to_string(
        "opinions/email/progress.txt",
        {
            "name": opinion.submitter_name,
            "text": text,
            "lookup_key": lookup_key or "",
            "track_url": settings.SITE_URL.rstrip("/") + reverse("opinions:track"),
            "site_name": settings.SITE_NAME,
            "settings_url": settings.SITE_URL.rstrip("/") + reverse("notifications:settings")
            if citizen is not None
            else "",
        },
    )
    outbox.email_add(
        to=opinion.submitter_email,
        subject=_("【鄂尔多斯政协】建言办理进度 %(code)s") % {"code": opinion.tracking_code},
        body=body,
        cause=f"opinion-event:{event.pk}",
        sensitive=bool(lookup_key),
        kind=NoticeKind.OPINION,
    )
    return True


def event_notices_backfill(*, event_id: int, lookup_key: str | None = None) -> bool:
    """For events recorded before the outbox existed (notified_at empty): write their outbox rows
    now, once — the event is claimed in the same transaction and the rows are unique per
    recipient and cause, so this never sends anything twice. Every new event is written with
    notified_at set (its rows are in the outbox from the start)."""
    with transaction.atomic():
        event = (
            OpinionEvent.objects.select_for_update()
            .filter(pk=event_id, notified_at__isnull=True)
            .first()
        )
        if event is None:
            return False
        event.notified_at = timezone.now()
        event.save(update_fields=["notified_at"])
        event_notices_add(event, lookup_key=lookup_key)
    return True


def notify_pending(*, older_than_minutes: int = 10, limit: int = 500) -> int:
    """Backfill for events that predate the outbox (see event_notices_backfill)."""
    cutoff = timezone.now() - datetime.timedelta(minutes=older_than_minutes)
    ids = list(
        OpinionEvent.objects.filter(notified_at__isnull=True, created_at__lt=cutoff).values_list(
            "pk", flat=True
        )[:limit]
    )
    return sum(event_notices_backfill(event_id=event_id) for event_id in ids)
