"""The cockpit's period and committee: the form (committee — a 旗区 user only their own, a
municipal user one or all ten —, month from/to, at most ``MAX_MONTHS``) and the ``Period`` it
asks for, which every number's link carries."""

from __future__ import annotations

import dataclasses
import datetime
import re
from typing import Any

from django import forms
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from org import selectors as org_selectors
from org.scope import visible_committee_ids

from .. import figures as fig

MAX_MONTHS = 24
MONTH_RE = re.compile(r"^(\d{4})-(\d{2})$")


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
