"""Every write to the 委员讲堂 menu and its orders goes through these functions.

Status changes run through the transition tables (``lectures.workflows``: a row lock, the rule,
the state, one event); side effects (notices, the liaison activity, the ledger fact) happen in
the same transaction. See ``lectures.models`` for the story.
"""

from __future__ import annotations

import datetime
import secrets
from typing import Any, Required, TypedDict, Unpack

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import User
from audit.services import audit_log
from core.access import is_self
from ledger import services as ledger
from ledger.models import ActivityType
from liaison.services import activity_from_record
from members.models import Member
from notifications.models import NoticeKind
from notifications.services import Due, notice_add, reminders_send
from org.models import Committee

from .models import (
    LectureField,
    LectureOffering,
    LectureOfferingEvent,
    LectureOrder,
    LectureOrderEvent,
    LectureOrderSequence,
    token_digest,
)
from .workflows import OFFERING, OFFERING_EDITABLE, ORDER

OS = LectureOffering.Status
S = LectureOrder.Status


def lecture_key(order: LectureOrder) -> str:
    """The liaison activity's origin and the ledger's source key of a delivered order."""
    return f"lecture:{order.pk}"


def _actor(by: User | None) -> User | None:
    return by if by is not None and by.is_authenticated else None


def _required(value: str, field: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: message})
    return value


def _office_users(committee_id: int):
    return User.objects.filter(
        committee_id=committee_id, role=User.Role.STAFF, is_active=True
    ).order_by("pk")


# --- offerings (讲堂菜单) --------------------------------------------------------------------
class OfferingDetails(TypedDict, total=False):
    title: Required[str]
    field: Required[str]
    audience: Required[str]
    length_minutes: Required[int]
    description: Required[str]


OFFERING_FIELDS = tuple(OfferingDetails.__annotations__)


def offering_save(
    *,
    by: User,
    member: Member,
    offering: LectureOffering | None = None,
    **details: Unpack[OfferingDetails],
) -> LectureOffering:
    """A member writes a new offering (a draft) or edits their draft, rejected or withdrawn one."""
    if not is_self(by, member.user_id):
        raise PermissionDenied(_("只能填报本人的讲题。"))
    unknown = details.keys() - set(OFFERING_FIELDS)
    if unknown:
        raise TypeError(f"not an offering field: {', '.join(sorted(unknown))}")
    with transaction.atomic():
        if offering is None:
            offering = LectureOffering(
                committee_id=member.committee_id, member=member, status=OS.DRAFT, **details
            )
            offering.full_clean()
            offering.save()
            LectureOfferingEvent.objects.create(
                offering=offering,
                kind=LectureOfferingEvent.Kind.CREATED,
                actor=_actor(by),
                to_status=offering.status,
            )
            return offering
        offering = OFFERING.lock(offering)
        if offering.member_id != member.pk:
            raise PermissionDenied(_("只能修改本人的讲题。"))
        return OFFERING.edit_locked(
            offering,
            details,
            editable=OFFERING_EDITABLE,
            refusal=_("当前状态“%(status)s”下不能修改，请先下架。"),
        )


def offering_submit(*, offering: LectureOffering, by: User) -> LectureOffering:
    def notify(submitted: LectureOffering, _event) -> None:
        for user in _office_users(submitted.committee_id):
            notice_add(
                user=user,
                text=_("委员讲堂新讲题待审核：%(title)s") % {"title": submitted.title},
                link=reverse("lectures:offering_detail", args=[submitted.pk]),
                cause=f"lecture-offering-submitted:{submitted.pk}:{submitted.events.count()}",
                kind=NoticeKind.REVIEW,
            )

    return OFFERING.run(
        offering,
        "submit",
        by=by,
        changes={"reject_reason": ""},
        validate=True,
        after=notify,
    ).obj


def offering_approve(*, offering: LectureOffering, by: User, comment: str = "") -> LectureOffering:
    return OFFERING.run(
        offering,
        "approve",
        by=by,
        comment=comment,
        changes={"approved_at": timezone.now()},
        after=lambda o, e: _tell_author(
            o, _("您的讲题“%(title)s”已上架委员讲堂菜单。") % {"title": o.title}, e
        ),
    ).obj


def offering_reject(*, offering: LectureOffering, by: User, reason: str) -> LectureOffering:
    reason = (reason or "").strip()

    def apply(locked: LectureOffering) -> None:
        locked.reject_reason = _required(reason, "reason", _("请写明退回的理由。"))[:200]

    return OFFERING.run(
        offering,
        "reject",
        by=by,
        comment=reason,
        apply=apply,
        after=lambda o, e: _tell_author(
            o,
            _("您的讲题“%(title)s”未通过审核：%(reason)s") % {"title": o.title, "reason": reason},
            e,
        ),
    ).obj


def offering_withdraw(*, offering: LectureOffering, by: User, reason: str = "") -> LectureOffering:
    """Off the menu (the member's own decision, or staff's); orders already placed go on."""
    return OFFERING.run(offering, "withdraw", by=by, comment=(reason or "").strip()).obj


def _tell_author(offering: LectureOffering, text: str, event) -> None:
    member = offering.member
    if member.user_id is None:
        return
    notice_add(
        user=User.objects.get(pk=member.user_id),
        text=text,
        link=reverse("lectures:mine"),
        cause=f"lecture-offering:{offering.pk}:{event.pk}",
        kind=NoticeKind.ACTIVITY,
    )


# --- orders: placed by the public -----------------------------------------------------------
class OrderDetails(TypedDict, total=False):
    requester_kind: Required[str]
    organisation: Required[str]
    contact_name: Required[str]
    contact_phone: Required[str]
    place: Required[str]
    audience_size: Required[int]
    preferred_dates: Required[str]
    notes: str


def _next_code(year: int) -> str:
    LectureOrderSequence.objects.get_or_create(year=year)
    sequence = LectureOrderSequence.objects.select_for_update().get(year=year)
    sequence.last += 1
    sequence.save(update_fields=["last"])
    return f"JT-{year}-{sequence.last:05d}"


def order_place(
    *,
    offering: LectureOffering | None,
    committee: Committee | None = None,
    topic: str = "",
    field: str = "",
    consent: bool,
    flags: list[str] | None = None,
    dedupe_token: str | None = None,
    **details: Unpack[OrderDetails],
) -> tuple[LectureOrder, str | None]:
    """A community, village, enterprise, school or service window orders a lecture from the
    menu (``offering``, which must be on it) or asks for a ``topic`` in a ``field`` of a
    committee. Returns the order and the secret of its private link (``None`` when the same form
    was posted twice: the first POST's order, whose link was already shown)."""
    if not consent:
        raise ValidationError({"consent": _("请阅读并同意个人信息处理告知后再下单。")})
    if dedupe_token:
        existing = LectureOrder.objects.filter(dedupe_token=dedupe_token).first()
        if existing is not None:
            return existing, None
    topic = (topic or "").strip()
    if offering is not None:
        if offering.status != OS.APPROVED:
            raise ValidationError({"offering": _("该讲题已不在菜单上，请重新选择。")})
        committee_id = offering.committee_id
        field = offering.field
        topic = ""
    else:
        if not topic:
            raise ValidationError({"topic": _("请从菜单中选择讲题，或写下希望讲的题目。")})
        if committee is None:
            raise ValidationError({"committee": _("请选择受理的旗区政协。")})
        if field not in LectureField.values:
            raise ValidationError({"field": _("请选择领域。")})
        committee_id = committee.pk
    token = secrets.token_urlsafe(24)
    try:
        with transaction.atomic():
            order = LectureOrder(
                committee_id=committee_id,
                offering=offering,
                topic=topic,
                field=field,
                consent=True,
                flags=list(flags or []),
                dedupe_token=dedupe_token or None,
                token_hash=token_digest(token),
                status=S.NEW,
                code="pending",
                **details,
            )
            order.full_clean(exclude=["code"])
            order.code = _next_code(timezone.localdate().year)
            order.save()
            LectureOrderEvent.objects.create(
                order=order, kind=LectureOrderEvent.Kind.CREATED, to_status=order.status
            )
            if not order.flags:
                for user in _office_users(committee_id):
                    notice_add(
                        user=user,
                        text=_("委员讲堂新订单待派单：%(org)s点单“%(title)s”")
                        % {"org": order.organisation, "title": order.title},
                        link=reverse("lectures:order_detail", args=[order.pk]),
                        cause=f"lecture-order-placed:{order.pk}",
                        kind=NoticeKind.REVIEW,
                    )
    except IntegrityError:
        if dedupe_token:
            existing = LectureOrder.objects.filter(dedupe_token=dedupe_token).first()
            if existing is not None:
                return existing, None
        raise
    return order, token


def order_by_token(token: str) -> LectureOrder | None:
    """The order a private link opens (None for anything else, without telling why)."""
    if not token or len(token) > 64:
        return None
    return (
        LectureOrder.objects.select_related("offering", "member", "committee")
        .filter(token_hash=token_digest(token))
        .first()
    )


# --- orders: staff and the member -----------------------------------------------------------
def dispatch_candidates(order: LectureOrder):
    """The active members an order may go to: those of its committee (with an account, so they
    can accept it)."""
    return Member.objects.filter(
        committee_id=order.committee_id, status=Member.Status.ACTIVE, user__isnull=False
    )


def order_dispatch(
    *, order: LectureOrder, by: User, member: Member, comment: str = ""
) -> LectureOrder:
    def apply(locked: LectureOrder) -> None:
        if not dispatch_candidates(locked).filter(pk=member.pk).exists():
            raise ValidationError({"member": _("只能派给本政协组织在任、已开通账号的委员。")})
        if locked.member_id == member.pk and locked.status == S.DISPATCHED:
            raise ValidationError({"member": _("订单已派给这位委员。")})
        locked.member = member
        locked.dispatched_at = timezone.now()
        locked.decline_reason = ""

    def notify(dispatched: LectureOrder, event) -> None:
        if member.user_id is None:  # not a candidate (checked in apply)
            return
        notice_add(
            user=User.objects.get(pk=member.user_id),
            text=_("委员讲堂订单派给您：%(org)s希望听“%(title)s”，请在3天内接单或说明原因。")
            % {"org": dispatched.organisation, "title": dispatched.title},
            link=reverse("lectures:my_order", args=[dispatched.pk]),
            cause=f"lecture-order:{dispatched.pk}:{event.pk}",
            kind=NoticeKind.ACTIVITY,
        )

    return ORDER.run(
        order,
        "dispatch",
        by=by,
        comment=comment,
        apply=apply,
        data={"member": member.pk, "member_name": member.name},
        after=notify,
    ).obj


def order_accept(*, order: LectureOrder, by: User, comment: str = "") -> LectureOrder:
    return ORDER.run(
        order, "accept", by=by, comment=comment, changes={"accepted_at": timezone.now()}
    ).obj


def order_decline(*, order: LectureOrder, by: User, reason: str) -> LectureOrder:
    """The member cannot take it (with a reason): back to staff for a re-dispatch."""
    reason = (reason or "").strip()
    declined_by = order.member

    def apply(locked: LectureOrder) -> None:
        locked.decline_reason = _required(reason, "reason", _("请写明不能接单的原因。"))[:200]
        locked.member = None
        locked.dispatched_at = None

    def notify(declined: LectureOrder, event) -> None:
        for user in _office_users(declined.committee_id):
            notice_add(
                user=user,
                text=_("%(member)s婉拒了讲堂订单%(code)s：%(reason)s，请重新派单。")
                % {
                    "member": declined_by.name if declined_by else "",
                    "code": declined.code,
                    "reason": reason,
                },
                link=reverse("lectures:order_detail", args=[declined.pk]),
                cause=f"lecture-order:{declined.pk}:{event.pk}",
                kind=NoticeKind.REVIEW,
            )

    return ORDER.run(
        order,
        "decline",
        by=by,
        comment=reason,
        apply=apply,
        data={"member": order.member_id},
        after=notify,
    ).obj


def order_schedule(
    *, order: LectureOrder, by: User, agreed_on: datetime.date, agreed_time: str = ""
) -> LectureOrder:
    def apply(locked: LectureOrder) -> None:
        if agreed_on is None:
            raise ValidationError({"agreed_on": _("请填写约定的日期。")})
        if agreed_on < timezone.localdate():
            raise ValidationError({"agreed_on": _("约定日期不能早于今天。")})
        locked.agreed_on = agreed_on
        locked.agreed_time = (agreed_time or "").strip()[:30]

    return ORDER.run(
        order,
        "schedule",
        by=by,
        comment=f"{agreed_on:%Y-%m-%d} {agreed_time}".strip() if agreed_on else "",
        apply=apply,
    ).obj


def order_deliver(
    *,
    order: LectureOrder,
    by: User,
    delivered_on: datetime.date,
    people_reached: int,
    summary: str,
) -> LectureOrder:
    """Staff record that the lecture was given: it becomes a confirmed liaison activity of the
    member (委员讲堂) and the member's ledger fact 委员讲堂接单授课 — once per order, whatever
    happens twice."""

    def apply(locked: LectureOrder) -> None:
        errors: dict[str, Any] = {}
        if delivered_on is None or delivered_on > timezone.localdate():
            errors["delivered_on"] = _("授课日期不能晚于今天；讲完后再登记。")
        elif locked.agreed_on and delivered_on < locked.agreed_on - datetime.timedelta(days=60):
            errors["delivered_on"] = _("授课日期与约定日期相差太远，请核对。")
        if people_reached is None or people_reached < 0:
            errors["people_reached"] = _("请填写实际听众人数。")
        if errors:
            raise ValidationError(errors)
        locked.delivered_on = delivered_on
        locked.people_reached = people_reached
        locked.delivery_summary = (summary or "").strip()[:1000]

    def record(delivered: LectureOrder, _event) -> None:
        member = delivered.member
        when = delivered.delivered_on or timezone.localdate()  # set in apply
        activity = activity_from_record(
            origin=lecture_key(delivered),
            member=member,
            committee=delivered.committee,
            type=ActivityType.LECTURE,
            title=_("委员讲堂进%(org)s：%(title)s")
            % {"org": delivered.organisation, "title": delivered.title},
            occurred_on=when,
            place=delivered.place,
            people_reached=delivered.people_reached or 0,
            summary=delivered.delivery_summary or delivered.title,
            by=by,
            comment=_("由委员讲堂订单%(code)s授课完成生成") % {"code": delivered.code},
        )
        LectureOrder.objects.filter(pk=delivered.pk).update(activity=activity)
        delivered.activity = activity
        ledger.ledger_on_lecture_delivered(
            member=member,
            lecture_key=delivered.pk,
            when=when,
            description=_("委员讲堂授课：%(title)s（%(org)s）")
            % {"title": delivered.title, "org": delivered.organisation},
            link=reverse("liaison:activity_detail", args=[activity.pk]),
        )

    return ORDER.run(order, "deliver", by=by, apply=apply, after=record).obj


def order_rate(*, order: LectureOrder, rating: str, comment: str = "") -> LectureOrder:
    """The requester's rating, through the private link (no account: the token is the proof)."""
    comment = (comment or "").strip()[:300]

    def apply(locked: LectureOrder) -> None:
        if rating not in LectureOrder.Rating.values:
            raise ValidationError({"rating": _("请选择评价。")})
        locked.rating = rating
        locked.rating_comment = comment
        locked.rated_at = timezone.now()

    def notify(rated: LectureOrder, event) -> None:
        if rated.member is not None and rated.member.user_id is not None:
            notice_add(
                user=User.objects.get(pk=rated.member.user_id),
                text=_("%(org)s评价了您的讲座“%(title)s”：%(rating)s")
                % {
                    "org": rated.organisation,
                    "title": rated.title,
                    "rating": rated.get_rating_display(),
                },
                link=reverse("lectures:my_order", args=[rated.pk]),
                cause=f"lecture-order:{rated.pk}:{event.pk}",
                kind=NoticeKind.ACTIVITY,
            )

    return ORDER.run(
        order,
        "rate",
        by=None,
        comment=comment,
        apply=apply,
        data={"rating": rating},
        after=notify,
    ).obj


def order_withdraw(*, order: LectureOrder, reason: str = "") -> LectureOrder:
    """The requester no longer needs it (through the private link): cancelled, and the member
    it was dispatched to and the committee's office are told."""
    reason = (reason or "").strip()[:200]

    def apply(locked: LectureOrder) -> None:
        locked.cancel_reason = reason or _("群众撤销了订单。")

    def notify(withdrawn: LectureOrder, event) -> None:
        users = list(_office_users(withdrawn.committee_id))
        if withdrawn.member is not None and withdrawn.member.user_id is not None:
            users.append(User.objects.get(pk=withdrawn.member.user_id))
        for user in users:
            notice_add(
                user=user,
                text=_("%(org)s撤销了讲堂订单%(code)s“%(title)s”。")
                % {"org": withdrawn.organisation, "code": withdrawn.code, "title": withdrawn.title},
                link=reverse(
                    "lectures:my_order"
                    if user.role == User.Role.MEMBER
                    else "lectures:order_detail",
                    args=[withdrawn.pk],
                ),
                cause=f"lecture-order:{withdrawn.pk}:{event.pk}",
                kind=NoticeKind.ACTIVITY,
            )

    return ORDER.run(order, "withdraw", by=None, comment=reason, apply=apply, after=notify).obj


def order_cancel(*, order: LectureOrder, by: User, reason: str) -> LectureOrder:
    reason = (reason or "").strip()

    def apply(locked: LectureOrder) -> None:
        locked.cancel_reason = _required(reason, "reason", _("请写明取消的原因。"))[:200]

    return ORDER.run(order, "cancel", by=by, comment=reason, apply=apply).obj


# --- reminders and retention -----------------------------------------------------------------
def lecture_reminders_send(*, now: datetime.datetime | None = None) -> int:
    """Daily: a notice to the office (active staff) of the order's own committee for each order
    dispatched more than three days ago and not accepted (超时未接单). Once per dispatch — the
    key names the order and its dispatch time, so a re-dispatched order that waits again is
    reminded again. Returns how many orders were reminded of."""
    now = now or timezone.now()
    overdue = LectureOrder.objects.overdue(now).select_related("offering", "member")
    orders = list(overdue.order_by("pk"))
    if not orders:
        return 0
    office: dict[int | None, list[User]] = {}
    for user in User.objects.filter(
        committee_id__in={o.committee_id for o in orders}, role=User.Role.STAFF, is_active=True
    ).order_by("pk"):
        office.setdefault(user.committee_id, []).append(user)
    link = reverse("lectures:orders") + "?show=overdue"
    due = []
    with translation.override(settings.LANGUAGE_CODE):
        for order in orders:
            text = _(
                "讲堂订单超时未接单：%(code)s（%(org)s，“%(title)s”）派给%(member)s已超过3天，"
                "请跟进或改派。"
            ) % {
                "code": order.code,
                "org": order.organisation,
                "title": order.title,
                "member": order.member.name if order.member_id else "",
            }
            due.append(
                Due(
                    key=f"lecture-overdue:{order.pk}:{order.dispatched_at:%Y%m%d%H%M%S}",
                    users=office.get(order.committee_id, []),
                    text=text,
                    link=reverse("lectures:order_detail", args=[order.pk]),
                    title=order.code,
                )
            )

        def digest(items: list[Due]) -> tuple[str, str]:
            return (
                _("%(count)s 个讲堂订单超过3天未接单：%(codes)s。")
                % {"count": len(items), "codes": "、".join(item.title for item in items)},
                link,
            )

    return reminders_send(due=due, kind=NoticeKind.REVIEW, digest=digest)


def requesters_anonymise_expired(*, now: datetime.datetime | None = None) -> int:
    """Daily (PIPL): blank the requester's contact name and phone of orders closed more than
    ``LECTURE_REQUESTER_RETENTION_DAYS`` ago — rated, delivered and never rated (from the
    lecture day), or cancelled/withdrawn (from the last change). The organisation, place and
    the lecture itself stay (they are the activity's record). Idempotent; one audit entry."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=settings.LECTURE_REQUESTER_RETENTION_DAYS)
    closed = (
        Q(status=S.RATED, rated_at__lt=cutoff)
        | Q(status=S.DELIVERED, delivered_on__lt=timezone.localdate(cutoff))
        | Q(status=S.CANCELLED, updated_at__lt=cutoff)
    )
    expired = LectureOrder.objects.filter(closed).exclude(contact_name="", contact_phone="")
    with transaction.atomic():
        # .update(): updated_at stays (it dates the closing, above)
        count = expired.update(contact_name="", contact_phone="")
        if count:
            audit_log(
                actor=None,
                action="retention_anonymise",
                # the target's name from before the app split (ADR 0018), so entries compare
                target="consultations.lecture_orders",
                detail={"count": count, "cutoff": cutoff.isoformat()},
            )
    return count
