"""Reads of the 委员讲堂 shared by views, the workspace and the demo data. Committee
scope comes from ScopedQuerySet.visible_to — never filtered here by hand."""

from __future__ import annotations

from django.db.models import Case, Exists, IntegerField, OuterRef, Prefetch, Q, Value, When

from members.models import Member

from .models import (
    ACCEPT_WITHIN,
    LectureField,
    LectureOffering,
    LectureOfferingEvent,
    LectureOrder,
    LectureOrderEvent,
)
from .services import dispatch_candidates

OS = LectureOffering.Status
S = LectureOrder.Status


# --- the public menu -------------------------------------------------------------------------
def public_menu(*, field: str = "", committee_id: int | None = None):
    """The approved offerings, newest first; by field and 旗区 when asked."""
    qs = LectureOffering.objects.filter(status=OS.APPROVED).select_related("member", "committee")
    if field:
        qs = qs.filter(field=field)
    if committee_id:
        qs = qs.filter(committee_id=committee_id)
    return qs.order_by("-approved_at", "-pk")


# --- offerings -------------------------------------------------------------------------------
def offering_desk(*, user):
    """Staff's list: the committees they see, never a member's drafts."""
    return (
        LectureOffering.objects.visible_to(user)
        .exclude(status=OS.DRAFT)
        .select_related("member", "committee")
        .order_by("-updated_at", "-pk")
    )


def offering_detail(*, user):
    """An offering the user may open: their own (drafts too), or (staff) one in their scope
    that is not a draft."""
    base = LectureOffering.objects.select_related("member", "committee").prefetch_related(
        Prefetch("events", queryset=LectureOfferingEvent.objects.select_related("actor"))
    )
    if not user.is_authenticated:
        return base.none()
    condition = Q(member__user=user)
    if user.has_perm("lectures.view_desk"):
        condition |= ~Q(status=OS.DRAFT) & Q(
            pk__in=LectureOffering.objects.visible_to(user).values("pk")
        )
    return base.filter(condition)


def my_offerings(*, member):
    return LectureOffering.objects.filter(member=member).order_by("-updated_at", "-pk")


# --- orders ----------------------------------------------------------------------------------
def order_desk(*, user):
    return (
        LectureOrder.objects.visible_to(user)
        .select_related("offering", "member", "committee")
        .order_by("-created_at", "-pk")
    )


def orders_to_dispatch(*, user):
    """待派单: new orders and those a member declined (the office's tile)."""
    return order_desk(user=user).filter(status=S.NEW)


def overdue_orders(*, user, now=None):
    """超时未接单: dispatched more than three days ago and not accepted (the staff list's
    filter, its badge and the office's tile)."""
    return order_desk(user=user).overdue(now)


def order_detail(*, user):
    """An order staff of its scope may open (404 elsewhere)."""
    return order_desk(user=user).prefetch_related(
        Prefetch("events", queryset=LectureOrderEvent.objects.select_related("actor"))
    )


def orders_for_actor(*, user):
    """The orders a user may act on: staff those in scope, a member those dispatched to them."""
    condition = Q(member__user=user)
    if user.has_perm("lectures.view_desk"):
        condition |= Q(pk__in=LectureOrder.objects.visible_to(user).values("pk"))
    return (
        LectureOrder.objects.filter(condition)
        .select_related("offering", "member", "committee")
        .prefetch_related(
            Prefetch("events", queryset=LectureOrderEvent.objects.select_related("actor"))
        )
    )


def my_orders(*, member):
    """Orders dispatched to the member, from the one waiting for an answer to the rated."""
    return (
        LectureOrder.objects.filter(member=member)
        .exclude(status=S.CANCELLED)
        .select_related("offering", "committee")
        .order_by(
            Case(
                When(status=S.DISPATCHED, then=Value(0)),
                When(status__in=[S.ACCEPTED, S.SCHEDULED], then=Value(1)),
                default=Value(2),
                output_field=IntegerField(),
            ),
            "-created_at",
            "-pk",
        )
    )


def my_orders_waiting(*, member):
    """待接单: the member's tile."""
    return LectureOrder.objects.filter(member=member, status=S.DISPATCHED)


def my_order_detail(*, member):
    return (
        LectureOrder.objects.filter(member=member)
        .select_related("offering", "committee", "activity")
        .prefetch_related(
            Prefetch("events", queryset=LectureOrderEvent.objects.select_related("actor"))
        )
    )


def ranked_candidates(order: LectureOrder):
    """Whom to dispatch to: the offering's author first, then members whose expertise tags
    name the order's field (the expertise 教育 for the field 教育), then the others by name."""
    field_label = str(LectureField(order.field).label) if order.field else ""
    expertise = Member.expertise.through.objects.filter(
        member_id=OuterRef("pk"), expertise__name=field_label
    )
    author_id = order.offering.member_id if order.offering_id else None
    return (
        dispatch_candidates(order)
        .annotate(
            is_author=Case(
                When(pk=author_id or 0, then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            ),
            matches=Exists(expertise),
        )
        .order_by("-is_author", "-matches", "name", "pk")
    )


def accept_deadline(order: LectureOrder):
    return order.dispatched_at + ACCEPT_WITHIN if order.dispatched_at else None
