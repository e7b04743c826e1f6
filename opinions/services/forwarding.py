"""Forwarding to departments (承办单位) and their replies: forward, sign, ask to return, decide on
the return, reply, review the reply, remind of overdue ones. Each step is a row of
``opinions.workflows.FORWARDING`` (the department's steps need ``opinions.handle_forwarding``,
the office's ``opinions.handle_opinion``); the opinion's own steps (``forward``, ``reply``) are rows
of ``OPINION``. Every event is on the opinion's timeline and names its forwarding."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core.uploads import CleanUpload
from org.models import Department

from ..models import Forwarding, Opinion, Reply, ReplyDocument, Status
from ..notifications import department_notices_add
from ..workflows import FORWARDING, OPINION
from .common import TransitionError, checked, run_forwarding, run_opinion


def default_due_date() -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=settings.FORWARDING_DEFAULT_DAYS)


def _lock_forwarding(forwarding: Forwarding) -> Forwarding:
    return (
        Forwarding.objects.select_for_update()
        .select_related("opinion", "department")
        .get(pk=forwarding.pk)
    )


@transaction.atomic
def opinion_forward(
    *,
    opinion: Opinion,
    by: User,
    lead: Department | None,
    co: Iterable[Department] = (),
    due_date: datetime.date,
    cover_note: str = "",
    expected_status: str | None = None,
) -> list[Forwarding]:
    current = checked(OPINION, opinion, "forward", by=by, expected_status=expected_status)
    co = [d for d in co if lead is None or d.pk != lead.pk]
    if lead is None and not co:
        raise ValidationError({"lead": _("请选择主办单位。")})
    if due_date <= timezone.localdate():
        raise ValidationError({"due_date": _("办理期限须晚于今天。")})
    departments = ([lead] if lead else []) + co
    for department in departments:
        if department.committee_id != current.committee_id or not department.is_active:
            raise ValidationError(_("“%(d)s”不是本政协组织可转办的承办单位。") % {"d": department})
    open_forwardings = list(current.forwardings.exclude(status=Forwarding.Status.WITHDRAWN))
    if lead and any(f.role == Forwarding.Role.LEAD for f in open_forwardings):
        raise ValidationError({"lead": _("该建言已有主办单位；如需改派，请先同意其退回申请。")})
    if lead is None and not any(f.role == Forwarding.Role.LEAD for f in open_forwardings):
        raise ValidationError({"lead": _("请选择主办单位。")})
    already = {f.department_id for f in open_forwardings}
    created = []
    for department in departments:
        if department.pk in already:
            raise ValidationError(_("已转交“%(d)s”，不能重复转办。") % {"d": department})
        role = Forwarding.Role.LEAD if department == lead else Forwarding.Role.CO
        created.append(
            Forwarding.objects.create(  # a new forwarding starts 待签收 (no event of its own)
                opinion=current,
                department=department,
                role=role,
                due_date=due_date,
                cover_note=cover_note,
                created_by=by,
            )
        )
    run_opinion(
        current,
        "forward",
        by=by,
        comment=cover_note,
        data={
            "forwardings": [f.pk for f in created],
            "departments": [f"{f.department.name}（{f.get_role_display()}）" for f in created],
            "due_date": due_date.isoformat(),
        },
    )
    for forwarding in created:
        department_notices_add(
            forwarding=forwarding,
            text=_("新的转办件：%(title)s（%(role)s，办理期限 %(due)s）")
            % {"title": current.title, "role": forwarding.get_role_display(), "due": due_date},
            cause=f"forwarding-new:{forwarding.pk}",
        )
    return created


def forwarding_sign(*, forwarding: Forwarding, by: User) -> Forwarding:
    return run_forwarding(forwarding, "sign", by=by, changes={"signed_at": timezone.now()}).obj


def forwarding_request_return(*, forwarding: Forwarding, by: User, reason: str) -> Forwarding:
    def apply(item: Forwarding) -> None:
        if not reason.strip():
            raise ValidationError({"reason": _("请说明申请退回的理由。")})

    return run_forwarding(
        forwarding,
        "request_return",
        by=by,
        comment=reason,
        changes={"return_reason": reason},
        apply=apply,
    ).obj


@transaction.atomic
def forwarding_decide_return(
    *, forwarding: Forwarding, by: User, accept: bool, comment: str = ""
) -> Forwarding:
    current = _lock_forwarding(forwarding)
    if accept:
        action = "accept_return"
    else:  # back to where it was: 办理中 once signed, 待签收 otherwise
        action = "refuse_return" if current.signed_at else "refuse_return_unsigned"
    return run_forwarding(current, action, by=by, comment=comment).obj


def _store_reply_documents(reply: Reply, documents: list[CleanUpload]) -> None:
    if len(documents) > settings.UPLOAD_MAX_FILES:
        raise ValidationError(
            {"documents": _("最多上传 %(n)s 个答复附件。") % {"n": settings.UPLOAD_MAX_FILES}}
        )
    for upload in documents:
        ReplyDocument.store(upload, reply=reply)


def _lead_forwarding(opinion_id: int) -> Forwarding | None:
    return (
        Forwarding.objects.filter(opinion_id=opinion_id, role=Forwarding.Role.LEAD)
        .exclude(status=Forwarding.Status.WITHDRAWN)
        .select_related("department")
        .first()
    )


def forwarding_reply(
    *,
    forwarding: Forwarding,
    by: User,
    text: str,
    resolution: str,
    contact_person: str = "",
    documents: Iterable[CleanUpload] = (),
) -> Reply:
    """The lead department's reply, with its reply letters (答复函: PDF, DOCX or images,
    checked by content on the way in, ``core.uploads``)."""
    documents = list(documents)
    replies: list[Reply] = []
    data: dict = {}  # completed by apply, which runs before the event is written

    def apply(item: Forwarding) -> None:
        reply = Reply(
            forwarding=item,
            text=text,
            resolution=resolution,
            contact_person=contact_person,
            submitted_by=by,
        )
        reply.full_clean()
        reply.save()
        _store_reply_documents(reply, documents)
        replies.append(reply)
        if item.first_replied_at is None:
            item.first_replied_at = reply.created_at
        data.update(
            reply=reply.pk,
            resolution=reply.get_resolution_display(),
            documents=[d.original_name for d in documents],
        )

    run_forwarding(forwarding, "reply", by=by, data=data, apply=apply)
    return replies[0]


def forwarding_give_opinion(*, forwarding: Forwarding, by: User, text: str) -> Forwarding:
    """A co-handling department's 协办意见 to the lead department (``give_opinion``); the lead's
    users are told. The lead's reply is released only once every co-handler has given one."""
    text = text.strip()

    def apply(item: Forwarding) -> None:
        if not text:
            raise ValidationError({"text": _("请填写协办意见。")})
        item.co_opinion, item.co_opinion_at = text, timezone.now()
        if item.first_replied_at is None:
            item.first_replied_at = item.co_opinion_at
        item.full_clean(validate_unique=False, validate_constraints=False)

    def tell_lead(item: Forwarding, event) -> None:
        lead = _lead_forwarding(item.opinion_id)
        if lead is not None:
            department_notices_add(
                forwarding=lead,
                text=_("协办单位“%(d)s”已就“%(title)s”提交协办意见。")
                % {"d": item.department.name, "title": item.opinion.title},
                cause=f"co-opinion:{event.pk}",
            )

    return run_forwarding(
        forwarding, "give_opinion", by=by, comment=text, apply=apply, after=tell_lead
    ).obj


def forwarding_waive_opinion(*, forwarding: Forwarding, by: User, reason: str) -> Forwarding:
    """The office records an exception: the lead's reply may be released without this
    co-handler's 协办意见 (a reason is required; both departments are told)."""
    reason = reason.strip()

    def apply(item: Forwarding) -> None:
        if not reason:
            raise ValidationError({"reason": _("请写明免予协办意见的理由。")})
        item.waiver_reason = reason

    def tell_departments(item: Forwarding, event) -> None:
        text = _("“%(title)s”：政协机关已同意协办单位“%(d)s”免予提交协办意见（%(reason)s）。") % {
            "title": item.opinion.title,
            "d": item.department.name,
            "reason": reason,
        }
        department_notices_add(forwarding=item, text=text, cause=f"co-waived:{event.pk}:{item.pk}")
        lead = _lead_forwarding(item.opinion_id)
        if lead is not None:
            department_notices_add(
                forwarding=lead, text=text, cause=f"co-waived:{event.pk}:{lead.pk}"
            )

    return run_forwarding(
        forwarding, "waive_opinion", by=by, comment=reason, apply=apply, after=tell_departments
    ).obj


@transaction.atomic
def reply_review(
    *, reply: Reply, by: User, accept: bool, comment: str = "", public_reply: str | None = None
) -> Reply:
    """Staff accept or reject a department's reply. Accepting the lead department's reply makes
    the opinion 已答复 and puts the public reply (as edited by staff) on the tracking page."""
    reply = Reply.objects.select_for_update().get(pk=reply.pk)
    action = "accept_reply" if accept else "reject_reply"
    forwarding = checked(FORWARDING, _lock_forwarding(reply.forwarding), action, by=by)
    opinion = OPINION.lock(forwarding.opinion)
    if reply.review != Reply.Review.PENDING:
        raise TransitionError(_("该答复已审核过。"))
    if not accept and not comment.strip():
        raise ValidationError({"comment": _("请写明退回重办的理由。")})
    now = timezone.now()
    reply.review = Reply.Review.ACCEPTED if accept else Reply.Review.REJECTED
    reply.review_comment, reply.reviewed_by, reply.reviewed_at = comment, by, now
    reply.save()
    run_forwarding(
        forwarding,
        action,
        by=by,
        comment=comment,
        data={"reply": reply.pk},
        changes={"accepted_at": now} if accept else None,
    )
    if accept and forwarding.role == Forwarding.Role.LEAD and opinion.status == Status.FORWARDED:
        text = (public_reply if public_reply is not None else reply.text).strip()
        if not text:
            raise ValidationError({"public_reply": _("请填写向群众公开的答复内容。")})
        run_opinion(opinion, "reply", by=by, changes={"public_reply": text, "replied_at": now})
    return reply


def forwardings_remind_overdue(*, today: datetime.date | None = None) -> int:
    """Once a day per overdue forwarding: an in-app notice to the department's users and an event
    on the opinion. Idempotent within the day (last_reminded_on)."""
    today = today or timezone.localdate()
    reminded = 0
    ids = list(
        Forwarding.objects.overdue(today)
        .exclude(last_reminded_on=today)
        .values_list("pk", flat=True)
    )
    for pk in ids:
        with transaction.atomic():
            forwarding = _lock_forwarding(Forwarding(pk=pk))
            if forwarding.last_reminded_on == today or not forwarding.is_open:
                continue
            run_forwarding(
                forwarding,
                "remind",
                by=None,
                system=True,
                data={"due_date": forwarding.due_date.isoformat()},
                changes={"last_reminded_on": today},
            )
            department_notices_add(
                forwarding=forwarding,
                text=_("转办件“%(title)s”已超过办理期限（%(due)s），请尽快答复。")
                % {"title": forwarding.opinion.title, "due": forwarding.due_date},
                cause=f"overdue:{pk}:{today}",
            )
            reminded += 1
    return reminded
