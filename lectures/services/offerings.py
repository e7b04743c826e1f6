"""The 委员讲堂 menu: a member offers a lecture (a draft, then submitted), the office approves it
onto the public menu or sends it back, and either takes it off again (``lectures.workflows.
OFFERING``)."""

from __future__ import annotations

from typing import Required, TypedDict, Unpack

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core.access import is_self
from members.models import Member
from notifications.models import NoticeKind
from notifications.services import notice_add

from ..models import LectureOffering, LectureOfferingEvent
from ..workflows import OFFERING, OFFERING_EDITABLE
from .common import _office_users, _required

OS = LectureOffering.Status


def _actor(by: User | None) -> User | None:
    return by if by is not None and by.is_authenticated else None


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
