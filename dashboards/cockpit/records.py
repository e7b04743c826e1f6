"""The 明细 pages: how each kind of record is listed (``RECORD_KINDS``), the records behind a
number (``records_for``, the figures' own ``figure_records``) and the page's heading
(``describe``)."""

from __future__ import annotations

import dataclasses
import datetime
from typing import Any

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from consultations.models import Outcome

from .. import figures as fig
from .period import Period, month_label


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
