"""The periods a report covers: a week (Monday–Sunday), a month, a quarter or a year.

A period is named by its first day. ``previous_start(kind, today)`` is the last period that is
complete on ``today`` (the beat job reports on it); ``bounds`` checks that a date starts a period
and gives its last day."""

from __future__ import annotations

import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _

QUARTER_NAMES = {1: _("第一季度"), 2: _("第二季度"), 3: _("第三季度"), 4: _("第四季度")}


class Kind(models.TextChoices):
    WEEKLY = "weekly", _("周报")
    MONTHLY = "monthly", _("月报")
    QUARTERLY = "quarterly", _("季报")
    ANNUAL = "annual", _("年报")


def start_of(kind: str, day: datetime.date) -> datetime.date:
    """The first day of the period of ``kind`` that contains ``day``."""
    if kind == Kind.WEEKLY:
        return day - datetime.timedelta(days=day.weekday())
    if kind == Kind.MONTHLY:
        return day.replace(day=1)
    if kind == Kind.QUARTERLY:
        return day.replace(month=(day.month - 1) // 3 * 3 + 1, day=1)
    if kind == Kind.ANNUAL:
        return day.replace(month=1, day=1)
    raise ValueError(f"unknown report kind {kind!r}")


def end_of(kind: str, start: datetime.date) -> datetime.date:
    """The last day of the period that starts on ``start``."""
    if kind == Kind.WEEKLY:
        return start + datetime.timedelta(days=6)
    if kind == Kind.ANNUAL:
        return start.replace(month=12, day=31)
    months = 1 if kind == Kind.MONTHLY else 3
    month = start.month - 1 + months
    following = datetime.date(start.year + month // 12, month % 12 + 1, 1)
    return following - datetime.timedelta(days=1)


def bounds(kind: str, start: datetime.date) -> tuple[datetime.date, datetime.date]:
    """(first day, last day) of the period starting on ``start``; ValueError if ``start`` does not
    start a period of ``kind``."""
    if start_of(kind, start) != start:
        raise ValueError(f"{start} does not start a {kind} period")
    return start, end_of(kind, start)


def previous_start(kind: str, today: datetime.date) -> datetime.date:
    """The first day of the last period of ``kind`` complete on ``today``."""
    current = start_of(kind, today)
    return start_of(kind, current - datetime.timedelta(days=1))


def sequence_number(kind: str, start: datetime.date) -> tuple[int, int]:
    """(year, number) of the period within its year: the ISO week, the month, the quarter (an
    annual report has no number: 0)."""
    if kind == Kind.WEEKLY:
        iso = start.isocalendar()
        return iso.year, iso.week
    if kind == Kind.MONTHLY:
        return start.year, start.month
    if kind == Kind.QUARTERLY:
        return start.year, (start.month - 1) // 3 + 1
    return start.year, 0


def label(kind: str, start: datetime.date) -> str:
    """How the period is named in a title: 2026年第22周 (5月25日—5月31日), 2026年5月,
    2026年第二季度, 2026年度."""
    year, number = sequence_number(kind, start)
    if kind == Kind.WEEKLY:
        end = end_of(kind, start)
        return str(
            _("%(year)s年第%(week)s周（%(m1)s月%(d1)s日—%(m2)s月%(d2)s日）")
            % {
                "year": year,
                "week": number,
                "m1": start.month,
                "d1": start.day,
                "m2": end.month,
                "d2": end.day,
            }
        )
    if kind == Kind.MONTHLY:
        return str(_("%(year)s年%(month)s月") % {"year": year, "month": number})
    if kind == Kind.QUARTERLY:
        return str(_("%(year)s年%(quarter)s") % {"year": year, "quarter": QUARTER_NAMES[number]})
    return str(_("%(year)s年度") % {"year": year})
