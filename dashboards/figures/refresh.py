"""The refresh of the summary table: every committee's figure per month, a few GROUP BY queries
per metric, the rows (``CockpitFigure``) replaced in one transaction under the lock of the
refresh's ``Heartbeat`` row, which also records when the figures were last computed."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.db.models import F, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone

from ..models import CockpitFigure, Heartbeat
from . import querysets as qs
from .metrics import METRICS, SNAPSHOT, SNAPSHOT_METRICS, YEARLY, YEARLY_METRICS, Dim, Metric
from .months import add_months, in_months, month_start

REFRESH_NAME = "cockpit_figures"  # the Heartbeat row: last refresh, and the refresh's lock
# The beat job every five minutes recomputes the months from this many months back (records
# are dated when they happened: an activity logged late, a rating, a reply); the nightly job
# recomputes everything.
RECENT_MONTHS = 3

Row = tuple[int, datetime.date, str, str, str, str, int]


def _as_date(value) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


def _grouped(metric: Metric, since: datetime.date | None, today: datetime.date) -> Iterable[Row]:
    if metric.period == SNAPSHOT:
        base = (
            qs.inactive_members(today) if metric.code == "members_inactive" else metric.base()
        ).annotate(_c=F(metric.committee))
        groupings: list[tuple[str, Dim | None]] = [("", None), *metric.dims.items()]
        current = month_start(today)
        for dimension, dim in groupings:
            yield from _rows(metric, base, dimension, dim, lambda row: current)
        return
    if metric.period == YEARLY:
        base = metric.base().annotate(_c=F(metric.committee), _y=F(metric.when))
        for dimension, dim in [("", None), *metric.dims.items()]:
            yield from _rows(
                metric, base, dimension, dim, lambda row: datetime.date(row["_y"], 1, 1), ("_y",)
            )
        return
    base = in_months(metric, metric.base(), since).annotate(
        _c=F(metric.committee), _m=TruncMonth(metric.when)
    )
    for dimension, dim in [("", None), *metric.dims.items()]:
        yield from _rows(metric, base, dimension, dim, lambda row: _as_date(row["_m"]), ("_m",))


def _rows(metric, base, dimension, dim, month_of, extra=()) -> Iterable[Row]:
    columns = ["_c", *extra]
    if dim is not None:
        columns.append(dim.key)
        if dim.label:
            columns.append(dim.label)
        if dim.none_label is None:
            base = base.filter(**{f"{dim.key}__isnull": False})
    rows = base.values(*columns).annotate(_v=metric.value()).order_by()
    for row in rows:
        value = row["_v"] or 0
        if not value:
            continue
        key = label = ""
        if dim is not None:
            raw = row[dim.key]
            key = "" if raw is None else str(raw)
            label = str(row[dim.label] or "")[:100] if dim.label else ""
        yield (row["_c"], month_of(row), metric.code, dimension, key[:64], label, value)


def compute_figures(*, since: datetime.date | None = None, today: datetime.date | None = None):
    """Every committee's figures from ``since`` (a month; ``None``: all months), as rows
    ``(committee_id, month, metric, dimension, key, label, value)``; snapshot and yearly metrics
    always in full."""
    today = today or timezone.localdate()
    for metric in METRICS.values():
        yield from _grouped(metric, since, today)


def refresh_cockpit_figures(
    *, since: datetime.date | None = None, today: datetime.date | None = None
) -> int:
    """Recompute the cockpit's summary rows from ``since`` (the first day of a month; ``None``:
    everything) and replace them in one transaction. Idempotent: running it twice leaves the
    same rows. Two refreshes never interleave: each holds the lock of the refresh's
    ``Heartbeat`` row, which also records when the figures were last computed. Returns the
    number of rows written."""
    since = month_start(since) if since else None
    with transaction.atomic():
        # the first refresh creates the row (a second one at the same moment waits for it, or
        # finds it); a refresh that fails leaves no time behind
        beat, _created = Heartbeat.objects.select_for_update().get_or_create(
            name=REFRESH_NAME, defaults={"seen_at": timezone.now()}
        )
        rows = [
            CockpitFigure(
                committee_id=c, month=m, metric=metric, dimension=d, key=k, label=label, value=v
            )
            for c, m, metric, d, k, label, v in compute_figures(since=since, today=today)
        ]
        stale = CockpitFigure.objects.filter(
            Q(metric__in=SNAPSHOT_METRICS) | Q(metric__in=YEARLY_METRICS)
        )
        if since is None:
            stale = CockpitFigure.objects.all()
        else:
            stale = stale | CockpitFigure.objects.filter(month__gte=since)
        stale.delete()
        CockpitFigure.objects.bulk_create(rows, batch_size=1000)
        beat.seen_at = timezone.now()
        beat.save(update_fields=["seen_at"])
    return len(rows)


def recent_since(today: datetime.date | None = None) -> datetime.date:
    """The first month the five-minute refresh recomputes."""
    return add_months(month_start(today or timezone.localdate()), -(RECENT_MONTHS - 1))


def last_refreshed() -> datetime.datetime | None:
    return Heartbeat.objects.filter(name=REFRESH_NAME).values_list("seen_at", flat=True).first()
