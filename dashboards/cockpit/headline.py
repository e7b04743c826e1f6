"""The cockpit's cards: each headline figure of the period with the same months of last year
and its parts (a breakdown, a related count), every number linked to its records."""

from __future__ import annotations

import dataclasses

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .. import figures as fig
from .numbers import Number, records_url
from .period import Period, month_label
from .summary import Figures


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
