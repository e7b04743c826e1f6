"""Working-day arithmetic for review deadlines (5 working days)."""

import datetime

from django.conf import settings
from django.utils import timezone


def _holidays() -> set[datetime.date]:
    return {datetime.date.fromisoformat(d) for d in settings.PUBLIC_HOLIDAYS}


def _workdays_extra() -> set[datetime.date]:
    """Weekend days that are working days (调休上班)."""
    return {datetime.date.fromisoformat(d) for d in settings.EXTRA_WORKING_DAYS}


def is_working_day(day: datetime.date) -> bool:
    if day in _workdays_extra():
        return True
    return day.weekday() < 5 and day not in _holidays()


def add_working_days(moment: datetime.datetime, days: int) -> datetime.datetime:
    """The end of the ``days``-th working day after ``moment`` (local time)."""
    local = timezone.localtime(moment)
    day = local.date()
    remaining = days
    while remaining > 0:
        day += datetime.timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    end = datetime.datetime.combine(day, datetime.time(23, 59, 59))
    return timezone.make_aware(end, timezone.get_current_timezone())
