"""Planning duty shifts: one at a time, or a month of them by a pattern."""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from members.models import Member

from ..models import DutyShift, ShiftEvent, Workstation, WorkstationMember
from ..workflows import SHIFT
from .houses import _require_manage


def _planned(shift: DutyShift, *, by: User, data=None) -> ShiftEvent:
    """The first event of a new shift: its initial state (the runner writes all later ones)."""
    return SHIFT.record(
        shift, kind=ShiftEvent.Kind.PLANNED, by=by, to_status=shift.status, data=data
    )


# --- rota planning ----------------------------------------------------------------------------
def _check_slot(date: datetime.date, starts_at, ends_at) -> None:
    if date < timezone.localdate():
        raise ValidationError({"date": _("不能为已经过去的日期排班。")})
    if starts_at and ends_at and ends_at <= starts_at:
        raise ValidationError({"ends_at": _("结束时间须晚于开始时间。")})


@transaction.atomic
def shift_plan(
    *,
    workstation: Workstation,
    member: Member,
    date: datetime.date,
    starts_at: datetime.time,
    ends_at: datetime.time,
    by: User,
    kind: str = DutyShift.Kind.DUTY,
) -> DutyShift:
    _require_manage(by, workstation)
    _check_slot(date, starts_at, ends_at)
    if (
        not WorkstationMember.objects.current()
        .filter(workstation=workstation, member=member)
        .exists()
    ):
        raise ValidationError({"member": _("只能安排本委员之家的成员值班。")})
    if (
        DutyShift.objects.filter(member=member, date=date, starts_at=starts_at)
        .exclude(status=DutyShift.Status.CANCELLED)
        .exists()
    ):
        raise ValidationError({"member": _("该委员在这个时段已有值班安排。")})
    shift = DutyShift(
        workstation=workstation,
        member=member,
        date=date,
        starts_at=starts_at,
        ends_at=ends_at,
        kind=kind,
        created_by=by,
    )
    shift.full_clean()
    shift.save()
    _planned(shift, by=by)
    return shift


def rota_dates(
    *, year: int, month: int, pattern: str, weekday: int | None = None, days: Iterable[int] = ()
) -> list[datetime.date]:
    """``weekly``: every given weekday (0 = Monday) of the month; ``monthly``: the given days of
    the month (a day the month does not have, such as the 31st of April, is skipped)."""
    last = calendar.monthrange(year, month)[1]
    if pattern == "weekly":
        if weekday is None or not 0 <= weekday <= 6:
            raise ValidationError({"weekday": _("请选择每周的哪一天。")})
        return [
            datetime.date(year, month, d)
            for d in range(1, last + 1)
            if datetime.date(year, month, d).weekday() == weekday
        ]
    if pattern == "monthly":
        days = sorted({int(d) for d in days})
        if not days or any(not 1 <= d <= 31 for d in days):
            raise ValidationError({"days": _("请填写 1 到 31 之间的日期，例如 10,20。")})
        return [datetime.date(year, month, d) for d in days if d <= last]
    raise ValidationError({"pattern": _("请选择排班方式。")})


@transaction.atomic
def rota_generate(
    *,
    workstation: Workstation,
    by: User,
    year: int,
    month: int,
    pattern: str,
    starts_at: datetime.time,
    ends_at: datetime.time,
    weekday: int | None = None,
    days: Iterable[int] = (),
    kind: str = DutyShift.Kind.DUTY,
    members: Iterable[Member] | None = None,
) -> list[DutyShift]:
    """Plan a month of shifts: the dates of the pattern from today on, the workstation's current
    members in turn (conveners and liaisons first). Dates that already have a shift at that time
    are left as they are, so generating twice plans nothing twice."""
    _require_manage(by, workstation)
    if starts_at and ends_at and ends_at <= starts_at:
        raise ValidationError({"ends_at": _("结束时间须晚于开始时间。")})
    today = timezone.localdate()
    if (year, month) < (today.year, today.month):
        raise ValidationError({"month": _("不能为已经过去的月份排班。")})
    dates = [
        d
        for d in rota_dates(year=year, month=month, pattern=pattern, weekday=weekday, days=days)
        if d >= today
    ]
    if not dates:
        raise ValidationError(_("该月份按此方式已没有今天以后的日期可排。"))
    if members is None:
        members = [
            a.member
            for a in WorkstationMember.objects.current()
            .filter(workstation=workstation, member__status=Member.Status.ACTIVE)
            .select_related("member")
            .order_by("role", "joined_on", "pk")
        ]
    members = list(members)
    if not members:
        raise ValidationError(_("本委员之家还没有成员，请先添加委员。"))
    taken = set(
        DutyShift.objects.filter(workstation=workstation, date__in=dates, starts_at=starts_at)
        .exclude(status=DutyShift.Status.CANCELLED)
        .values_list("date", flat=True)
    )
    # continue the rotation where last month's rota stopped
    last_shift = (
        DutyShift.objects.filter(workstation=workstation, date__lt=dates[0])
        .order_by("-date", "-starts_at")
        .values_list("member_id", flat=True)
        .first()
    )
    ids = [m.pk for m in members]
    start = (ids.index(last_shift) + 1) if last_shift in ids else 0
    shifts = []
    for i, date in enumerate(d for d in dates if d not in taken):
        member = members[(start + i) % len(members)]
        shift = DutyShift(
            workstation=workstation,
            member=member,
            date=date,
            kind=kind,
            starts_at=starts_at,
            ends_at=ends_at,
            created_by=by,
        )
        shift.full_clean(validate_constraints=False)
        shifts.append(shift)
    DutyShift.objects.bulk_create(shifts)
    created = list(
        DutyShift.objects.filter(
            workstation=workstation, date__in=[s.date for s in shifts], starts_at=starts_at
        )
    )
    ShiftEvent.objects.bulk_create(
        [
            ShiftEvent(
                shift=s,
                kind=ShiftEvent.Kind.PLANNED,
                actor=by,
                to_status=s.status,
                data={"generated": pattern},
            )
            for s in created
        ]
    )
    return created
