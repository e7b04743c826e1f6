"""The cockpit's tables, each drawn as a chart too: the monthly trend, the breakdowns (by
category, department, 界别, activity type, channel, consultation form, lecture field, grade) and
the ten committees side by side; every cell linked to its records."""

from __future__ import annotations

import dataclasses
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .. import figures as fig
from .numbers import Number, records_url
from .period import Period, month_label
from .summary import Figures

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
