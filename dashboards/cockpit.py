"""The leaders' cockpit: the period form, the figures read from the summary table, and the page's
cards, trends, breakdowns and links.

``committee_figures`` is the one reader of the summary table (``CockpitFigure``): a handful of
GROUP BY queries whatever the period, the number of committees or the rows counted — the
periodic reports may call it for any committee and period. Every number the page shows is built
here with the link to the records it counts (``dashboards:cockpit_records``, or the ledger's
ranking is linked beside the grades), with the same committees, months and breakdown key.
"""

from __future__ import annotations

import dataclasses
import datetime
import re
from collections import defaultdict
from collections.abc import Iterable
from typing import Any
from urllib.parse import quote_plus, urlencode

from django import forms
from django.core.cache import cache
from django.db import connection
from django.db.models import Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.html import conditional_escape, format_html
from django.utils.translation import gettext_lazy as _

from consultations.models import Outcome
from opinions import selectors as opinion_selectors
from opinions.models import Forwarding
from org import selectors as org_selectors
from org.scope import visible_committee_ids

from . import figures as fig
from .models import CockpitFigure

MAX_MONTHS = 24
MONTH_RE = re.compile(r"^(\d{4})-(\d{2})$")


# --- the period and committee ----------------------------------------------------------------


def month_label(month: datetime.date) -> str:
    return _("%(year)d年%(month)d月") % {"year": month.year, "month": month.month}


def committees_for(user) -> list[org_selectors.CommitteeRow]:
    """The committees the user may look at, in their order (computed once per process)."""
    ids = visible_committee_ids(user)
    return [row for row in org_selectors.committee_rows() if ids is None or row.pk in ids]


class MonthInput(forms.TextInput):
    input_type = "month"


def _parse_month(value: str) -> datetime.date | None:
    match = MONTH_RE.match(value or "")
    if not match:
        return None
    year, month = int(match[1]), int(match[2])
    if not (2000 <= year <= 2100 and 1 <= month <= 12):
        return None
    return datetime.date(year, month, 1)


class CockpitForm(forms.Form):
    """旗区, from month, to month. A 旗区 user's only committee is theirs; a municipal user may
    choose one committee or all ten (empty)."""

    committee = forms.ChoiceField(label=_("政协组织"), required=False)
    month_from = forms.CharField(
        label=_("起始月份"), required=False, widget=MonthInput(attrs={"placeholder": "2026-01"})
    )
    month_to = forms.CharField(
        label=_("截止月份"), required=False, widget=MonthInput(attrs={"placeholder": "2026-06"})
    )

    def __init__(self, *args, user, today: datetime.date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today or timezone.localdate()
        self.committees = committees_for(user)
        self.sees_all = visible_committee_ids(user) is None
        choices: list[tuple[str, Any]] = [(str(row.pk), row.name) for row in self.committees]
        if self.sees_all:
            choices.insert(0, ("", _("全市（十个政协合计）")))
        field = self.fields["committee"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = choices
        this_month = fig.month_start(self.today)
        self.initial.setdefault("month_from", f"{this_month.year}-01")
        self.initial.setdefault("month_to", f"{this_month:%Y-%m}")

    def clean_committee(self):
        value = self.cleaned_data.get("committee") or ""
        if not value and not self.sees_all:
            return str(self.committees[0].pk) if self.committees else ""
        return value

    def _month(self, name: str, default: datetime.date) -> datetime.date:
        raw = (self.cleaned_data.get(name) or "").strip()
        if not raw:
            return default
        month = _parse_month(raw)
        if month is None:
            self.add_error(name, _("请按“年-月”填写月份，例如 2026-03。"))
            return default
        return month

    def clean(self):
        cleaned = super().clean()
        this_month = fig.month_start(self.today)
        end = self._month("month_to", this_month)
        start = self._month("month_from", datetime.date(end.year, 1, 1))
        if start > end:
            self.add_error("month_from", _("起始月份不能晚于截止月份。"))
        elif len(fig.months_between(start, end)) > MAX_MONTHS:
            self.add_error(
                "month_to", _("一次最多查看 %(n)d 个月，请缩短时间范围。") % {"n": MAX_MONTHS}
            )
        cleaned["start"], cleaned["end"] = start, end
        return cleaned


@dataclasses.dataclass(frozen=True)
class Period:
    committee_ids: tuple[int, ...]
    committee_param: str  # "" = all the user sees
    committee_name: str
    start: datetime.date
    end: datetime.date
    # the 明细 pages' path without the metric (reversed once: a page has hundreds of numbers)
    records_base: str = ""

    @property
    def months(self) -> list[datetime.date]:
        return fig.months_between(self.start, self.end)

    @property
    def last_year(self) -> Period:
        return dataclasses.replace(
            self, start=fig.add_months(self.start, -12), end=fig.add_months(self.end, -12)
        )

    def query(self, **extra: Any) -> dict[str, str]:
        params = {
            "committee": self.committee_param,
            "month_from": f"{self.start:%Y-%m}",
            "month_to": f"{self.end:%Y-%m}",
        }
        params.update({k: v for k, v in extra.items() if v is not None})
        return {k: v for k, v in params.items() if v != ""}


def period_from(form: CockpitForm) -> Period:
    """The period the (bound) form asks for, or the defaults where it is wrong (the page shows
    the form's messages)."""
    this_month = fig.month_start(form.today)
    valid = form.is_valid()
    data = form.cleaned_data if valid else {}
    committee = data.get("committee", "") if valid else ""
    if not valid and not form.sees_all and form.committees:
        committee = str(form.committees[0].pk)
    start = data.get("start", datetime.date(this_month.year, 1, 1))
    end = data.get("end", this_month)
    rows = {str(row.pk): row for row in form.committees}
    ids: tuple[int, ...]
    if committee and committee in rows:
        ids = (rows[committee].pk,)
        name = rows[committee].name
    else:
        ids = tuple(row.pk for row in form.committees)
        name = str(_("全市（十个政协合计）")) if form.sees_all else ""
        committee = ""
    base = reverse("dashboards:cockpit_records", kwargs={"metric": "received"})
    return Period(ids, committee, name, start, end, base.removesuffix("received/"))


# --- reading the summary table ---------------------------------------------------------------


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


# --- what the page shows -----------------------------------------------------------------------


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


@dataclasses.dataclass(frozen=True)
class Card:
    key: str
    label: str | Promise
    number: Number
    last_year: Number | None = None
    unit: str | Promise = ""
    note: str | Promise = ""
    parts: tuple[tuple[str, Number], ...] = ()

    @property
    def change(self) -> str:
        if self.last_year is None or self.last_year.value is None or self.number.value is None:
            return ""
        if self.number.text or self.last_year.text:
            return ""
        diff = self.number.value - self.last_year.value
        return f"{diff:+,}"


def _rate(part: int, whole: int) -> str:
    return f"{part * 100 / whole:.1f}%" if whole else "—"


def cards(period: Period, figures: Figures) -> list[Card]:
    t, ly = figures.totals, figures.last_year
    ly_period = period.last_year

    def number(code: str, p: Period = period, source=t) -> Number:
        return Number(source.get(code, 0), records_url(p, code))

    def compared(code: str, label, unit=None, note: str | Promise = "", parts=()) -> Card:
        return Card(
            code,
            label,
            number(code),
            number(code, ly_period, ly),
            unit if unit is not None else fig.METRICS[code].unit,
            note,
            parts,
        )

    def parts(code: str, dimension: str) -> tuple[tuple[str, Number], ...]:
        dim = fig.METRICS[code].dims[dimension]
        return tuple(
            (
                dim.name(key, label),
                Number(n, records_url(period, code, dimension=dimension, key=key)),
            )
            for key, label, n in figures.breakdowns.get((code, dimension), [])
        )

    satisfaction = figures.breakdowns.get(("rated", "satisfaction"), [])
    rated = t.get("rated", 0)
    replied = t.get("replied", 0)
    return [
        compared("received", _("收到社情民意")),
        compared("adopted", _("采用"), note=_("按采用层级"), parts=parts("adopted", "level")),
        compared("forwarded", _("转办承办单位")),
        Card(
            "replied_on_time",
            _("按期答复"),
            number("replied_on_time"),
            number("replied_on_time", ly_period, ly),
            _("件"),
            _("已答复 %(n)s 件，按期率 %(rate)s")
            % {"n": f"{replied:,}", "rate": _rate(t.get("replied_on_time", 0), replied)},
            ((str(_("已答复")), number("replied")),),
        ),
        Card(
            "rated",
            _("群众满意度"),
            Number(
                rated,
                records_url(period, "rated_satisfied"),
                _rate(t.get("rated_satisfied", 0), rated),
            ),
            Number(
                ly.get("rated", 0),
                records_url(ly_period, "rated_satisfied"),
                _rate(ly.get("rated_satisfied", 0), ly.get("rated", 0)),
            ),
            "",
            _("满意和基本满意占评价件数的比例"),
            (
                (str(_("评价")), number("rated")),
                *(
                    (
                        fig.METRICS["rated"].dims["satisfaction"].name(key, label),
                        Number(n, records_url(period, "rated", dimension="satisfaction", key=key)),
                    )
                    for key, label, n in satisfaction
                ),
            ),
        ),
        compared("bulletins", _("《社情民意信息》签发")),
        compared("instructions", _("领导批示"), parts=parts("instructions", "level")),
        compared("activities", _("联系群众活动")),
        compared("people_reached", _("联系群众人次")),
        Card(
            "members_active",
            _("%(month)s有活动的委员") % {"month": month_label(period.end)},
            number("members_active"),
            number("members_active", ly_period, ly),
            _("人"),
            "",
            (
                (str(_("在任委员")), number("members_total")),
                (str(_("30天以上无活动")), number("members_inactive")),
            ),
        ),
        Card(
            "members_inactive",
            _("30天以上无活动的委员"),
            number("members_inactive"),
            None,
            _("人"),
            _("截至今日（不随所选月份变化）"),
        ),
        Card(
            "shifts_served",
            _("值班到岗"),
            number("shifts_served"),
            number("shifts_served", ly_period, ly),
            _("班次"),
            parts=((str(_("缺勤")), number("shifts_missed")),),
        ),
        compared(
            "consultations",
            _("协商活动"),
            note=_("已召开的协商活动，按开始日期统计"),
            parts=(
                (str(_("委员出席（人次）")), number("consultation_attendances")),
                (str(_("群众旁听入场（人次）")), number("consultation_observers")),
            ),
        ),
        compared(
            "outcomes_adopted",
            _("协商成果采纳"),
            note=_("已采纳和部分采纳，按反馈日期统计"),
            parts=parts("outcomes_adopted", "decision"),
        ),
        compared(
            "lectures",
            _("委员讲堂授课"),
            note=_("按授课日期统计"),
            parts=((str(_("听众（人次）")), number("lecture_people")),),
        ),
    ]


TREND_METRICS = ("received", "adopted", "forwarded", "replied", "activities", "members_active")


def trend(period: Period, figures: Figures) -> dict[str, Any]:
    """Per month: the trend table's rows (each number with its link) and the chart's series."""
    rows: list[dict[str, Any]] = []
    for month, values in figures.by_month.items():
        rows.append(
            {
                "month": month,
                "label": month_label(month),
                "cells": [
                    Number(values.get(code, 0), records_url(period, code, month=month))
                    for code in TREND_METRICS
                ],
            }
        )
    headers = [fig.METRICS[code].label for code in TREND_METRICS]
    chart = {
        "categories": [row["label"] for row in rows],
        "series": [
            {"name": str(fig.METRICS[code].label), "data": [row["cells"][i].value for row in rows]}
            for i, code in enumerate(TREND_METRICS)
        ],
    }
    return {"headers": headers, "rows": rows, "chart": chart}


@dataclasses.dataclass(frozen=True)
class Breakdown:
    key: str
    title: str | Promise
    headers: tuple[str | Promise, ...]
    rows: list[tuple[str, list[Number]]]
    chart: str = "bar"  # "bar" or "pie"; the first column is charted
    note: str | Promise = ""
    more: tuple[str | Promise, str] | None = None  # a further page: label, url

    def chart_data(self) -> dict[str, Any]:
        return {
            "id": self.key,
            "type": self.chart,
            "title": str(self.title),
            "name": str(self.headers[0]),
            "categories": [label for label, _cells in self.rows[:15]],
            "values": [cells[0].value or 0 for _label, cells in self.rows[:15]],
        }


def _breakdown(period, figures, key, title, columns, *, chart="bar", note="", limit=None):
    """A table of one dimension: the first column's (metric, dimension) orders the rows; the
    other columns are other metrics broken down by the same dimension."""
    labels: dict[str, str] = {}
    values: dict[tuple[str, str], int] = {}
    order: list[str] = []
    for metric, dimension, _header in columns:
        dim = fig.METRICS[metric].dims[dimension]
        for k, label, n in figures.breakdowns.get((metric, dimension), []):
            if k not in labels:
                labels[k] = dim.name(k, label)
                order.append(k)
            values[(metric, k)] = n
    if limit:
        order = order[:limit]
    rows = [
        (
            labels[k],
            [
                Number(
                    values.get((metric, k), 0),
                    records_url(period, metric, dimension=dimension, key=k),
                )
                for metric, dimension, _header in columns
            ],
        )
        for k in order
    ]
    return Breakdown(key, title, tuple(h for _m, _d, h in columns), rows, chart, note)


def breakdowns(period: Period, figures: Figures) -> list[Breakdown]:
    ranking = {"year": str(period.end.year)}
    if period.committee_param:
        ranking["committee"] = period.committee_param
    grades = _breakdown(
        period,
        figures,
        "grade",
        _("%(year)s年度委员履职评定等次") % {"year": period.end.year},
        [("graded", "grade", _("委员"))],
        chart="pie",
        note=_("年度评定由工作人员在履职积分页运行；点击数字查看该等次的委员及其积分"),
    )
    consultation_kinds = _breakdown(
        period,
        figures,
        "consultation_kind",
        _("协商活动按形式"),
        [
            ("consultations", "kind", _("场次")),
            ("consultation_attendances", "kind", _("委员出席")),
            ("consultation_observers", "kind", _("旁听入场")),
        ],
    )
    lecture_fields = _breakdown(
        period,
        figures,
        "lecture_field",
        _("委员讲堂授课按领域"),
        [("lectures", "field", _("授课"))],
        chart="pie",
    )
    grades = dataclasses.replace(
        grades,
        more=(_("查看履职积分排名"), reverse("ledger:ledger_ranking") + "?" + urlencode(ranking)),
    )
    return [
        _breakdown(
            period,
            figures,
            "category",
            _("社情民意按类别"),
            [("received", "category", _("收到")), ("adopted", "category", _("采用"))],
        ),
        _breakdown(
            period,
            figures,
            "department",
            _("承办单位办理情况"),
            [
                ("forwarded", "department", _("转办")),
                ("replied", "department", _("已答复")),
                ("replied_on_time", "department", _("按期答复")),
            ],
            limit=20,
            note=_("转办件数最多的20个承办单位"),
        ),
        _breakdown(
            period,
            figures,
            "sector",
            _("按界别"),
            [
                ("members_total", "sector", _("在任委员")),
                ("members_inactive", "sector", _("30天无活动")),
                ("activities", "sector", _("活动")),
                ("received", "sector", _("社情民意")),
            ],
            note=_("委员人数截至今日；活动和社情民意按填报委员、作者委员的界别统计"),
        ),
        _breakdown(
            period,
            figures,
            "activity_type",
            _("联系群众活动按类型"),
            [("activities", "type", _("活动")), ("people_reached", "type", _("联系群众人次"))],
        ),
        _breakdown(
            period,
            figures,
            "channel",
            _("社情民意按来源渠道"),
            [("received", "channel", _("收到"))],
            chart="pie",
        ),
        consultation_kinds,
        lecture_fields,
        grades,
    ]


COMPARE_METRICS = (
    "received",
    "adopted",
    "forwarded",
    "replied_on_time",
    "bulletins",
    "instructions",
    "activities",
    "people_reached",
    "members_active",
    "members_inactive",
    "shifts_served",
    "shifts_missed",
    "consultations",
    "outcomes_adopted",
    "lectures",
)


def comparison(period: Period, figures: Figures, committees) -> dict[str, Any]:
    """The ten committees side by side (a municipal user looking at all ten)."""
    rows = []
    for row in committees:
        values = figures.by_committee.get(row.pk, {})
        rows.append(
            (
                row.short_name,
                [
                    Number(values.get(code, 0), records_url(period, code, committee_id=row.pk))
                    for code in COMPARE_METRICS
                ],
            )
        )
    headers = [fig.METRICS[code].label for code in COMPARE_METRICS]
    chart = {
        "id": "committees",
        "type": "bar",
        "title": str(_("各政协收到社情民意和联系群众活动")),
        "categories": [name for name, _cells in rows],
        "series": [
            {"name": str(fig.METRICS["received"].label), "data": [c[0].value for _n, c in rows]},
            {"name": str(fig.METRICS["activities"].label), "data": [c[6].value for _n, c in rows]},
        ],
    }
    return {"headers": headers, "rows": rows, "chart": chart}


OVERDUE_LIMIT = 10


def most_overdue(*, user, committee_ids: Iterable[int], everyone: bool = False):
    """The ten forwardings longest past their due date, live. One query per open status, each
    a walk of the (status, due_date) index in its order that stops after ten rows of the
    committees (``everyone``: all the user sees, no committee test), the walks merged here,
    then the ten rows with their opinion and department. One query for all statuses would read
    and sort every overdue forwarding."""
    today = timezone.localdate()
    listed = opinion_selectors.overdue_forwardings(user=user)
    base = listed.select_related(None)
    if not everyone:
        base = base.filter(opinion__committee_id__in=list(committee_ids))
    walks = [
        base.filter(status=status)
        .order_by("due_date", "pk")
        .values_list("due_date", "pk")[:OVERDUE_LIMIT]
        for status in Forwarding.OPEN_STATUSES
    ]
    if connection.features.supports_slicing_ordering_in_compound and len(walks) > 1:
        # PostgreSQL: the walks as one statement (UNION ALL of the limited walks; each still
        # an index walk that stops after ten rows), one round trip instead of one per status
        found = list(walks[0].union(*walks[1:], all=True))
    else:  # SQLite allows no LIMIT inside a compound statement
        found = [key for walk in walks for key in walk]
    ids = [pk for _due, pk in sorted(found)[:OVERDUE_LIMIT]]
    rows = list(listed.filter(pk__in=ids)) if ids else []
    for row in rows:
        row.days_overdue = (today - row.due_date).days
    return rows


# --- the 明细 pages: the records behind a number ----------------------------------------------


@dataclasses.dataclass(frozen=True)
class RecordKind:
    """How one kind of record is listed: its order, joins, columns and the page a row opens
    (shown to a user with the permission that opens it)."""

    order: tuple[str, ...]
    related: tuple[str, ...]
    headers: tuple[str | Promise, ...]
    cells: Any  # record → list of str
    link: tuple[str, str, Any] | None = None  # url name, permission, record → pk
    wide: int | tuple[int, ...] = 1  # the column(s) of long text (a title): they wrap, the
    # others do not (-1: none)

    @property
    def wide_columns(self) -> tuple[int, ...]:
        return self.wide if isinstance(self.wide, tuple) else (self.wide,)


def _date(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value)
        return f"{value:%Y-%m-%d}"
    return f"{value:%Y-%m-%d}"


RECORD_KINDS: dict[str, RecordKind] = {
    "opinion": RecordKind(
        ("-submitted_at", "-pk"),
        ("committee", "category"),
        (_("查询码"), _("标题"), _("受理政协"), _("类别"), _("状态"), _("提交日期")),
        lambda o: [
            o.tracking_code or "",
            o.title,
            o.committee.short_name,
            o.category.name if o.category else "",
            o.get_status_display(),
            _date(o.submitted_at),
        ],
        ("opinions:desk_detail", "opinions.view_desk", lambda o: o.pk),
    ),
    "forwarding": RecordKind(
        ("-created_at", "-pk"),
        ("opinion", "opinion__committee", "department"),
        (
            _("社情民意"),
            _("受理政协"),
            _("承办单位"),
            _("转办日期"),
            _("办理期限"),
            _("首次答复"),
            _("状态"),
        ),
        lambda f: [
            f.opinion.title,
            f.opinion.committee.short_name,
            f.department.name,
            _date(f.created_at),
            _date(f.due_date),
            _date(f.first_replied_at),
            f.get_status_display(),
        ],
        ("opinions:desk_detail", "opinions.view_desk", lambda f: f.opinion_id),
        wide=0,
    ),
    "instruction": RecordKind(
        ("-instructed_on", "-pk"),
        ("opinion", "opinion__committee"),
        (_("批示日期"), _("批示领导"), _("层级"), _("社情民意"), _("受理政协")),
        lambda i: [
            _date(i.instructed_on),
            f"{i.leader_name}（{i.leader_title}）",
            i.get_level_display(),
            i.opinion.title,
            i.opinion.committee.short_name,
        ],
        ("opinions:desk_detail", "opinions.view_desk", lambda i: i.opinion_id),
        wide=3,
    ),
    "bulletin": RecordKind(
        ("-issued_at", "-pk"),
        ("committee",),
        (_("刊名"), _("年度"), _("期号"), _("政协组织"), _("签发日期")),
        lambda b: [
            b.title,
            str(b.year),
            str(b.number or ""),
            b.committee.short_name,
            _date(b.issued_at),
        ],
        ("opinions:bulletin_detail", "opinions.view_bulletins", lambda b: b.pk),
        wide=-1,
    ),
    "activity": RecordKind(
        ("-occurred_on", "-pk"),
        ("committee", "reporter"),
        (_("活动日期"), _("活动名称"), _("类型"), _("政协组织"), _("填报委员"), _("联系群众人数")),
        lambda a: [
            _date(a.occurred_on),
            a.title,
            a.get_type_display(),
            a.committee.short_name,
            a.reporter.name if a.reporter else "",
            f"{a.people_reached:,}",
        ],
        ("liaison:activity_detail", "liaison.view_activity", lambda a: a.pk),
    ),
    "member": RecordKind(
        ("committee__order", "name", "pk"),
        ("committee", "sector"),
        (_("姓名"), _("政协组织"), _("界别"), _("委员层级")),
        lambda m: [
            m.name,
            m.committee.short_name,
            m.sector.name if m.sector else "",
            m.get_level_display(),
        ],
        ("members:detail", "members.view_member_directory", lambda m: m.pk),
        wide=-1,
    ),
    "score": RecordKind(
        ("committee__order", "-total", "member__name", "pk"),
        ("committee", "member", "member__sector"),
        (_("姓名"), _("政协组织"), _("界别"), _("年度"), _("总分"), _("等次")),
        lambda s: [
            s.member.name,
            s.committee.short_name,
            s.member.sector.name if s.member.sector else "",
            str(s.year),
            f"{s.total.normalize():f}",
            s.get_grade_display() or str(_("未评定")),
        ],
        ("ledger:ledger_member", "ledger.view_member_ledger", lambda s: s.member_id),
        wide=-1,
    ),
    "shift": RecordKind(
        ("-date", "-starts_at", "-pk"),
        ("workstation", "workstation__committee", "member"),
        (_("日期"), _("委员之家"), _("政协组织"), _("值班委员"), _("状态")),
        lambda s: [
            f"{s.date:%Y-%m-%d} {s.starts_at:%H:%M}",
            s.workstation.name,
            s.workstation.committee.short_name,
            s.member.name,
            s.get_status_display(),
        ],
        ("workstations:shift_detail", "workstations.view_shift", lambda s: s.pk),
    ),
    "consultation": RecordKind(
        ("-starts_at", "-pk"),
        ("committee",),
        (_("活动日期"), _("活动名称"), _("协商形式"), _("政协组织"), _("状态")),
        lambda c: [
            _date(c.starts_at),
            c.title,
            c.get_kind_display(),
            c.committee.short_name,
            c.get_status_display(),
        ],
        ("consultations:detail", "consultations.view_desk", lambda c: c.pk),
    ),
    "attendance": RecordKind(
        ("-consultation__starts_at", "consultation_id", "member__name", "pk"),
        ("consultation", "consultation__committee", "member"),
        (_("活动日期"), _("协商活动"), _("政协组织"), _("出席委员"), _("发言")),
        lambda i: [
            _date(i.consultation.starts_at),
            i.consultation.title,
            i.consultation.committee.short_name,
            i.member.name,
            str(_("是")) if i.spoke else "",
        ],
        ("consultations:detail", "consultations.view_desk", lambda i: i.consultation_id),
    ),
    "observer": RecordKind(
        ("-consultation__starts_at", "consultation_id", "checked_in_at", "pk"),
        ("consultation", "consultation__committee"),
        (_("活动日期"), _("协商活动"), _("政协组织"), _("旁听群众"), _("入场时间")),
        lambda o: [
            _date(o.consultation.starts_at),
            o.consultation.title,
            o.consultation.committee.short_name,
            o.masked_name or str(_("（已匿名）")),
            f"{timezone.localtime(o.checked_in_at):%Y-%m-%d %H:%M}" if o.checked_in_at else "",
        ],
        ("consultations:detail", "consultations.view_desk", lambda o: o.consultation_id),
    ),
    "outcome": RecordKind(
        ("-decided_on", "-pk"),
        ("consultation", "consultation__committee"),
        (_("反馈日期"), _("意见建议"), _("协商活动"), _("政协组织"), _("报送单位"), _("采纳情况")),
        lambda o: [
            _date(o.decided_on),
            o.recommendation[:80],
            o.consultation.title,
            o.consultation.committee.short_name,
            o.submitted_to,
            str(dict(Outcome.Status.choices).get(o.decision, o.decision)),
        ],
        ("consultations:detail", "consultations.view_desk", lambda o: o.consultation_id),
        wide=(1, 2),
    ),
    "lecture": RecordKind(
        ("-delivered_on", "-pk"),
        ("committee", "offering", "member"),
        (
            _("授课日期"),
            _("讲题"),
            _("领域"),
            _("政协组织"),
            _("授课委员"),
            _("点单单位"),
            _("听众人数"),
        ),
        lambda o: [
            _date(o.delivered_on),
            o.title,
            o.get_field_display(),
            o.committee.short_name,
            o.member.name if o.member else "",
            o.organisation,
            f"{o.people_reached:,}" if o.people_reached is not None else "",
        ],
        ("lectures:order_detail", "lectures.view_desk", lambda o: o.pk),
    ),
}


def records_for(metric: fig.Metric, period: Period, *, dimension: str, key: str):
    kind = RECORD_KINDS[metric.kind]
    queryset = fig.figure_records(
        metric,
        committee_ids=period.committee_ids,
        start=period.start,
        end=period.end,
        dimension=dimension,
        key=key,
    )
    return queryset.select_related(*kind.related).order_by(*kind.order), kind


def describe(
    metric: fig.Metric, period: Period, *, dimension: str, key: str, key_label: str
) -> str:
    """The 明细 page's heading: what the list counts."""
    if metric.period == fig.SNAPSHOT:
        when = str(_("截至今日"))
    elif metric.period == fig.END_MONTH:
        when = month_label(period.end)
    elif period.start == period.end:
        when = month_label(period.start)
    else:
        when = f"{month_label(period.start)}—{month_label(period.end)}"
    parts = [period.committee_name, when, str(metric.label)]
    if dimension:
        parts.append(key_label)
    return " · ".join(p for p in parts if p)
