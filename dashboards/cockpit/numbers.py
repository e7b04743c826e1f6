"""A number as the cockpit shows it: its value and the link to the records it counts (the 明细
page, ``dashboards:cockpit_records``, with the same committees, months and breakdown key)."""

from __future__ import annotations

import dataclasses
import datetime
from urllib.parse import quote_plus

from django.utils.html import conditional_escape, format_html

from .period import Period


def records_url(
    period: Period,
    metric: str,
    *,
    dimension: str = "",
    key: str | None = None,
    month: datetime.date | None = None,
    committee_id: int | None = None,
) -> str:
    """The list behind a number: the 明细 page of ``metric`` for the period (or ``month``), the
    committee (or ``committee_id``) and the breakdown's ``key``. (Written out rather than with
    ``urlencode``: a page has hundreds of them; only the key can need quoting.)"""
    committee = str(committee_id) if committee_id is not None else period.committee_param
    first, last = (month, month) if month is not None else (period.start, period.end)
    query = f"month_from={first:%Y-%m}&month_to={last:%Y-%m}"
    if committee:
        query = f"committee={committee}&{query}"
    if dimension:
        query += f"&dimension={dimension}&key={quote_plus(key or '')}"
    return f"{period.records_base}{metric}/?{query}"


@dataclasses.dataclass(frozen=True)
class Number:
    value: int | None
    url: str | None = None
    text: str = ""  # shown instead of the value ("暂无", a percentage)

    @property
    def display(self) -> str:
        if self.text:
            return self.text
        return "—" if self.value is None else f"{self.value:,}"

    def __html__(self) -> str:
        """``{{ number }}`` in a template: the number as a link to its list (hundreds of table
        cells are rendered this way rather than through template tags)."""
        if self.url:
            return format_html('<a href="{}">{}</a>', self.url, self.display)
        return conditional_escape(self.display)

    __str__ = __html__  # the template engine takes str() of a value before escaping it
