"""The records behind a number (the cockpit's 明细 pages): the metric's own queryset narrowed to
the committees, months and breakdown key of the number — so a number and its list agree as of
the last refresh (tests/dashboards/test_cockpit.py follows the links)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db.models import QuerySet

from members.models import Member

from . import querysets as qs
from .metrics import END_MONTH, SNAPSHOT, YEARLY, Metric
from .months import add_months, in_months


def figure_records(
    metric: Metric,
    *,
    committee_ids: Iterable[int],
    start: datetime.date,
    end: datetime.date,
    dimension: str = "",
    key: str = "",
) -> QuerySet:
    """The records ``metric`` counts for the committees in the months ``start`` … ``end``
    (first days of months), narrowed to ``key`` of a breakdown: what the number in the cockpit
    counts, as of the last refresh. A snapshot lists today's members; ``members_active`` the
    members active in ``end``'s month; a yearly metric the scores of ``end``'s year."""
    committee_ids = list(committee_ids)
    if metric.period == SNAPSHOT:
        queryset = qs.inactive_members() if metric.code == "members_inactive" else metric.base()
    elif metric.period == YEARLY:
        queryset = metric.base().filter(**{metric.when: end.year})
    elif metric.period == END_MONTH:
        queryset = in_months(metric, metric.base(), end, add_months(end, 1))
    else:
        queryset = in_months(metric, metric.base(), start, add_months(end, 1))
    queryset = queryset.filter(**{f"{metric.committee}__in": committee_ids})
    dim = metric.dims.get(dimension)
    if dim is not None:
        if dim.none_label is None:
            queryset = queryset.filter(**{f"{dim.key}__isnull": False})
        queryset = dim.filter(queryset, key)
    if metric.kind == "member" and metric.period == END_MONTH:
        # the members themselves, once each
        ids = queryset.values("member_id")
        return Member.objects.filter(pk__in=ids)
    return queryset
