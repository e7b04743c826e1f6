"""Working days: Monday to Friday, less the public holidays, plus the make-up working days
(调休上班) — from the ``CalendarDay`` rows staff keep in the admin, not from a setting.

The rows are read once per process into two sets (``core.memo``, group ``calendar``) and read
again whenever a row is saved or deleted (the model's signals renew the group's generation in
the shared cache, so every worker and host sees the change; ``org.apps``). A year with no row at
all is logged once per process: its working days are plain Monday–Friday until someone enters
that year's schedule.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass

from django.utils import timezone

from core.memo import memo

from .apps import CALENDAR
from .models import CalendarDay

logger = logging.getLogger(__name__)

_warned_years: set[int] = set()


@dataclass(frozen=True)
class Calendar:
    """The calendar days as sets: one memo lookup per question, however many days it walks."""

    holidays: frozenset[datetime.date]
    workdays: frozenset[datetime.date]
    years: frozenset[int]

    def is_working_day(self, day: datetime.date) -> bool:
        if day.year not in self.years and day.year not in _warned_years:
            _warned_years.add(day.year)
            logger.warning(
                "no public holidays entered for %s (admin: 节假日与调休); Monday–Friday assumed",
                day.year,
            )
        if day in self.workdays:
            return True
        return day.weekday() < 5 and day not in self.holidays


def _calendar() -> Calendar:
    def build() -> Calendar:
        holidays: set[datetime.date] = set()
        workdays: set[datetime.date] = set()
        for day, kind in CalendarDay.objects.values_list("date", "kind"):
            (holidays if kind == CalendarDay.Kind.HOLIDAY else workdays).add(day)
        years = frozenset(day.year for day in holidays | workdays)
        return Calendar(frozenset(holidays), frozenset(workdays), years)

    return memo(CALENDAR, "org.calendar_days", build)


def is_working_day(day: datetime.date) -> bool:
    """A working day: a make-up working day, or Monday–Friday and not a public holiday."""
    return _calendar().is_working_day(day)


def next_working_day(day: datetime.date) -> datetime.date:
    """The first working day after ``day``."""
    return add_working_days(day, 1)


def add_working_days(day: datetime.date, days: int) -> datetime.date:
    """The ``days``-th working day after ``day`` (``day`` itself not counted; 0 → ``day``)."""
    calendar = _calendar()
    remaining = days
    while remaining > 0:
        day += datetime.timedelta(days=1)
        if calendar.is_working_day(day):
            remaining -= 1
    return day


def working_day_end(moment: datetime.datetime, days: int) -> datetime.datetime:
    """The end (23:59:59 local time) of the ``days``-th working day after ``moment``'s day: the
    deadline of "within N working days" counted from ``moment``."""
    day = add_working_days(timezone.localtime(moment).date(), days)
    end = datetime.datetime.combine(day, datetime.time(23, 59, 59))
    return timezone.make_aware(end, timezone.get_current_timezone())
