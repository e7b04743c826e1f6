"""Reads shared by the workstation pages, the rota, the tasks and the demo loader."""

from __future__ import annotations

import datetime

from django.db.models import Count, Prefetch, Q
from django.utils import timezone

from accounts import roles
from core.memo import PUBLIC, memo
from members.models import Member
from org.models import Region

from .models import DutyShift, ShiftEvent, ShiftSwap, Workstation, WorkstationMember


def _current_assignments():
    return WorkstationMember.objects.current().select_related(
        "member", "member__committee", "member__sector"
    )


def public_workstations():
    """The public directory: every committee's workstations except those closed down (their
    member counts: ``with_member_counts`` on the page shown)."""
    return (
        Workstation.objects.exclude(status=Workstation.Status.CLOSED)
        .select_related("committee", "region", "region__parent", "sector")
        .order_by("committee__order", "kind", "name", "pk")
    )


def member_counts() -> dict[int, int]:
    """Each workstation's number of current members, counted once per process until an
    assignment changes (core.memo; a GROUP BY over the directory's joined rows cost more than
    the rest of its query)."""

    def build():
        rows = (
            WorkstationMember.objects.current()
            .values("workstation")
            .annotate(n=Count("pk"))
            .values_list("workstation", "n")
        )
        return dict(rows)

    return memo(PUBLIC, "workstations.member_counts", build)


def with_member_counts(workstations):
    """``workstations`` (a page of them), each with ``member_count`` set."""
    counts = member_counts()
    for workstation in workstations:
        workstation.member_count = counts.get(workstation.pk, 0)
    return workstations


def workstation_detail():
    return Workstation.objects.select_related(
        "committee", "region", "region__parent", "sector"
    ).prefetch_related(
        Prefetch("assignments", queryset=_current_assignments(), to_attr="current_assignments")
    )


def upcoming_shifts(*, workstation, limit: int = 10, today=None):
    today = today or timezone.localdate()
    return list(
        DutyShift.objects.filter(
            workstation=workstation, date__gte=today, status=DutyShift.Status.PLANNED
        ).select_related("member")[:limit]
    )


def managed_workstations(*, user):
    return Workstation.objects.visible_to(user).select_related("committee", "region", "sector")


def rota_month(*, workstation, year: int, month: int):
    start = datetime.date(year, month, 1)
    end = (start + datetime.timedelta(days=32)).replace(day=1)
    return (
        DutyShift.objects.filter(workstation=workstation, date__gte=start, date__lt=end)
        .select_related("member", "member__committee")
        .annotate(pending_swaps=Count("swaps", filter=Q(swaps__status=ShiftSwap.Status.PENDING)))
        .order_by("date", "starts_at", "pk")
    )


def assignable_members(*, workstation):
    """Members who may be assigned: the workstation's committee, plus municipal, national and
    autonomous-region members (invited)."""
    return (
        Member.objects.filter(status=Member.Status.ACTIVE)
        .filter(
            Q(committee_id=workstation.committee_id)
            | Q(committee__level="municipal")
            | Q(level__in=[Member.Level.NATIONAL, Member.Level.REGION])
        )
        .exclude(
            workstation_assignments__workstation=workstation,
            workstation_assignments__ended_on__isnull=True,
        )
        .select_related("committee")
        .order_by("committee__order", "sort_key", "name")
    )


def current_members(*, workstation):
    return Member.objects.filter(
        workstation_assignments__workstation=workstation,
        workstation_assignments__ended_on__isnull=True,
    ).order_by("sort_key", "name")


def my_shifts(*, member):
    return (
        DutyShift.objects.filter(member=member)
        .select_related("workstation", "workstation__region")
        .annotate(pending_swaps=Count("swaps", filter=Q(swaps__status=ShiftSwap.Status.PENDING)))
        .order_by("-date", "-starts_at")
    )


def my_upcoming_shifts(*, member, today=None):
    """The member's planned shifts from today on, the next first (the member's tile)."""
    return (
        my_shifts(member=member)
        .filter(status=DutyShift.Status.PLANNED, date__gte=today or timezone.localdate())
        .order_by("date", "starts_at", "pk")
    )


def shift_detail(*, user):
    """Shifts a user may open: their own, or (staff and leaders) those in their scope."""
    base = DutyShift.objects.select_related(
        "workstation",
        "workstation__committee",
        "workstation__region",
        "member",
        "member__committee",
        "activity",
    ).prefetch_related(
        Prefetch("events", queryset=ShiftEvent.objects.select_related("actor")),
        Prefetch("swaps", queryset=ShiftSwap.objects.select_related("to_member", "from_member")),
        "opinions",
    )
    if not user.is_authenticated:
        return base.none()
    if roles.is_office_or_leader(user):
        own = Q(member__user=user)
        visible = DutyShift.objects.visible_to(user).values("pk")
        return base.filter(own | Q(pk__in=visible))
    return base.filter(member__user=user)


def pending_swaps(*, user):
    return (
        ShiftSwap.objects.visible_to(user)
        .filter(status=ShiftSwap.Status.PENDING)
        .select_related("shift", "shift__workstation", "from_member", "to_member")
        .order_by("shift__date", "pk")
    )


def townships():
    return Region.objects.filter(level=Region.Level.TOWNSHIP).select_related("committee")
