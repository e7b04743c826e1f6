"""The leaders' cockpit's figures: what each one counts, how the summary table is refreshed, and
the records behind each number.

A *metric* is declared once (``METRICS``): the records it counts (``Records``: a queryset of the
app that owns them, the path to their committee, the date that puts a record in a month — shared
by the metrics that count the same records), what is counted (rows, a sum, distinct members) and
its breakdowns (``Dim``: a category, a department, a 界别 …).
From that one declaration

- ``refresh_cockpit_figures`` computes every committee's figure per month with a few GROUP BY
  queries and replaces the summary rows (``CockpitFigure``) in one transaction; the cockpit reads
  only those rows (``dashboards.cockpit``);
- ``figure_records`` lists the records behind a number (the cockpit's 明细 pages): the same
  queryset, narrowed to the committees, months and breakdown key of the number — so a number
  and its list agree as of the last refresh (tests/dashboards/test_cockpit.py follows the links).

Three kinds of metric: *summed* ones add up over the months of a period (opinions received,
activities …); ``members_active`` counts distinct members and is read for one month (the last
of the period); *snapshots* (members in office, members without activity for 30 days) describe
today and are stored under the refresh's month; the performance grades are per year (stored
under January of the year).

The modules, lower first (a module imports only those above it):

- ``querysets``: the records each metric counts (the periodic reports reuse some);
- ``metrics``: ``Dim``, ``Records``, ``Metric`` and the ``METRICS`` table;
- ``months``: month arithmetic, a metric's records in a range of months;
- ``refresh``: ``compute_figures``, ``refresh_cockpit_figures``, the refresh's time;
- ``records``: ``figure_records``, the records behind a number.
"""

from .metrics import (
    END_MONTH,
    END_MONTH_METRICS,
    METRICS,
    SNAPSHOT,
    SNAPSHOT_METRICS,
    SUMMED,
    SUMMED_METRICS,
    YEARLY,
    YEARLY_METRICS,
    Dim,
    Metric,
    Records,
)
from .months import add_months, month_start, months_between
from .querysets import (
    ADOPTED_DECISIONS,
    DELIVERED_STATUSES,
    HELD_STATUSES,
    INACTIVE_DAYS,
    consultation_attendances,
    consultations_held,
    lectures_delivered,
    observers_checked_in,
    outcomes_adopted,
)
from .records import figure_records
from .refresh import (
    RECENT_MONTHS,
    REFRESH_NAME,
    compute_figures,
    last_refreshed,
    recent_since,
    refresh_cockpit_figures,
)

__all__ = [
    "ADOPTED_DECISIONS",
    "DELIVERED_STATUSES",
    "END_MONTH",
    "END_MONTH_METRICS",
    "HELD_STATUSES",
    "INACTIVE_DAYS",
    "METRICS",
    "RECENT_MONTHS",
    "REFRESH_NAME",
    "SNAPSHOT",
    "SNAPSHOT_METRICS",
    "SUMMED",
    "SUMMED_METRICS",
    "YEARLY",
    "YEARLY_METRICS",
    "Dim",
    "Metric",
    "Records",
    "add_months",
    "compute_figures",
    "consultation_attendances",
    "consultations_held",
    "figure_records",
    "last_refreshed",
    "lectures_delivered",
    "month_start",
    "months_between",
    "observers_checked_in",
    "outcomes_adopted",
    "recent_since",
    "refresh_cockpit_figures",
]
