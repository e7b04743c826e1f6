"""The leaders' cockpit: the period form, the figures read from the summary table, and the page's
cards, trends, breakdowns and links.

``committee_figures`` is the one reader of the summary table (``CockpitFigure``): a handful of
GROUP BY queries whatever the period, the number of committees or the rows counted — the
periodic reports may call it for any committee and period. Every number the page shows is built
here with the link to the records it counts (``dashboards:cockpit_records``, or the ledger's
ranking is linked beside the grades), with the same committees, months and breakdown key.

The modules, lower first (a module imports only those above it):

- ``period``: the period and committee form, ``Period``;
- ``summary``: ``committee_figures`` and its cache, the rendered figures' cache key;
- ``numbers``: ``Number`` and ``records_url``, a number with the link to its records;
- ``headline``: the cards;
- ``tables``: the monthly trend, the breakdowns, the comparison of the ten;
- ``overdue``: the ten most overdue forwardings, live;
- ``records``: the 明细 pages' ``RECORD_KINDS``, ``records_for`` and ``describe``.
"""

from .headline import Card, cards
from .numbers import Number, records_url
from .overdue import OVERDUE_LIMIT, most_overdue
from .period import (
    MAX_MONTHS,
    MONTH_RE,
    CockpitForm,
    MonthInput,
    Period,
    committees_for,
    month_label,
    period_from,
)
from .records import RECORD_KINDS, RecordKind, describe, records_for
from .summary import (
    FIGURES_CACHE_SECONDS,
    Figures,
    cached_committee_figures,
    committee_figures,
    figures_cache_key,
)
from .tables import COMPARE_METRICS, TREND_METRICS, Breakdown, breakdowns, comparison, trend

__all__ = [
    "COMPARE_METRICS",
    "FIGURES_CACHE_SECONDS",
    "MAX_MONTHS",
    "MONTH_RE",
    "OVERDUE_LIMIT",
    "RECORD_KINDS",
    "TREND_METRICS",
    "Breakdown",
    "Card",
    "CockpitForm",
    "Figures",
    "MonthInput",
    "Number",
    "Period",
    "RecordKind",
    "breakdowns",
    "cached_committee_figures",
    "cards",
    "committee_figures",
    "committees_for",
    "comparison",
    "describe",
    "figures_cache_key",
    "month_label",
    "most_overdue",
    "period_from",
    "records_for",
    "records_url",
    "trend",
]
