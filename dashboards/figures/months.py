"""Months: a month is the date of its first day. A metric's records narrowed to a range of
months, by its date or time in the portal's time zone."""

from __future__ import annotations

import datetime

from django.db.models import QuerySet
from django.utils import timezone

from .metrics import Metric


def month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def add_months(month: datetime.date, count: int) -> datetime.date:
    index = month.year * 12 + month.month - 1 + count
    return datetime.date(index // 12, index % 12 + 1, 1)


def months_between(start: datetime.date, end: datetime.date) -> list[datetime.date]:
    months, month = [], month_start(start)
    while month <= end:
        months.append(month)
        month = add_months(month, 1)
    return months


def _local_midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def in_months(metric: Metric, queryset: QuerySet, start: datetime.date | None, end_excl=None):
    """``queryset`` narrowed to the records ``metric`` dates in [start, end_excl) (months)."""
    field = metric.when
    is_datetime = _is_datetime(metric)
    if start is not None:
        queryset = queryset.filter(
            **{f"{field}__gte": _local_midnight(start) if is_datetime else start}
        )
    if end_excl is not None:
        queryset = queryset.filter(
            **{f"{field}__lt": _local_midnight(end_excl) if is_datetime else end_excl}
        )
    return queryset


def _is_datetime(metric: Metric) -> bool:
    model = metric.base().model
    path = metric.when.split("__")
    for part in path[:-1]:
        model = model._meta.get_field(part).related_model
    return model._meta.get_field(path[-1]).get_internal_type() == "DateTimeField"
