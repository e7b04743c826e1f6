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
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Callable, Iterable
from typing import Any

from django.db import transaction
from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from consultations.models import Consultation, ConsultationEvent, Invitation, Observer, Outcome
from lectures.models import LectureField, LectureOrder
from ledger.models import Grade, MemberYearScore
from liaison.models import Activity, ActivityParticipant, ActivityType
from members.models import Member
from opinions.models import (
    AdoptionLevel,
    Bulletin,
    Channel,
    Forwarding,
    LeaderInstruction,
    Opinion,
    Satisfaction,
    Status,
)
from workstations.models import DutyShift

from .models import CockpitFigure, Heartbeat

REFRESH_NAME = "cockpit_figures"  # the Heartbeat row: last refresh, and the refresh's lock
INACTIVE_DAYS = 30
# The beat job every five minutes recomputes the months from this many months back (records
# are dated when they happened: an activity logged late, a rating, a reply); the nightly job
# recomputes everything.
RECENT_MONTHS = 3

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


def _opinions() -> QuerySet:
    return Opinion.objects.exclude(status=Status.DRAFT).filter(is_spam=False)


def _adopted() -> QuerySet:
    return Opinion.objects.filter(is_spam=False).exclude(adoption_level="")


def _lead_forwardings() -> QuerySet:
    return Forwarding.objects.filter(role=Forwarding.Role.LEAD).exclude(
        status=Forwarding.Status.WITHDRAWN
    )


def _replied() -> QuerySet:
    return _lead_forwardings().filter(first_replied_at__isnull=False)


def _replied_on_time() -> QuerySet:
    return _replied().filter(first_replied_at__date__lte=F("due_date"))


def _rated() -> QuerySet:
    return Opinion.objects.exclude(satisfaction="")


def _rated_satisfied() -> QuerySet:
    return _rated().filter(satisfaction__in=[Satisfaction.SATISFIED, Satisfaction.BASICALLY])


def _issued_bulletins() -> QuerySet:
    return Bulletin.objects.filter(status=Bulletin.Status.ISSUED)


def _confirmed_activities() -> QuerySet:
    return Activity.objects.filter(status=Activity.Status.CONFIRMED)


def _participations() -> QuerySet:
    return ActivityParticipant.objects.filter(
        attended=True, activity__status=Activity.Status.CONFIRMED
    )


def _active_members() -> QuerySet:
    return Member.objects.filter(status=Member.Status.ACTIVE)


def _inactive_members(today: datetime.date | None = None) -> QuerySet:
    today = today or timezone.localdate()
    since = today - datetime.timedelta(days=INACTIVE_DAYS)
    recent = _participations().filter(activity__occurred_on__gte=since).values("member_id")
    return _active_members().exclude(pk__in=recent)


# A consultation event counts once it took place (held, its minutes published, closed).
HELD_STATUSES = (
    Consultation.Status.HELD,
    Consultation.Status.MINUTES,
    Consultation.Status.CLOSED,
)
ADOPTED_DECISIONS = (Outcome.Status.ADOPTED, Outcome.Status.PARTLY)
DELIVERED_STATUSES = (LectureOrder.Status.DELIVERED, LectureOrder.Status.RATED)


def consultations_held() -> QuerySet:
    return Consultation.objects.filter(status__in=HELD_STATUSES)


def consultation_attendances() -> QuerySet:
    """Members recorded as present (出席) at an event that took place: one row a member and
    event (人次)."""
    return Invitation.objects.filter(
        attendance=Invitation.Attendance.ATTENDED, consultation__status__in=HELD_STATUSES
    )


def observers_checked_in() -> QuerySet:
    return Observer.objects.filter(
        status=Observer.Status.CHECKED_IN, consultation__status__in=HELD_STATUSES
    )


def outcomes_adopted() -> QuerySet:
    """Outcomes whose decision (the follow-up step from 已报送) was 已采纳 or 部分采纳, dated by
    ``decided_on``; ``decision`` is that decision — an adopted outcome stays counted after it
    is implemented or closed (its status moves on, its decision does not)."""
    decision = (
        ConsultationEvent.objects.filter(
            outcome=OuterRef("pk"),
            kind=ConsultationEvent.Kind.FOLLOW_UP,
            from_status=Outcome.Status.SUBMITTED,
            to_status__in=ADOPTED_DECISIONS,
        )
        .order_by("-created_at", "-pk")
        .values("to_status")[:1]
    )
    return Outcome.objects.annotate(decision=Subquery(decision)).filter(
        decision__isnull=False, decided_on__isnull=False
    )


def lectures_delivered() -> QuerySet:
    return LectureOrder.objects.filter(status__in=DELIVERED_STATUSES, delivered_on__isnull=False)


CONSULTATION_KIND = Dim("consultation__kind", choices=Consultation.Kind)
CATEGORY = Dim("category_id", "category__name", none_label=_("未分类"))
DEPARTMENT = Dim("department_id", "department__name")
SECTOR_OF_MEMBER = Dim("sector__name", none_label=_("未定界别"))
ACTIVITY_TYPE = Dim("type", choices=ActivityType)

ACTIVITIES = Records("activity", _confirmed_activities, "committee_id", "occurred_on")
LECTURES = Records("lecture", lectures_delivered, "committee_id", "delivered_on")


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
            Records("opinion", _opinions, "committee_id", "submitted_at"),
            dims={
                "category": CATEGORY,
                "channel": Dim("channel", choices=Channel),
                "sector": Dim("author__sector__name"),
            },
        ),
        Metric(
            "adopted",
            _("采用"),
            Records("opinion", _adopted, "committee_id", "decided_at"),
            dims={"level": Dim("adoption_level", choices=AdoptionLevel), "category": CATEGORY},
        ),
        Metric(
            "forwarded",
            _("转办"),
            _forwardings(_lead_forwardings, "created_at"),
            dims={"department": DEPARTMENT},
        ),
        Metric(
            "replied",
            _("已答复"),
            _forwardings(_replied, "first_replied_at"),
            dims={"department": DEPARTMENT},
        ),
        Metric(
            "replied_on_time",
            _("按期答复"),
            _forwardings(_replied_on_time, "first_replied_at"),
            dims={"department": DEPARTMENT},
        ),
        Metric(
            "rated",
            _("群众评价"),
            Records("opinion", _rated, "committee_id", "rated_at"),
            dims={"satisfaction": Dim("satisfaction", choices=Satisfaction)},
        ),
        Metric(
            "rated_satisfied",
            _("满意和基本满意"),
            Records("opinion", _rated_satisfied, "committee_id", "rated_at"),
        ),
        Metric(
            "bulletins",
            _("《社情民意信息》签发"),
            Records("bulletin", _issued_bulletins, "committee_id", "issued_at"),
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
            Records("member", _participations, "member__committee_id", "activity__occurred_on"),
            value=lambda: Count("member", distinct=True),
            period=END_MONTH,
            unit=_("人"),
        ),
        Metric(
            "members_total",
            _("在任委员"),
            Records("member", _active_members, "committee_id"),
            dims={"sector": SECTOR_OF_MEMBER},
            period=SNAPSHOT,
            unit=_("人"),
        ),
        Metric(
            "members_inactive",
            _("30天以上无活动的委员"),
            Records("member", _inactive_members, "committee_id"),
            dims={"sector": SECTOR_OF_MEMBER},
            period=SNAPSHOT,
            unit=_("人"),
        ),
        Metric("shifts_served", _("值班到岗"), _shifts(DutyShift.Status.SERVED), unit=_("班次")),
        Metric("shifts_missed", _("值班缺勤"), _shifts(DutyShift.Status.MISSED), unit=_("班次")),
        Metric(
            "consultations",
            _("协商活动"),
            Records("consultation", consultations_held, "committee_id", "starts_at"),
            dims={"kind": Dim("kind", choices=Consultation.Kind)},
            unit=_("场"),
        ),
        Metric(
            "consultation_attendances",
            _("委员出席协商活动"),
            _at_consultations("attendance", consultation_attendances),
            dims={"kind": CONSULTATION_KIND},
            unit=_("人次"),
        ),
        Metric(
            "consultation_observers",
            _("群众旁听入场"),
            _at_consultations("observer", observers_checked_in),
            dims={"kind": CONSULTATION_KIND},
            unit=_("人次"),
        ),
        Metric(
            "outcomes_adopted",
            _("协商成果采纳"),
            Records("outcome", outcomes_adopted, "consultation__committee_id", "decided_on"),
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


# --- months -------------------------------------------------------------------------------


def month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def add_months(month: datetime.date, count: int) -> datetime.date:
    index = month.year * 12 + month.month - 1 + count
    return datetime.date(index // 12, index % 12 + 1, 1)


def months_between(start: datetime.date, end: datetime.date) -> list[datetime.date]:
    months, month = [], month_start(start)
    while month <= end:
        months.append(month)
        month = add_months(month, 1)
    return months


def _local_midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _in_months(metric: Metric, queryset: QuerySet, start: datetime.date | None, end_excl=None):
    """``queryset`` narrowed to the records ``metric`` dates in [start, end_excl) (months)."""
    field = metric.when
    is_datetime = _is_datetime(metric)
    if start is not None:
        queryset = queryset.filter(
            **{f"{field}__gte": _local_midnight(start) if is_datetime else start}
        )
    if end_excl is not None:
        queryset = queryset.filter(
            **{f"{field}__lt": _local_midnight(end_excl) if is_datetime else end_excl}
        )
    return queryset


def _is_datetime(metric: Metric) -> bool:
    model = metric.base().model
    path = metric.when.split("__")
    for part in path[:-1]:
        model = model._meta.get_field(part).related_model
    return model._meta.get_field(path[-1]).get_internal_type() == "DateTimeField"


def _as_date(value) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


# --- refresh --------------------------------------------------------------------------------

Row = tuple[int, datetime.date, str, str, str, str, int]


def _grouped(metric: Metric, since: datetime.date | None, today: datetime.date) -> Iterable[Row]:
    if metric.period == SNAPSHOT:
        base = (
            _inactive_members(today) if metric.code == "members_inactive" else metric.base()
        ).annotate(_c=F(metric.committee))
        groupings: list[tuple[str, Dim | None]] = [("", None), *metric.dims.items()]
        current = month_start(today)
        for dimension, dim in groupings:
            yield from _rows(metric, base, dimension, dim, lambda row: current)
        return
    if metric.period == YEARLY:
        base = metric.base().annotate(_c=F(metric.committee), _y=F(metric.when))
        for dimension, dim in [("", None), *metric.dims.items()]:
            yield from _rows(
                metric, base, dimension, dim, lambda row: datetime.date(row["_y"], 1, 1), ("_y",)
            )
        return
    base = _in_months(metric, metric.base(), since).annotate(
        _c=F(metric.committee), _m=TruncMonth(metric.when)
    )
    for dimension, dim in [("", None), *metric.dims.items()]:
        yield from _rows(metric, base, dimension, dim, lambda row: _as_date(row["_m"]), ("_m",))


def _rows(metric, base, dimension, dim, month_of, extra=()) -> Iterable[Row]:
    columns = ["_c", *extra]
    if dim is not None:
        columns.append(dim.key)
        if dim.label:
            columns.append(dim.label)
        if dim.none_label is None:
            base = base.filter(**{f"{dim.key}__isnull": False})
    rows = base.values(*columns).annotate(_v=metric.value()).order_by()
    for row in rows:
        value = row["_v"] or 0
        if not value:
            continue
        key = label = ""
        if dim is not None:
            raw = row[dim.key]
            key = "" if raw is None else str(raw)
            label = str(row[dim.label] or "")[:100] if dim.label else ""
        yield (row["_c"], month_of(row), metric.code, dimension, key[:64], label, value)


def compute_figures(*, since: datetime.date | None = None, today: datetime.date | None = None):
    """Every committee's figures from ``since`` (a month; ``None``: all months), as rows
    ``(committee_id, month, metric, dimension, key, label, value)``; snapshot and yearly metrics
    always in full."""
    today = today or timezone.localdate()
    for metric in METRICS.values():
        yield from _grouped(metric, since, today)


def refresh_cockpit_figures(
    *, since: datetime.date | None = None, today: datetime.date | None = None
) -> int:
    """Recompute the cockpit's summary rows from ``since`` (the first day of a month; ``None``:
    everything) and replace them in one transaction. Idempotent: running it twice leaves the
    same rows. Two refreshes never interleave: each holds the lock of the refresh's
    ``Heartbeat`` row, which also records when the figures were last computed. Returns the
    number of rows written."""
    since = month_start(since) if since else None
    with transaction.atomic():
        # the first refresh creates the row (a second one at the same moment waits for it, or
        # finds it); a refresh that fails leaves no time behind
        beat, _created = Heartbeat.objects.select_for_update().get_or_create(
            name=REFRESH_NAME, defaults={"seen_at": timezone.now()}
        )
        rows = [
            CockpitFigure(
                committee_id=c, month=m, metric=metric, dimension=d, key=k, label=label, value=v
            )
            for c, m, metric, d, k, label, v in compute_figures(since=since, today=today)
        ]
        stale = CockpitFigure.objects.filter(
            Q(metric__in=SNAPSHOT_METRICS) | Q(metric__in=YEARLY_METRICS)
        )
        if since is None:
            stale = CockpitFigure.objects.all()
        else:
            stale = stale | CockpitFigure.objects.filter(month__gte=since)
        stale.delete()
        CockpitFigure.objects.bulk_create(rows, batch_size=1000)
        beat.seen_at = timezone.now()
        beat.save(update_fields=["seen_at"])
    return len(rows)


def recent_since(today: datetime.date | None = None) -> datetime.date:
    """The first month the five-minute refresh recomputes."""
    return add_months(month_start(today or timezone.localdate()), -(RECENT_MONTHS - 1))


def last_refreshed() -> datetime.datetime | None:
    return Heartbeat.objects.filter(name=REFRESH_NAME).values_list("seen_at", flat=True).first()


# --- the records behind a number --------------------------------------------------------------


def figure_records(
    metric: Metric,
    *,
    committee_ids: Iterable[int],
    start: datetime.date,
    end: datetime.date,
    dimension: str = "",
    key: str = "",
) -> QuerySet:
    """The records ``metric`` counts for the committees in the months ``start`` … ``end``
    (first days of months), narrowed to ``key`` of a breakdown: what the number in the cockpit
    counts, as of the last refresh. A snapshot lists today's members; ``members_active`` the
    members active in ``end``'s month; a yearly metric the scores of ``end``'s year."""
    committee_ids = list(committee_ids)
    if metric.period == SNAPSHOT:
        queryset = _inactive_members() if metric.code == "members_inactive" else metric.base()
    elif metric.period == YEARLY:
        queryset = metric.base().filter(**{metric.when: end.year})
    elif metric.period == END_MONTH:
        queryset = _in_months(metric, metric.base(), end, add_months(end, 1))
    else:
        queryset = _in_months(metric, metric.base(), start, add_months(end, 1))
    queryset = queryset.filter(**{f"{metric.committee}__in": committee_ids})
    dim = metric.dims.get(dimension)
    if dim is not None:
        if dim.none_label is None:
            queryset = queryset.filter(**{f"{dim.key}__isnull": False})
        queryset = dim.filter(queryset, key)
    if metric.kind == "member" and metric.period == END_MONTH:
        # the members themselves, once each
        ids = queryset.values("member_id")
        return Member.objects.filter(pk__in=ids)
    return queryset
