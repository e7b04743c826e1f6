"""A report's figures laid out as tables: the same tables on the print-ready page and in the
XLSX download, so the two cannot disagree. Labels are resolved here from the figures' codes."""

from __future__ import annotations

import dataclasses
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext as _

from consultations.models import Consultation, Outcome
from ledger.models import ActivityType, Grade
from opinions.models import AdoptionLevel, LeaderInstruction, Satisfaction

from .figures import UNGRADED, pct

Cell = Any
CHINESE_NUMBERS = "零一二三四五六七八九十"


@dataclasses.dataclass(frozen=True)
class Table:
    key: str
    title: str | Promise
    header: tuple[str, ...]
    rows: list[tuple[Cell, ...]]
    note: str = ""
    numeric_from: int = 1  # the first column of numbers (right-aligned on the page)…
    numeric_to: int | None = None  # …and the column after the last one (None: to the end)
    wide: bool = False  # many columns: set smaller on the page
    empty: str = ""  # what the page says when there are no rows (default: 本期无数据)
    number: int = 0  # its place in the report (一、二、…), set by ``tables``

    @property
    def numeric_columns(self) -> list[int]:
        end = len(self.header) if self.numeric_to is None else self.numeric_to
        return list(range(self.numeric_from, end))

    @property
    def numbered_title(self) -> str:
        if not 0 < self.number < len(CHINESE_NUMBERS):
            return str(self.title)
        return f"{CHINESE_NUMBERS[self.number]}、{self.title}"


def _rate(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}%"


def summary(figures: dict[str, Any]) -> Table:
    t = figures["totals"]
    r = figures["rates"]
    rows: list[tuple[Cell, ...]] = [
        (_("收到社情民意（件）"), t["received"], ""),
        (_("采用（件）"), t["adopted"], _("采用率 %(r)s") % {"r": _rate(r["adoption"])}),
    ]
    for level in reversed(AdoptionLevel):
        rows.append(
            (
                _("　其中：%(level)s") % {"level": level.label},
                figures["adopted_by_level"][level],
                "",
            )
        )
    rows += [
        (_("未采用（件）"), t["not_adopted"], ""),
        (_("并案（件）"), t["merged"], ""),
        (_("转交承办单位办理（件）"), t["forwarded"], ""),
        (
            _("承办单位答复（件）"),
            t["replied"],
            _("按期答复 %(n)s 件，按期率 %(r)s")
            % {"n": t["replied_on_time"], "r": _rate(r["on_time"])},
        ),
        (
            _("群众评价（件）"),
            t["rated"],
            _("满意和基本满意率 %(r)s") % {"r": _rate(r["satisfaction"])},
        ),
    ]
    for value in Satisfaction:
        rows.append((_("　其中：%(s)s") % {"s": value.label}, figures["satisfaction"][value], ""))
    rows += [
        (
            _("编发《社情民意信息》（期）"),
            t["bulletins"],
            _("刊发信息 %(n)s 条") % {"n": t["bulletin_items"]},
        ),
        (_("获领导批示（件）"), t["instructions"], ""),
    ]
    for instruction_level in reversed(LeaderInstruction.Level):
        rows.append(
            (
                _("　其中：%(level)s") % {"level": instruction_level.label},
                figures["instructions_by_level"].get(instruction_level, 0),
                "",
            )
        )
    rows += [
        (_("联系群众活动（次）"), t["activities"], ""),
        (_("联系群众（人次）"), t["people_reached"], ""),
        (_("在任委员（人）"), t["members"], ""),
        (
            _("本期参加活动的委员（人）"),
            t["members_active"],
            _("占 %(r)s") % {"r": _rate(r["active_members"])},
        ),
        (_("本期未参加活动的委员（人）"), t["members_inactive"], ""),
        (
            _("委员值班（已值班班次）"),
            t["duty_served"],
            _("接待群众 %(n)s 人次") % {"n": t["duty_visitors"]},
        ),
        (
            _("委员值班（缺勤班次）"),
            t["duty_missed"],
            _("请假 %(n)s 班次") % {"n": t["duty_excused"]},
        ),
    ]
    rows += _consultation_rows(figures)
    return Table("summary", _("主要数据"), (_("指标"), _("数值"), _("说明")), rows, numeric_to=2)


def _consultation_rows(figures: dict[str, Any]) -> list[tuple[Cell, ...]]:
    consultations = figures.get("consultations") or {}
    lectures = figures.get("lectures") or {}
    if not consultations.get("available"):
        # a report made before consultations were counted (schema 1): it says so, for good
        missing = _("暂无（本报告生成时协商议事功能尚未上线）")
        return [
            (_("协商活动（场）"), "—", missing),
            (_("协商成果采纳（项）"), "—", missing),
            (_("委员讲堂授课（场）"), "—", _("暂无（本报告生成时讲堂点单功能尚未上线）")),
        ]
    partly = consultations.get("outcomes_by_decision", {}).get(Outcome.Status.PARTLY, 0)
    return [
        (
            _("协商活动（场）"),
            consultations["held"],
            _("委员出席 %(a)s 人次，群众旁听 %(o)s 人次")
            % {"a": consultations["attendances"], "o": consultations["observers"]},
        ),
        (
            _("协商成果采纳（项）"),
            consultations["outcomes_adopted"],
            _("其中部分采纳 %(n)s 项") % {"n": partly},
        ),
        (
            _("委员讲堂授课（场）"),
            lectures.get("delivered", 0),
            _("听众 %(n)s 人次") % {"n": lectures.get("people", 0)},
        ),
    ]


def by_consultation_kind(figures: dict[str, Any]) -> Table | None:
    consultations = figures.get("consultations") or {}
    if not consultations.get("available"):
        return None
    labels = dict(Consultation.Kind.choices)
    order = list(labels)
    rows = [
        (str(labels.get(kind, kind)), v["held"], v["attended"], v["observers"])
        for kind, v in sorted(
            consultations.get("by_kind", {}).items(),
            key=lambda kv: (-kv[1]["held"], order.index(kv[0]) if kv[0] in order else 99),
        )
    ]
    return Table(
        "by_consultation_kind",
        _("协商活动分形式情况"),
        (_("协商形式"), _("协商活动（场）"), _("委员出席（人次）"), _("群众旁听（人次）")),
        rows,
        note=_("已召开的协商活动按开始日期计入本期；出席和旁听为该活动登记的出席委员和入场群众。"),
    )


def by_committee(figures: dict[str, Any]) -> Table | None:
    if not figures.get("by_committee"):
        return None
    rows = [
        (
            row.get("short_name") or row["name"],
            row["received"],
            row["adopted"],
            row["forwarded"],
            row["replied"],
            row["replied_on_time"],
            row["bulletins"],
            row["instructions"],
            row["activities"],
            row["people_reached"],
            row["members"],
            row["members_active"],
            row["duty_served"],
            row["duty_missed"],
            *(row.get(key, "—") for key in CONSULTATION_COLUMNS),
        )
        for row in figures["by_committee"]
    ]
    t = figures["totals"]
    rows.append(
        (
            _("合计"),
            t["received"],
            t["adopted"],
            t["forwarded"],
            t["replied"],
            t["replied_on_time"],
            t["bulletins"],
            t["instructions"],
            t["activities"],
            t["people_reached"],
            t["members"],
            t["members_active"],
            t["duty_served"],
            t["duty_missed"],
            *(t.get(key, "—") for key in CONSULTATION_COLUMNS),
        )
    )
    header = (
        _("政协组织"),
        _("收到"),
        _("采用"),
        _("转办"),
        _("答复"),
        _("按期答复"),
        _("信息期数"),
        _("领导批示"),
        _("活动"),
        _("联系群众"),
        _("在任委员"),
        _("参加活动委员"),
        _("已值班"),
        _("缺勤"),
        _("协商活动"),
        _("成果采纳"),
        _("讲堂授课"),
    )
    return Table("by_committee", _("分旗区情况"), header, rows, wide=True)


# the consultation counters in the breakdown by committee ("—" in a report made before them)
CONSULTATION_COLUMNS = ("consultations", "outcomes_adopted", "lectures")


def by_type(figures: dict[str, Any]) -> Table:
    labels = dict(ActivityType.choices)
    # (stored as a JSON object: PostgreSQL's jsonb keeps no key order, so sort here)
    rows = [
        (str(labels.get(code, code)), v["activities"], v["people"])
        for code, v in sorted(
            figures["activities_by_type"].items(), key=lambda kv: (-kv[1]["activities"], kv[0])
        )
    ]
    return Table(
        "by_type",
        _("联系群众活动分类"),
        (_("活动类型"), _("活动（次）"), _("联系群众（人次）")),
        rows,
        note=_("以联系群众活动填报的委员讲堂、基层协商议事等计入此表。"),
    )


def by_sector(figures: dict[str, Any]) -> Table:
    rows = [
        (row["name"], row["members"], row["active"], row["activities"], row["people"])
        for row in figures["by_sector"]
    ]
    return Table(
        "by_sector",
        _("分界别情况"),
        (_("界别"), _("在任委员"), _("参加活动委员"), _("填报活动（次）"), _("联系群众（人次）")),
        rows,
        note=_("活动按填报委员的界别统计。"),
    )


def by_category(figures: dict[str, Any]) -> Table:
    rows = [(row["name"], row["received"], row["adopted"]) for row in figures["by_category"]]
    return Table(
        "by_category",
        _("社情民意分类情况"),
        (_("类别"), _("收到（件）"), _("采用（件）")),
        rows,
    )


def evaluation(figures: dict[str, Any]) -> list[Table]:
    data = figures.get("evaluation")
    if not data:
        return []
    labels = {**dict(Grade.choices), UNGRADED: _("未评定")}
    total = sum(data["distribution"].values())
    grades = Table(
        "grades",
        _("%(year)s年度委员履职评价等次") % {"year": data["year"]},
        (_("等次"), _("人数"), _("占比")),
        [
            (
                str(labels[grade]),
                data["distribution"].get(grade, 0),
                _rate(pct(data["distribution"].get(grade, 0), total)),
            )
            for grade in [*Grade.values, UNGRADED]  # in this order: jsonb keeps none
        ],
    )
    commended = Table(
        "commended",
        _("%(year)s年度履职优秀委员名单") % {"year": data["year"]},
        (_("序号"), _("姓名"), _("界别"), _("年度积分")),
        [
            (i, row["name"], row["sector"] or "—", row["total"])
            for i, row in enumerate(data["commended"], 1)
        ],
        empty=_("本年度尚无评定为优秀的委员。"),
        numeric_from=3,
    )
    return [grades, commended]


def tables(figures: dict[str, Any]) -> list[Table]:
    """Every table of the report, in the page's order."""
    found = [summary(figures)]
    committee_table = by_committee(figures)
    if committee_table is not None:
        found.append(committee_table)
    found += [by_type(figures)]
    consultation_table = by_consultation_kind(figures)
    if consultation_table is not None:
        found.append(consultation_table)
    found += [by_sector(figures), by_category(figures)]
    found += evaluation(figures)
    return [dataclasses.replace(table, number=i) for i, table in enumerate(found, 1)]


def performance_notice(figures: dict[str, Any], committee_name: str) -> str:
    """The annual report's 通报 as text ready to publish: how the year's evaluation came out and
    the members commended ("" when the report has no evaluation)."""
    data = figures.get("evaluation")
    if not data:
        return ""
    counts = data["distribution"]
    text = _(
        "根据委员履职积分和年度评定，%(committee)s%(year)s年度参加评定的委员共%(evaluated)s人，"
        "其中优秀%(excellent)s人、称职%(competent)s人、基本称职%(basic)s人、不称职%(incompetent)s人。"
    ) % {
        "committee": committee_name,
        "year": data["year"],
        "evaluated": data["evaluated"],
        "excellent": counts.get(Grade.EXCELLENT, 0),
        "competent": counts.get(Grade.COMPETENT, 0),
        "basic": counts.get(Grade.BASIC, 0),
        "incompetent": counts.get(Grade.INCOMPETENT, 0),
    }
    if counts.get(UNGRADED):
        text += _("另有%(n)s人尚未评定。") % {"n": counts[UNGRADED]}
    if data["commended"]:
        names = "、".join(
            f"{row['name']}（{row['sector']}）" if row["sector"] else row["name"]
            for row in data["commended"]
        )
        text += _(
            "对履职优秀的%(names)s等%(n)s名委员予以通报表扬，希望全体委员以他们为榜样，"
            "密切联系群众，积极建言资政、凝聚共识。"
        ) % {"names": names, "n": len(data["commended"])}
    return text
