"""Services for the second half of the lifecycle: 《社情民意信息》 bulletins, forwarding to
departments, their replies, leader instructions, and the citizen's rating. Same rules as
opinions.services: row locks, guards, an event per step, notifications after commit."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from ledger.services import ledger_on_leader_instruction
from notifications.services import notice_add
from org import scope
from org.models import Committee, Department

from .models import (
    Bulletin,
    BulletinItem,
    BulletinSequence,
    Forwarding,
    LeaderInstruction,
    Opinion,
    Reply,
    Satisfaction,
    Status,
)
from .services import Kind, TransitionError, _check_office, _event, _guard, _lock


def _check_department(by: User, forwarding: Forwarding) -> None:
    if not (
        by.is_authenticated
        and by.role == User.Role.DEPARTMENT
        and by.department_id == forwarding.department_id
    ):
        raise PermissionDenied(_("只有该承办单位的用户可以办理此件。"))


def _lock_forwarding(forwarding: Forwarding) -> Forwarding:
    return (
        Forwarding.objects.select_for_update()
        .select_related("opinion", "department")
        .get(pk=forwarding.pk)
    )


def _fguard(ok: bool, forwarding: Forwarding, action: str) -> None:
    if not ok:
        raise TransitionError(
            _("该转办件当前状态为“%(status)s”，不能%(action)s。")
            % {"status": forwarding.get_status_display(), "action": action}
        )


def bulletin_recipients(committee: Committee) -> str:
    if committee.is_municipal:
        return "报：中共鄂尔多斯市委，鄂尔多斯市人民政府，自治区政协\n送：市委办公室，市政府办公室"
    name = committee.short_name
    return (
        f"报：中共{name}委员会，{name}人民政府，鄂尔多斯市政协\n"
        f"送：{name}委办公室，{name}人民政府办公室"
    )


# --- bulletins -------------------------------------------------------------------------------
@transaction.atomic
def bulletin_create(*, by: User, committee: Committee) -> Bulletin:
    if not (by.is_office and scope.can_change_committee(by, committee.pk)):
        raise PermissionDenied(_("您无权为该政协组织编辑《社情民意信息》。"))
    return Bulletin.objects.create(
        committee=committee,
        year=timezone.localdate().year,
        created_by=by,
        recipients=bulletin_recipients(committee),
    )


def _check_bulletin_editable(by: User, bulletin: Bulletin) -> None:
    if not (by.is_office and scope.can_change_committee(by, bulletin.committee_id)):
        raise PermissionDenied(_("您无权编辑该期《社情民意信息》。"))
    if bulletin.is_issued:
        raise TransitionError(_("已签发的《社情民意信息》不能再修改。"))


@transaction.atomic
def bulletin_add_item(*, bulletin: Bulletin, opinion: Opinion, by: User) -> BulletinItem:
    bulletin = Bulletin.objects.select_for_update().get(pk=bulletin.pk)
    _check_bulletin_editable(by, bulletin)
    opinion = _lock(opinion)
    if opinion.committee_id != bulletin.committee_id:
        raise ValidationError(_("只能编入本政协组织采用的建言。"))
    _guard(opinion.can_compile(), opinion, _("编入《社情民意信息》"))
    if BulletinItem.objects.filter(opinion=opinion).exists():
        raise ValidationError(_("该建言已编入其他一期《社情民意信息》。"))
    last = bulletin.items.order_by("-position").values_list("position", flat=True).first() or 0
    body = opinion.content
    if opinion.analysis:
        body += "\n" + opinion.analysis
    if opinion.suggestion:
        body += "\n" + opinion.suggestion
    return BulletinItem.objects.create(
        bulletin=bulletin,
        opinion=opinion,
        position=last + 1,
        editorial_title=opinion.title,
        editorial_body=body,
    )


@transaction.atomic
def bulletin_update_item(
    *, item: BulletinItem, by: User, editorial_title: str, editorial_body: str
) -> BulletinItem:
    item = BulletinItem.objects.select_for_update().select_related("bulletin").get(pk=item.pk)
    _check_bulletin_editable(by, item.bulletin)
    item.editorial_title, item.editorial_body = editorial_title, editorial_body
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def bulletin_remove_item(*, item: BulletinItem, by: User) -> None:
    item = BulletinItem.objects.select_for_update().select_related("bulletin").get(pk=item.pk)
    _check_bulletin_editable(by, item.bulletin)
    item.delete()


@transaction.atomic
def bulletin_move_item(*, item: BulletinItem, by: User, up: bool) -> None:
    item = BulletinItem.objects.select_for_update().select_related("bulletin").get(pk=item.pk)
    _check_bulletin_editable(by, item.bulletin)
    items = list(item.bulletin.items.select_for_update().order_by("position", "pk"))
    index = next(i for i, other in enumerate(items) if other.pk == item.pk)
    swap = index - 1 if up else index + 1
    if 0 <= swap < len(items):
        items[index], items[swap] = items[swap], items[index]
    for position, other in enumerate(items, 1):
        if other.position != position:
            other.position = position
            other.save(update_fields=["position"])


@transaction.atomic
def bulletin_issue(*, bulletin: Bulletin, by: User) -> Bulletin:
    """签发: take the next 期号 for the committee and year (the sequence row is locked, so two
    sign-offs at once get consecutive numbers), make the issue read-only, mark items compiled."""
    bulletin = Bulletin.objects.select_for_update().get(pk=bulletin.pk)
    _check_bulletin_editable(by, bulletin)
    items = list(bulletin.items.select_related("opinion").order_by("position", "pk"))
    if not items:
        raise ValidationError(_("本期还没有编入任何信息，不能签发。"))
    year = timezone.localdate().year
    BulletinSequence.objects.get_or_create(committee_id=bulletin.committee_id, year=year)
    sequence = BulletinSequence.objects.select_for_update().get(
        committee_id=bulletin.committee_id, year=year
    )
    sequence.last += 1
    sequence.save(update_fields=["last"])
    bulletin.year, bulletin.number = year, sequence.last
    bulletin.status = Bulletin.Status.ISSUED
    bulletin.signed_by, bulletin.issued_at = by, timezone.now()
    bulletin.save()
    for item in items:
        opinion = _lock(item.opinion)
        if opinion.status == Status.ADOPTED:
            opinion.status = Status.COMPILED
            opinion.save()
            _event(
                opinion,
                kind=Kind.COMPILED,
                actor=by,
                from_status=Status.ADOPTED,
                to_status=Status.COMPILED,
                data={"bulletin": bulletin.pk, "number": bulletin.number, "year": year},
            )
    return bulletin


# --- forwarding ------------------------------------------------------------------------------
def default_due_date() -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=settings.FORWARDING_DEFAULT_DAYS)


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
    opinion = _lock(opinion)
    _check_office(by, opinion)
    if expected_status and opinion.status != expected_status:
        raise TransitionError(_("该建言刚刚已被他人处理，请查看最新情况后再操作。"))
    _guard(opinion.can_forward(), opinion, _("转交承办单位"))
    co = [d for d in co if lead is None or d.pk != lead.pk]
    if lead is None and not co:
        raise ValidationError({"lead": _("请选择主办单位。")})
    if due_date <= timezone.localdate():
        raise ValidationError({"due_date": _("办理期限须晚于今天。")})
    departments = ([lead] if lead else []) + co
    for department in departments:
        if department.committee_id != opinion.committee_id or not department.is_active:
            raise ValidationError(_("“%(d)s”不是本政协组织可转办的承办单位。") % {"d": department})
    open_forwardings = list(opinion.forwardings.exclude(status=Forwarding.Status.WITHDRAWN))
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
        forwarding = Forwarding.objects.create(
            opinion=opinion,
            department=department,
            role=role,
            due_date=due_date,
            cover_note=cover_note,
            created_by=by,
        )
        created.append(forwarding)
    from_status = opinion.status
    opinion.status = Status.FORWARDED
    opinion.save()
    _event(
        opinion,
        kind=Kind.FORWARDED,
        actor=by,
        from_status=from_status,
        to_status=Status.FORWARDED,
        comment=cover_note,
        data={
            "forwardings": [f.pk for f in created],
            "departments": [f"{f.department.name}（{f.get_role_display()}）" for f in created],
            "due_date": due_date.isoformat(),
        },
    )
    for forwarding in created:
        for user in forwarding.department.users.filter(is_active=True):
            notice_add(
                user=user,
                text=_("新的转办件：%(title)s（办理期限 %(due)s）")
                % {"title": forwarding.opinion.title, "due": forwarding.due_date},
                link=f"/opinions/dept/{forwarding.pk}/",
                cause=f"forwarding-new:{forwarding.pk}:{user.pk}",
            )
    return created


@transaction.atomic
def forwarding_sign(*, forwarding: Forwarding, by: User) -> Forwarding:
    forwarding = _lock_forwarding(forwarding)
    _check_department(by, forwarding)
    _fguard(forwarding.can_sign(), forwarding, _("签收"))
    forwarding.status = Forwarding.Status.SIGNED
    forwarding.signed_at = timezone.now()
    forwarding.save()
    _event(
        forwarding.opinion,
        kind=Kind.SIGNED,
        actor=by,
        data={"forwarding": forwarding.pk, "department": forwarding.department.name},
    )
    return forwarding


@transaction.atomic
def forwarding_request_return(*, forwarding: Forwarding, by: User, reason: str) -> Forwarding:
    forwarding = _lock_forwarding(forwarding)
    _check_department(by, forwarding)
    _fguard(forwarding.can_request_return(), forwarding, _("申请退回"))
    if not reason.strip():
        raise ValidationError({"reason": _("请说明申请退回的理由。")})
    forwarding.status = Forwarding.Status.RETURN_REQUESTED
    forwarding.return_reason = reason
    forwarding.save()
    _event(
        forwarding.opinion,
        kind=Kind.RETURN_REQUESTED,
        actor=by,
        comment=reason,
        data={"forwarding": forwarding.pk, "department": forwarding.department.name},
    )
    return forwarding


@transaction.atomic
def forwarding_decide_return(
    *, forwarding: Forwarding, by: User, accept: bool, comment: str = ""
) -> Forwarding:
    forwarding = _lock_forwarding(forwarding)
    _check_office(by, forwarding.opinion)
    _fguard(forwarding.can_decide_return(), forwarding, _("审核退回申请"))
    if accept:
        forwarding.status = Forwarding.Status.WITHDRAWN
    else:
        forwarding.status = (
            Forwarding.Status.SIGNED if forwarding.signed_at else Forwarding.Status.NEW
        )
    forwarding.save()
    _event(
        forwarding.opinion,
        kind=Kind.RETURN_ACCEPTED if accept else Kind.RETURN_REFUSED,
        actor=by,
        comment=comment,
        data={"forwarding": forwarding.pk, "department": forwarding.department.name},
    )
    return forwarding


@transaction.atomic
def forwarding_reply(
    *, forwarding: Forwarding, by: User, text: str, resolution: str, contact_person: str = ""
) -> Reply:
    forwarding = _lock_forwarding(forwarding)
    _check_department(by, forwarding)
    _fguard(forwarding.can_reply(), forwarding, _("答复"))
    reply = Reply(
        forwarding=forwarding,
        text=text,
        resolution=resolution,
        contact_person=contact_person,
        submitted_by=by,
    )
    reply.full_clean()
    reply.save()
    forwarding.status = Forwarding.Status.REPLIED
    if forwarding.first_replied_at is None:
        forwarding.first_replied_at = reply.created_at
    forwarding.save()
    _event(
        forwarding.opinion,
        kind=Kind.REPLY_SUBMITTED,
        actor=by,
        data={
            "forwarding": forwarding.pk,
            "reply": reply.pk,
            "department": forwarding.department.name,
            "resolution": reply.get_resolution_display(),
        },
    )
    return reply


@transaction.atomic
def reply_review(
    *, reply: Reply, by: User, accept: bool, comment: str = "", public_reply: str | None = None
) -> Reply:
    """Staff accept or reject a department's reply. Accepting the lead department's reply makes
    the opinion 已答复 and puts the public reply (as edited by staff) on the tracking page."""
    reply = Reply.objects.select_for_update().get(pk=reply.pk)
    forwarding = _lock_forwarding(reply.forwarding)
    opinion = _lock(forwarding.opinion)
    _check_office(by, opinion)
    _fguard(
        forwarding.can_review_reply() and reply.review == Reply.Review.PENDING,
        forwarding,
        _("审核答复"),
    )
    if not accept and not comment.strip():
        raise ValidationError({"comment": _("请写明退回重办的理由。")})
    now = timezone.now()
    reply.review = Reply.Review.ACCEPTED if accept else Reply.Review.REJECTED
    reply.review_comment, reply.reviewed_by, reply.reviewed_at = comment, by, now
    reply.save()
    forwarding.status = Forwarding.Status.ACCEPTED if accept else Forwarding.Status.REJECTED
    if accept:
        forwarding.accepted_at = now
    forwarding.save()
    _event(
        opinion,
        kind=Kind.REPLY_ACCEPTED if accept else Kind.REPLY_REJECTED,
        actor=by,
        comment=comment,
        data={
            "forwarding": forwarding.pk,
            "reply": reply.pk,
            "department": forwarding.department.name,
        },
    )
    if accept and forwarding.role == Forwarding.Role.LEAD and opinion.status == Status.FORWARDED:
        text = (public_reply if public_reply is not None else reply.text).strip()
        if not text:
            raise ValidationError({"public_reply": _("请填写向群众公开的答复内容。")})
        from_status = opinion.status
        opinion.status = Status.REPLIED
        opinion.public_reply = text
        opinion.replied_at = now
        opinion.save()
        _event(
            opinion, kind=Kind.REPLIED, actor=by, from_status=from_status, to_status=Status.REPLIED
        )
    return reply


# --- leader instructions ---------------------------------------------------------------------
@transaction.atomic
def instruction_record(
    *,
    opinion: Opinion,
    by: User,
    leader_name: str,
    leader_title: str,
    level: str,
    instructed_on: datetime.date,
    text: str,
) -> LeaderInstruction:
    opinion = _lock(opinion)
    _check_office(by, opinion)
    _guard(opinion.can_record_instruction(), opinion, _("登记领导批示"))
    if instructed_on > timezone.localdate():
        raise ValidationError({"instructed_on": _("批示日期不能晚于今天。")})
    instruction = LeaderInstruction(
        opinion=opinion,
        leader_name=leader_name,
        leader_title=leader_title,
        level=level,
        instructed_on=instructed_on,
        text=text,
        recorded_by=by,
    )
    instruction.full_clean()
    instruction.save()
    _event(
        opinion,
        kind=Kind.INSTRUCTION,
        actor=by,
        comment=text,
        data={
            "instruction": instruction.pk,
            "leader": f"{leader_title} {leader_name}",
            "level": level,
        },
    )
    _ledger_instruction(opinion, instruction)
    return instruction


def _ledger_instruction(opinion: Opinion, instruction: LeaderInstruction) -> None:
    """Members who wrote the item earn 批示 points (ledger.services)."""
    if opinion.author_id:
        authors = [opinion.author, *opinion.co_authors.all()]
        for member in authors:
            ledger_on_leader_instruction(
                member=member,
                instruction_key=instruction.pk,
                when=instruction.instructed_on,
            )


# --- the citizen closes the loop -------------------------------------------------------------
@transaction.atomic
def opinion_rate(
    *, opinion: Opinion, satisfaction: str, comment: str = "", rehandle: bool = False
) -> Opinion:
    opinion = _lock(opinion)
    _guard(opinion.can_rate(), opinion, _("评价"))
    if satisfaction not in Satisfaction.values:
        raise ValidationError({"satisfaction": _("请选择满意度。")})
    now = timezone.now()
    opinion.satisfaction, opinion.satisfaction_comment, opinion.rated_at = (
        satisfaction,
        comment[:500],
        now,
    )
    opinion.save()
    _event(
        opinion, kind=Kind.RATED, comment=comment, actor=None, data={"satisfaction": satisfaction}
    )
    if (
        rehandle
        and satisfaction == Satisfaction.UNSATISFIED
        and opinion.rehandle_requested_at is None
    ):  # once only
        return _rehandle(opinion, comment)
    return _close(opinion, reason="rated")


def _close(opinion: Opinion, *, reason: str) -> Opinion:
    from_status = opinion.status
    opinion.status = Status.CLOSED
    opinion.closed_at = timezone.now()
    opinion.save()
    _event(
        opinion,
        kind=Kind.CLOSED,
        actor=None,
        from_status=from_status,
        to_status=Status.CLOSED,
        data={"reason": reason},
    )
    return opinion


def _rehandle(opinion: Opinion, comment: str) -> Opinion:
    lead = (
        opinion.forwardings.select_for_update()
        .filter(role=Forwarding.Role.LEAD, status=Forwarding.Status.ACCEPTED)
        .order_by("-accepted_at")
        .first()
    )
    if lead is None:
        raise TransitionError(_("找不到原主办单位，无法重新办理，请联系政协机关。"))
    lead.status = Forwarding.Status.SIGNED
    lead.due_date = default_due_date()
    lead.save()
    from_status = opinion.status
    opinion.status = Status.FORWARDED
    opinion.rehandle_requested_at = timezone.now()
    opinion.rated_at = None  # the citizen rates the new answer (the first rating is an event)
    opinion.save()
    _event(
        opinion,
        kind=Kind.REHANDLE,
        actor=None,
        from_status=from_status,
        to_status=Status.FORWARDED,
        comment=comment,
        data={
            "forwarding": lead.pk,
            "department": lead.department.name,
            "due_date": lead.due_date.isoformat(),
        },
    )
    return opinion


@transaction.atomic
def opinion_request_rehandle(*, opinion: Opinion, comment: str = "") -> Opinion:
    """An unsatisfied submitter may ask once for re-handling (also after the opinion closed)."""
    opinion = _lock(opinion)
    _guard(opinion.can_request_rehandle(), opinion, _("申请重新办理"))
    return _rehandle(opinion, comment)


def opinions_auto_close(*, now=None) -> int:
    """Close replied opinions nobody rated within OPINION_AUTO_CLOSE_DAYS. Idempotent."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=settings.OPINION_AUTO_CLOSE_DAYS)
    closed = 0
    for pk in Opinion.objects.filter(status=Status.REPLIED, replied_at__lt=cutoff).values_list(
        "pk", flat=True
    ):
        with transaction.atomic():
            opinion = Opinion.objects.select_for_update().get(pk=pk)
            if opinion.status == Status.REPLIED and opinion.replied_at < cutoff:
                _close(opinion, reason="no_rating")
                closed += 1
    return closed


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
            forwarding = (
                Forwarding.objects.select_for_update()
                .select_related("opinion", "department")
                .get(pk=pk)
            )
            if forwarding.last_reminded_on == today or not forwarding.is_open:
                continue
            forwarding.last_reminded_on = today
            forwarding.save(update_fields=["last_reminded_on"])
            _event(
                forwarding.opinion,
                kind=Kind.OVERDUE_REMINDER,
                actor=None,
                data={
                    "forwarding": pk,
                    "department": forwarding.department.name,
                    "due_date": forwarding.due_date.isoformat(),
                },
            )
            for user in forwarding.department.users.filter(is_active=True):
                notice_add(
                    user=user,
                    text=_("转办件“%(title)s”已超过办理期限（%(due)s），请尽快答复。")
                    % {"title": forwarding.opinion.title, "due": forwarding.due_date},
                    link=f"/opinions/dept/{pk}/",
                    cause=f"overdue:{pk}:{today}:{user.pk}",
                )
            reminded += 1
    return reminded
