"""Rota planning: single shifts, generation by weekday and by days of the month."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from workstations import services
from workstations.models import DutyShift, ShiftEvent

T9, T12 = datetime.time(9, 0), datetime.time(12, 0)
pytestmark = pytest.mark.usefixtures("frozen_now")  # Monday 2026-06-15


def test_weekly_rota_every_wednesday_rotates_members(workstation, duty_members, office):
    shifts = services.rota_generate(
        workstation=workstation,
        by=office,
        year=2026,
        month=7,
        pattern="weekly",
        weekday=2,
        starts_at=T9,
        ends_at=T12,
    )
    dates = [s.date for s in shifts]
    assert dates == [datetime.date(2026, 7, d) for d in (1, 8, 15, 22, 29)]
    assert all(d.weekday() == 2 for d in dates)
    # convener first, then the others in turn, round and round
    names = [s.member.name for s in sorted(shifts, key=lambda s: s.date)]
    assert names == ["甲委员", "乙委员", "丙委员", "甲委员", "乙委员"]
    assert ShiftEvent.objects.filter(kind="planned").count() == 5


def test_monthly_rota_on_the_10th_and_20th_skips_past_and_missing_days(
    workstation, duty_members, office
):
    # June 2026: the 10th is already past (today is the 15th), only the 20th remains.
    june = services.rota_generate(
        workstation=workstation,
        by=office,
        year=2026,
        month=6,
        pattern="monthly",
        days=[10, 20],
        starts_at=T9,
        ends_at=T12,
    )
    assert [s.date for s in june] == [datetime.date(2026, 6, 20)]
    # September has no 31st: it is skipped, not an error.
    september = services.rota_generate(
        workstation=workstation,
        by=office,
        year=2026,
        month=9,
        pattern="monthly",
        days=[10, 20, 31],
        starts_at=T9,
        ends_at=T12,
    )
    assert [s.date for s in september] == [datetime.date(2026, 9, 10), datetime.date(2026, 9, 20)]


def test_generating_twice_plans_nothing_twice(workstation, duty_members, office):
    kwargs = dict(
        workstation=workstation,
        by=office,
        year=2026,
        month=7,
        pattern="weekly",
        weekday=2,
        starts_at=T9,
        ends_at=T12,
    )
    services.rota_generate(**kwargs)
    assert services.rota_generate(**kwargs) == []
    assert DutyShift.objects.filter(workstation=workstation).count() == 5


def test_rota_rotation_continues_from_last_month(workstation, duty_members, office):
    services.rota_generate(
        workstation=workstation,
        by=office,
        year=2026,
        month=7,
        pattern="monthly",
        days=[10],
        starts_at=T9,
        ends_at=T12,
    )
    august = services.rota_generate(
        workstation=workstation,
        by=office,
        year=2026,
        month=8,
        pattern="monthly",
        days=[10],
        starts_at=T9,
        ends_at=T12,
    )
    assert august[0].member.name == "乙委员"


@pytest.mark.parametrize(
    "kwargs, field",
    [
        ({"year": 2026, "month": 5, "pattern": "weekly", "weekday": 2}, "month"),
        ({"year": 2026, "month": 7, "pattern": "weekly", "weekday": None}, "weekday"),
        ({"year": 2026, "month": 7, "pattern": "monthly", "days": [0, 40]}, "days"),
        ({"year": 2026, "month": 7, "pattern": "daily"}, "pattern"),
    ],
)
def test_bad_rota_requests_are_refused_with_a_message(
    workstation, duty_members, office, kwargs, field
):
    with pytest.raises(ValidationError) as exc:
        services.rota_generate(
            workstation=workstation, by=office, starts_at=T9, ends_at=T12, **kwargs
        )
    assert field in exc.value.message_dict
    assert DutyShift.objects.count() == 0


def test_end_before_start_is_refused(workstation, duty_members, office):
    with pytest.raises(ValidationError) as exc:
        services.rota_generate(
            workstation=workstation,
            by=office,
            year=2026,
            month=7,
            pattern="weekly",
            weekday=2,
            starts_at=T12,
            ends_at=T9,
        )
    assert "ends_at" in exc.value.message_dict


def test_plan_single_shift_guards(workstation, duty_members, office, member_factory):
    shift = services.shift_plan(
        workstation=workstation,
        member=duty_members[1],
        date=datetime.date(2026, 6, 17),
        starts_at=T9,
        ends_at=T12,
        by=office,
    )
    assert shift.status == DutyShift.Status.PLANNED
    with pytest.raises(ValidationError) as exc:  # a shift in the past
        services.shift_plan(
            workstation=workstation,
            member=duty_members[1],
            date=datetime.date(2026, 6, 1),
            starts_at=T9,
            ends_at=T12,
            by=office,
        )
    assert "date" in exc.value.message_dict
    with pytest.raises(ValidationError):  # same member, same slot
        services.shift_plan(
            workstation=workstation,
            member=duty_members[1],
            date=datetime.date(2026, 6, 17),
            starts_at=T9,
            ends_at=T12,
            by=office,
        )
    outsider = member_factory(committee=workstation.committee)
    with pytest.raises(ValidationError) as exc:  # not assigned here
        services.shift_plan(
            workstation=workstation,
            member=outsider,
            date=datetime.date(2026, 6, 18),
            starts_at=T9,
            ends_at=T12,
            by=office,
        )
    assert "member" in exc.value.message_dict


def test_other_committees_staff_cannot_plan(workstation, duty_members, staff_zhungeer):
    with pytest.raises(PermissionDenied):
        services.rota_generate(
            workstation=workstation,
            by=staff_zhungeer,
            year=2026,
            month=7,
            pattern="weekly",
            weekday=2,
            starts_at=T9,
            ends_at=T12,
        )
