"""Working-day arithmetic for review deadlines (5 working days). The calendar itself —
public holidays and make-up working days that staff keep in the admin — is org's
(``org.calendar``); this module keeps the names opinions' callers use."""

import datetime

from org.calendar import is_working_day, working_day_end

__all__ = ["add_working_days", "is_working_day"]


def add_working_days(moment: datetime.datetime, days: int) -> datetime.datetime:
    """The end of the ``days``-th working day after ``moment`` (local time)."""
    return working_day_end(moment, days)
