"""Reading the summary table: ``committee_figures`` is its one reader (``CockpitFigure``) — a
handful of GROUP BY queries whatever the period, the number of committees or the rows counted;
the periodic reports may call it for any committee and period —, kept in the cache until the
next refresh (``cached_committee_figures``), and the key of the page's rendered figures
(``figures_cache_key``)."""

from __future__ import annotations

import dataclasses
import datetime
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.core.cache import cache
from django.db.models import Q, Sum
from django.utils import timezone

from .. import figures as fig
from ..models import CockpitFigure
from .period import Period


@dataclasses.dataclass
class Figures:
    """A committee set's figures for a period, from the summary table."""

    totals: dict[str, int]
    last_year: dict[str, int]
    by_month: dict[datetime.date, dict[str, int]]
    breakdowns: dict[tuple[str, str], list[tuple[str, str, int]]]  # (metric, dim) → key, label, n
    by_committee: dict[int, dict[str, int]]


def _period_q(start: datetime.date, end: datetime.date, today: datetime.date) -> Q:
    return (
        Q(metric__in=fig.SUMMED_METRICS, month__gte=start, month__lte=end)
        | Q(metric__in=fig.END_MONTH_METRICS, month=end)
        | Q(metric__in=fig.SNAPSHOT_METRICS, month=fig.month_start(today))
        | Q(metric__in=fig.YEARLY_METRICS, month=datetime.date(end.year, 1, 1))
    )


FIGURES_CACHE_SECONDS = 15 * 60


def figures_cache_key(*, refreshed: datetime.datetime, period: Period, compare: bool) -> str:
    """The key of the page's rendered figures: the refresh, the committees and their URL
    parameter, the months, the comparison and today (the snapshots' "as of today"); the
    template adds the language."""
    ids = ",".join(str(pk) for pk in sorted(period.committee_ids))
    months = f"{period.start:%Y%m}:{period.end:%Y%m}"
    today = timezone.localdate().isoformat()
    return f"{refreshed.timestamp()}:{ids}:{period.committee_param}:{months}:{int(compare)}:{today}"


def cached_committee_figures(*, refreshed: datetime.datetime | None, **kwargs: Any) -> Figures:
    """``committee_figures``, kept in the cache until the next refresh of the summary table
    (its time is in the key): the figures change only when the table does."""
    if refreshed is None:
        return committee_figures(**kwargs)
    ids = ",".join(str(pk) for pk in sorted(kwargs["committee_ids"]))
    key = "cockpit:{}:{}:{:%Y%m}:{:%Y%m}:{}:{}".format(
        refreshed.timestamp(),
        ids,
        kwargs["start"],
        kwargs["end"],
        int(bool(kwargs.get("compare"))),
        (kwargs.get("today") or timezone.localdate()).isoformat(),
    )
    found = cache.get(key)
    if isinstance(found, Figures):
        return found
    result = committee_figures(**kwargs)
    cache.set(key, result, FIGURES_CACHE_SECONDS)
    return result


def committee_figures(
    *,
    committee_ids: Iterable[int],
    start: datetime.date,
    end: datetime.date,
    compare: bool = False,
    today: datetime.date | None = None,
) -> Figures:
    """The figures of the committees for the months ``start`` … ``end`` (first days of months)
    and the same months a year before, from the summary table: the totals, each month's totals,
    the breakdowns and (``compare``) each committee's totals. Three queries (two without
    ``compare``), whatever the period or the number of committees."""
    ids = list(committee_ids)
    today = today or timezone.localdate()
    start, end = fig.month_start(start), fig.month_start(end)
    ly_start, ly_end = fig.add_months(start, -12), fig.add_months(end, -12)
    rows = CockpitFigure.objects.filter(committee_id__in=ids)

    monthly = (
        rows.filter(dimension="")
        .filter(
            Q(month__gte=start, month__lte=end)
            | Q(month__gte=ly_start, month__lte=ly_end)
            | Q(month=fig.month_start(today))
            | Q(
                metric__in=fig.YEARLY_METRICS,
                month__in=[datetime.date(end.year, 1, 1), datetime.date(end.year - 1, 1, 1)],
            )
        )
        .values_list("month", "metric")
        .annotate(total=Sum("value"))
        .order_by()
    )
    by_month: dict[datetime.date, dict[str, int]] = defaultdict(dict)
    for month, metric, total in monthly:
        by_month[month][metric] = total

    def sums(first, last, year_start):
        result: dict[str, int] = {}
        for code in fig.SUMMED_METRICS:
            result[code] = sum(
                by_month.get(m, {}).get(code, 0) for m in fig.months_between(first, last)
            )
        for code in fig.END_MONTH_METRICS:
            result[code] = by_month.get(last, {}).get(code, 0)
        for code in fig.YEARLY_METRICS:
            result[code] = by_month.get(year_start, {}).get(code, 0)
        return result

    totals = sums(start, end, datetime.date(end.year, 1, 1))
    for code in fig.SNAPSHOT_METRICS:
        totals[code] = by_month.get(fig.month_start(today), {}).get(code, 0)
    last_year = sums(ly_start, ly_end, datetime.date(end.year - 1, 1, 1))

    breakdowns: dict[tuple[str, str], list[tuple[str, str, int]]] = defaultdict(list)
    grouped = (
        rows.filter(_period_q(start, end, today))
        .exclude(dimension="")
        .values_list("metric", "dimension", "key", "label")
        .annotate(total=Sum("value"))
        .order_by("metric", "dimension", "-total", "key")
    )
    for metric, dimension, key, label, total in grouped:
        breakdowns[(metric, dimension)].append((key, label, total))

    by_committee: dict[int, dict[str, int]] = defaultdict(dict)
    if compare:
        per_committee = (
            rows.filter(_period_q(start, end, today), dimension="")
            .values_list("committee_id", "metric")
            .annotate(total=Sum("value"))
            .order_by()
        )
        for committee_id, metric, total in per_committee:
            by_committee[committee_id][metric] = total
    return Figures(
        totals,
        last_year,
        {m: by_month.get(m, {}) for m in fig.months_between(start, end)},
        dict(breakdowns),
        dict(by_committee),
    )
