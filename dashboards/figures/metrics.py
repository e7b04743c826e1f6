"""What each cockpit figure counts: a *metric* declared once (``METRICS``) — the records it
counts (``Records``: a queryset of the app that owns them, from ``querysets``, the path to their
committee, the date that puts a record in a month — shared by the metrics that count the same
records), what is counted (rows, a sum, distinct members) and its breakdowns (``Dim``: a
category, a department, a 界别 …); and how it adds up over a period (``SUMMED``, ``END_MONTH``,
``SNAPSHOT``, ``YEARLY``)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from consultations.models import Consultation, Outcome
from lectures.models import LectureField
from ledger.models import Grade, MemberYearScore
from liaison.models import ActivityType
from opinions.models import AdoptionLevel, Channel, LeaderInstruction, Satisfaction
from workstations.models import DutyShift

from . import querysets as qs

SUMMED = "summed"
END_MONTH = "end_month"
SNAPSHOT = "snapshot"
YEARLY = "yearly"


@dataclasses.dataclass(frozen=True)
class Dim:
    """A breakdown: ``key`` is the path of the value grouped by, ``label`` the path of its name
    (a model's name column) or ``choices`` (a TextChoices whose labels name the codes).
    ``none_label``: rows without a value form a group of their own; otherwise they are left out
    of the breakdown (not of the total)."""

    key: str
    label: str | None = None
    choices: Any = None
    none_label: str | Promise | None = None

    def filter(self, queryset: QuerySet, value: str) -> QuerySet:
        if value == "" and self.none_label is not None:
            if self.key.endswith("_id"):
                return queryset.filter(**{f"{self.key}__isnull": True})
            return queryset.filter(Q(**{f"{self.key}__isnull": True}) | Q(**{self.key: ""}))
        if self.key.endswith("_id") and not value.isdigit():
            return queryset.none()  # not a record's id: nothing (never a 500)
        return queryset.filter(**{self.key: value})

    def name(self, key: str, label: str) -> str:
        if key == "" and self.none_label is not None:
            return str(self.none_label)
        if self.choices is not None:
            return str(dict(self.choices.choices).get(key, key))
        return label or key


@dataclasses.dataclass(frozen=True)
class Records:
    """What a metric counts: which records (``kind``: "opinion", "forwarding", "activity" …;
    ``base``: their queryset), the path to their committee's id and the date or time that puts
    a record in a month (``when``; "" for snapshots). Metrics that count the same records in
    different ways (activities and the people they reached) share one."""

    kind: str
    base: Callable[[], QuerySet]
    committee: str
    when: str = ""


@dataclasses.dataclass(frozen=True)
class Metric:
    code: str
    label: str | Promise
    records: Records
    value: Callable[[], Any] = lambda: Count("pk")
    dims: dict[str, Dim] = dataclasses.field(default_factory=dict)
    period: str = SUMMED
    unit: str | Promise = _("件")
    total: str = ""  # a field of the records the 明细 page adds up (people reached)

    @property
    def kind(self) -> str:
        return self.records.kind

    @property
    def base(self) -> Callable[[], QuerySet]:
        return self.records.base

    @property
    def committee(self) -> str:
        return self.records.committee

    @property
    def when(self) -> str:
        return self.records.when


CONSULTATION_KIND = Dim("consultation__kind", choices=Consultation.Kind)
CATEGORY = Dim("category_id", "category__name", none_label=_("未分类"))
DEPARTMENT = Dim("department_id", "department__name")
SECTOR_OF_MEMBER = Dim("sector__name", none_label=_("未定界别"))
ACTIVITY_TYPE = Dim("type", choices=ActivityType)

ACTIVITIES = Records("activity", qs.confirmed_activities, "committee_id", "occurred_on")
LECTURES = Records("lecture", qs.lectures_delivered, "committee_id", "delivered_on")


def _forwardings(base: Callable[[], QuerySet], when: str) -> Records:
    return Records("forwarding", base, "opinion__committee_id", when)


def _shifts(status: str) -> Records:
    return Records(
        "shift",
        lambda: DutyShift.objects.filter(status=status),
        "workstation__committee_id",
        "date",
    )


def _at_consultations(kind: str, base: Callable[[], QuerySet]) -> Records:
    return Records(kind, base, "consultation__committee_id", "consultation__starts_at")


METRICS: dict[str, Metric] = {
    metric.code: metric
    for metric in (
        Metric(
            "received",
            _("收到社情民意"),
            Records("opinion", qs.opinions, "committee_id", "submitted_at"),
            dims={
                "category": CATEGORY,
                "channel": Dim("channel", choices=Channel),
                "sector": Dim("author__sector__name"),
            },
        ),
        Metric(
            "adopted",
            _("采用"),
            Records("opinion", qs.adopted, "committee_id", "decided_at"),
            dims={"level": Dim("adoption_level", choices=AdoptionLevel), "category": CATEGORY},
        ),
        Metric(
            "forwarded",
            _("转办"),
            _forwardings(qs.lead_forwardings, "created_at"),
            dims={"department": DEPARTMENT},
        ),
        Metric(
            "replied",
            _("已答复"),
            _forwardings(qs.replied, "first_replied_at"),
            dims={"department": DEPARTMENT},
        ),
        Metric(
            "replied_on_time",
            _("按期答复"),
            _forwardings(qs.replied_on_time, "first_replied_at"),
            dims={"department": DEPARTMENT},
        ),
        Metric(
            "rated",
            _("群众评价"),
            Records("opinion", qs.rated, "committee_id", "rated_at"),
            dims={"satisfaction": Dim("satisfaction", choices=Satisfaction)},
        ),
        Metric(
            "rated_satisfied",
            _("满意和基本满意"),
            Records("opinion", qs.rated_satisfied, "committee_id", "rated_at"),
        ),
        Metric(
            "bulletins",
            _("《社情民意信息》签发"),
            Records("bulletin", qs.issued_bulletins, "committee_id", "issued_at"),
            unit=_("期"),
        ),
        Metric(
            "instructions",
            _("领导批示"),
            Records(
                "instruction",
                LeaderInstruction.objects.all,
                "opinion__committee_id",
                "instructed_on",
            ),
            dims={"level": Dim("level", choices=LeaderInstruction.Level)},
        ),
        Metric(
            "activities",
            _("联系群众活动"),
            ACTIVITIES,
            dims={"type": ACTIVITY_TYPE, "sector": Dim("reporter__sector__name")},
            unit=_("次"),
        ),
        Metric(
            "people_reached",
            _("联系群众人次"),
            ACTIVITIES,
            value=lambda: Sum("people_reached"),
            dims={"type": ACTIVITY_TYPE},
            unit=_("人次"),
            total="people_reached",
        ),
        Metric(
            "members_active",
            _("当月有活动的委员"),
            Records("member", qs.participations, "member__committee_id", "activity__occurred_on"),
            value=lambda: Count("member", distinct=True),
            period=END_MONTH,
            unit=_("人"),
        ),
        Metric(
            "members_total",
            _("在任委员"),
            Records("member", qs.active_members, "committee_id"),
            dims={"sector": SECTOR_OF_MEMBER},
            period=SNAPSHOT,
            unit=_("人"),
        ),
        Metric(
            "members_inactive",
            _("30天以上无活动的委员"),
            Records("member", qs.inactive_members, "committee_id"),
            dims={"sector": SECTOR_OF_MEMBER},
            period=SNAPSHOT,
            unit=_("人"),
        ),
        Metric("shifts_served", _("值班到岗"), _shifts(DutyShift.Status.SERVED), unit=_("班次")),
        Metric("shifts_missed", _("值班缺勤"), _shifts(DutyShift.Status.MISSED), unit=_("班次")),
        Metric(
            "consultations",
            _("协商活动"),
            Records("consultation", qs.consultations_held, "committee_id", "starts_at"),
            dims={"kind": Dim("kind", choices=Consultation.Kind)},
            unit=_("场"),
        ),
        Metric(
            "consultation_attendances",
            _("委员出席协商活动"),
            _at_consultations("attendance", qs.consultation_attendances),
            dims={"kind": CONSULTATION_KIND},
            unit=_("人次"),
        ),
        Metric(
            "consultation_observers",
            _("群众旁听入场"),
            _at_consultations("observer", qs.observers_checked_in),
            dims={"kind": CONSULTATION_KIND},
            unit=_("人次"),
        ),
        Metric(
            "outcomes_adopted",
            _("协商成果采纳"),
            Records("outcome", qs.outcomes_adopted, "consultation__committee_id", "decided_on"),
            dims={"decision": Dim("decision", choices=Outcome.Status)},
            unit=_("项"),
        ),
        Metric(
            "lectures",
            _("委员讲堂授课"),
            LECTURES,
            dims={"field": Dim("field", choices=LectureField)},
            unit=_("场"),
        ),
        Metric(
            "lecture_people",
            _("讲堂听众"),
            LECTURES,
            value=lambda: Sum("people_reached"),
            unit=_("人次"),
            total="people_reached",
        ),
        Metric(
            "graded",
            _("参加年度评定的委员"),
            Records("score", MemberYearScore.objects.all, "committee_id", "year"),
            dims={"grade": Dim("grade", choices=Grade, none_label=_("未评定"))},
            period=YEARLY,
            unit=_("人"),
        ),
    )
}

SUMMED_METRICS = [m.code for m in METRICS.values() if m.period == SUMMED]
END_MONTH_METRICS = [m.code for m in METRICS.values() if m.period == END_MONTH]
SNAPSHOT_METRICS = [m.code for m in METRICS.values() if m.period == SNAPSHOT]
YEARLY_METRICS = [m.code for m in METRICS.values() if m.period == YEARLY]
