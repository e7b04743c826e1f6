"""The 委员讲堂 orders: a community orders a lecture from the menu (or asks for a topic), the
office dispatches it to a member, who accepts or declines, agrees a date; the office records the
delivery (a liaison activity and a ledger fact) and the requester rates it or withdraws it
through the private link (``lectures.workflows.ORDER``: a row lock, the rule, the state, one
event); side effects (notices, the liaison activity, the ledger fact) happen in the same
transaction. See ``lectures.models`` for the story.
"""

from __future__ import annotations

import datetime
import secrets
from typing import Any, Required, TypedDict, Unpack

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from ledger import services as ledger
from ledger.models import ActivityType
from liaison.services import activity_from_record
from members.models import Member
from notifications.models import NoticeKind
from notifications.services import notice_add
from org.models import Committee

from ..models import (
    LectureField,
    LectureOffering,
    LectureOrder,
    LectureOrderEvent,
    LectureOrderSequence,
    token_digest,
)
from ..workflows import ORDER
from .common import _office_users, _required

OS = LectureOffering.Status
S = LectureOrder.Status


def lecture_key(order: LectureOrder) -> str:
    """The liaison activity's origin and the ledger's source key of a delivered order."""
    return f"lecture:{order.pk}"


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
