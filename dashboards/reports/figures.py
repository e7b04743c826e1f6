"""The figures of one report: a committee's liaison work in one period, as plain data (JSON).

Each section is one GROUP BY query over the period, grouped by committee as well, so a report
costs the same number of queries (about fifteen) whatever the data, and the municipal report's
breakdown by committee comes from the same rows. Scope follows the portal's rule (org.scope): the
municipal committee's report covers all ten committees (its own records and the nine 旗区's),
with a row for each; a 旗区's report covers that committee.

What is counted (the page prints these definitions under its tables):

- received: items submitted in the period (drafts and items flagged as spam left out);
- adopted / not adopted / merged: items decided in the period (adopted by their current level);
- forwarded: items first given to a lead department (主办) in the period;
- replied: lead departments' first replies in the period; on time: on or before the due date;
- satisfaction: ratings given in the period;
- 《社情民意信息》: issues signed off (签发) in the period and the items they carry;
- leader instructions (批示): dated in the period, by the leader's level;
- activities: confirmed liaison activities held in the period, people reached, by type;
- members: members in office (在任); active: reported or attended a confirmed activity held in
  the period;
- duty shifts: dated in the period, served (已值班), missed (缺勤), excused (请假); visitors;
- consultations: events that took place (held, minutes published, closed) starting in the
  period, by form (形式); members recorded present and observers checked in at them; outcomes
  whose decision (dated in the period) was 已采纳 or 部分采纳 — still counted once implemented
  or closed (the same definitions as the cockpit's, ``dashboards.figures``);
- 委员讲堂: lecture orders delivered (授课, rated or not) in the period, and their listeners;
- the annual report: the members' evaluation of the year (the committee's own members): grades
  and the members graded 优秀 (commended).
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from typing import Any

from django.db.models import Count, F, Q, Sum
from django.utils import timezone

from consultations.models import Invitation, Observer
from ledger.models import Grade, MemberYearScore
from liaison.models import Activity, ActivityParticipant
from members.models import Member
from opinions.models import (
    AdoptionLevel,
    Bulletin,
    Forwarding,
    LeaderInstruction,
    Opinion,
    Satisfaction,
    Status,
)
from org.models import Committee
from workstations.models import DutyShift

from .. import figures as cockpit_figures
from .periods import Kind

# 2: consultations, outcomes adopted and lectures counted (schema 1 reports say 暂无)
SCHEMA = 2
NO_CATEGORY = "未分类"
NO_SECTOR = "未定界别"
UNGRADED = "ungraded"

# the headline counters of each committee (the breakdown table's columns)
COUNTERS = (
    "received",
    "adopted",
    "not_adopted",
    "merged",
    "forwarded",
    "replied",
    "replied_on_time",
    "rated",
    "satisfied",
    "bulletins",
    "bulletin_items",
    "instructions",
    "activities",
    "people_reached",
    "members",
    "members_active",
    "members_inactive",
    "duty_served",
    "duty_missed",
    "duty_excused",
    "duty_visitors",
    "consultations",
    "consultation_attendances",
    "consultation_observers",
    "outcomes_adopted",
    "lectures",
    "lecture_people",
)


def committees_covered(committee: Committee) -> list[Committee]:
    """The committees a report of ``committee`` covers: all ten for the municipal committee."""
    if committee.is_municipal:
        return list(Committee.objects.order_by("order", "pk"))
    return [committee]


def _range(start: datetime.date, end: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    """The period as [first instant, instant after the last day) in the portal's time zone."""
    tz = timezone.get_current_timezone()
    first = timezone.make_aware(datetime.datetime.combine(start, datetime.time.min), tz)
    after = timezone.make_aware(
        datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min), tz
    )
    return first, after


def pct(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


class _Committee:
    """What the queries found for one committee in the period."""

    def __init__(self) -> None:
        self.counters: dict[str, int] = dict.fromkeys(COUNTERS, 0)
        self.adopted_by_level: Counter[str] = Counter()
        self.satisfaction: Counter[str] = Counter()
        self.instructions_by_level: Counter[str] = Counter()
        self.by_category: dict[str, Counter[str]] = defaultdict(Counter)
        self.by_type: dict[str, Counter[str]] = defaultdict(Counter)
        self.by_sector: dict[str, Counter[str]] = defaultdict(Counter)
        self.by_consultation_kind: dict[str, Counter[str]] = defaultdict(Counter)
        self.outcomes_by_decision: Counter[str] = Counter()


def collect(*, ids: list[int], start: datetime.date, end: datetime.date) -> dict[int, _Committee]:
    """Run the period's queries once for the committees ``ids``, each result kept per
    committee (every query groups by committee), so one run serves the reports of all of them."""
    first, after = _range(start, end)
    found = {pk: _Committee() for pk in ids}

    # 1. items received, by committee and category
    received = (
        Opinion.objects.filter(
            committee_id__in=ids, submitted_at__gte=first, submitted_at__lt=after, is_spam=False
        )
        .exclude(status=Status.DRAFT)
        .values("committee_id", "category__name")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in received:
        c = found[row["committee_id"]]
        c.counters["received"] += row["n"]
        c.by_category[row["category__name"] or NO_CATEGORY]["received"] += row["n"]

    # 2. items decided: adopted (by level), not adopted, merged
    decided = (
        Opinion.objects.filter(
            committee_id__in=ids, decided_at__gte=first, decided_at__lt=after, is_spam=False
        )
        .values("committee_id", "status", "adoption_level", "category__name")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in decided:
        c = found[row["committee_id"]]
        if row["adoption_level"]:
            c.counters["adopted"] += row["n"]
            c.adopted_by_level[row["adoption_level"]] += row["n"]
            c.by_category[row["category__name"] or NO_CATEGORY]["adopted"] += row["n"]
        elif row["status"] == Status.NOT_ADOPTED:
            c.counters["not_adopted"] += row["n"]
        elif row["status"] == Status.MERGED:
            c.counters["merged"] += row["n"]

    # 3. forwarded to a lead department; 4. the lead departments' first replies
    forwarded = (
        Forwarding.objects.filter(
            opinion__committee_id__in=ids,
            role=Forwarding.Role.LEAD,
            created_at__gte=first,
            created_at__lt=after,
        )
        .values("opinion__committee_id")
        .annotate(n=Count("opinion_id", distinct=True))
        .order_by()
    )
    for row in forwarded:
        found[row["opinion__committee_id"]].counters["forwarded"] = row["n"]
    replied = (
        Forwarding.objects.filter(
            opinion__committee_id__in=ids,
            role=Forwarding.Role.LEAD,
            first_replied_at__gte=first,
            first_replied_at__lt=after,
        )
        .values("opinion__committee_id")
        .annotate(
            n=Count("pk"), on_time=Count("pk", filter=Q(first_replied_at__date__lte=F("due_date")))
        )
        .order_by()
    )
    for row in replied:
        counters = found[row["opinion__committee_id"]].counters
        counters["replied"] = row["n"]
        counters["replied_on_time"] = row["on_time"]

    # 5. satisfaction of the ratings given in the period
    rated = (
        Opinion.objects.filter(committee_id__in=ids, rated_at__gte=first, rated_at__lt=after)
        .exclude(satisfaction="")
        .values("committee_id", "satisfaction")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in rated:
        c = found[row["committee_id"]]
        c.counters["rated"] += row["n"]
        c.satisfaction[row["satisfaction"]] += row["n"]
        if row["satisfaction"] in (Satisfaction.SATISFIED, Satisfaction.BASICALLY):
            c.counters["satisfied"] += row["n"]

    # 6. 《社情民意信息》 issues signed off, and their items
    issued = (
        Bulletin.objects.filter(
            committee_id__in=ids,
            status=Bulletin.Status.ISSUED,
            issued_at__gte=first,
            issued_at__lt=after,
        )
        .values("committee_id")
        .annotate(issues=Count("pk", distinct=True), items=Count("items"))
        .order_by()
    )
    for row in issued:
        counters = found[row["committee_id"]].counters
        counters["bulletins"] = row["issues"]
        counters["bulletin_items"] = row["items"]

    # 7. leader instructions
    instructions = (
        LeaderInstruction.objects.filter(
            opinion__committee_id__in=ids, instructed_on__gte=start, instructed_on__lte=end
        )
        .values("opinion__committee_id", "level")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in instructions:
        c = found[row["opinion__committee_id"]]
        c.counters["instructions"] += row["n"]
        c.instructions_by_level[row["level"]] += row["n"]

    # 8. confirmed activities held in the period: by committee, type and the reporter's sector
    activities = (
        Activity.objects.filter(
            committee_id__in=ids,
            status=Activity.Status.CONFIRMED,
            occurred_on__gte=start,
            occurred_on__lte=end,
        )
        .values("committee_id", "type", "reporter__sector__name")
        .annotate(n=Count("pk"), people=Sum("people_reached"))
        .order_by()
    )
    for row in activities:
        c = found[row["committee_id"]]
        people = row["people"] or 0
        c.counters["activities"] += row["n"]
        c.counters["people_reached"] += people
        c.by_type[row["type"]]["activities"] += row["n"]
        c.by_type[row["type"]]["people"] += people
        if row["reporter__sector__name"]:
            sector = c.by_sector[row["reporter__sector__name"]]
            sector["activities"] += row["n"]
            sector["people"] += people

    # 9. members in office, and those active in the period (reported or attended a confirmed
    # activity — of any committee: a 旗区 member at a municipal activity was active too): two
    # uncorrelated subqueries (each computed once, hashed), not an EXISTS per member
    attended = ActivityParticipant.objects.filter(
        attended=True,
        activity__status=Activity.Status.CONFIRMED,
        activity__occurred_on__gte=start,
        activity__occurred_on__lte=end,
    ).values("member_id")
    reported = Activity.objects.filter(
        status=Activity.Status.CONFIRMED,
        occurred_on__gte=start,
        occurred_on__lte=end,
        reporter__isnull=False,
    ).values("reporter_id")
    was_active = Q(pk__in=reported) | Q(pk__in=attended)
    members = (
        Member.objects.filter(committee_id__in=ids, status=Member.Status.ACTIVE)
        .values("committee_id", "sector__name")
        .annotate(n=Count("pk"), active=Count("pk", filter=was_active))
        .order_by()
    )
    for row in members:
        c = found[row["committee_id"]]
        c.counters["members"] += row["n"]
        c.counters["members_active"] += row["active"]
        sector = c.by_sector[row["sector__name"] or NO_SECTOR]
        sector["members"] += row["n"]
        sector["active"] += row["active"]
    for c in found.values():
        c.counters["members_inactive"] = c.counters["members"] - c.counters["members_active"]

    # 10. duty shifts
    shifts = (
        DutyShift.objects.filter(workstation__committee_id__in=ids, date__gte=start, date__lte=end)
        .values("workstation__committee_id", "status")
        .annotate(n=Count("pk"), visitors=Sum("visitors_count"))
        .order_by()
    )
    for row in shifts:
        counters = found[row["workstation__committee_id"]].counters
        if row["status"] == DutyShift.Status.SERVED:
            counters["duty_served"] += row["n"]
            counters["duty_visitors"] += row["visitors"] or 0
        elif row["status"] == DutyShift.Status.MISSED:
            counters["duty_missed"] += row["n"]
        elif row["status"] == DutyShift.Status.EXCUSED:
            counters["duty_excused"] += row["n"]

    # 11. consultation events that took place, by committee and form: the members present
    # and the observers checked in (distinct counts: both are joined)
    held = (
        cockpit_figures.consultations_held()
        .filter(committee_id__in=ids, starts_at__gte=first, starts_at__lt=after)
        .values("committee_id", "kind")
        .annotate(
            n=Count("pk", distinct=True),
            attended=Count(
                "invitations",
                filter=Q(invitations__attendance=Invitation.Attendance.ATTENDED),
                distinct=True,
            ),
            observers=Count(
                "observers",
                filter=Q(observers__status=Observer.Status.CHECKED_IN),
                distinct=True,
            ),
        )
        .order_by()
    )
    for row in held:
        c = found[row["committee_id"]]
        c.counters["consultations"] += row["n"]
        c.counters["consultation_attendances"] += row["attended"]
        c.counters["consultation_observers"] += row["observers"]
        kind = c.by_consultation_kind[row["kind"]]
        kind["held"] += row["n"]
        kind["attended"] += row["attended"]
        kind["observers"] += row["observers"]

    # 12. outcomes adopted or partly adopted, by the date of the decision
    adopted = (
        cockpit_figures.outcomes_adopted()
        .filter(consultation__committee_id__in=ids, decided_on__gte=start, decided_on__lte=end)
        .values("consultation__committee_id", "decision")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in adopted:
        c = found[row["consultation__committee_id"]]
        c.counters["outcomes_adopted"] += row["n"]
        c.outcomes_by_decision[row["decision"]] += row["n"]

    # 13. 委员讲堂: lectures delivered in the period and their listeners
    lectures = (
        cockpit_figures.lectures_delivered()
        .filter(committee_id__in=ids, delivered_on__gte=start, delivered_on__lte=end)
        .values("committee_id")
        .annotate(n=Count("pk"), people=Sum("people_reached"))
        .order_by()
    )
    for row in lectures:
        counters = found[row["committee_id"]].counters
        counters["lectures"] += row["n"]
        counters["lecture_people"] += row["people"] or 0
    return found


def _merged(parts: list[dict[str, Counter[str]]], fields: tuple[str, ...]) -> dict[str, dict]:
    merged: dict[str, Counter[str]] = defaultdict(Counter)
    for part in parts:
        for name, values in part.items():
            merged[name].update(values)
    return {name: {f: values.get(f, 0) for f in fields} for name, values in merged.items()}


def assemble(
    *,
    committee: Committee,
    covered: list[Committee],
    kind: str,
    start: datetime.date,
    end: datetime.date,
    found: dict[int, _Committee],
) -> dict[str, Any]:
    """The figures of ``committee``'s report from what ``collect`` found for the committees it
    covers (itself, or all ten for the municipal committee)."""
    parts = [found[c.pk] for c in covered]
    totals = {key: sum(p.counters[key] for p in parts) for key in COUNTERS}

    def summed(attr: str, keys: list[str]) -> dict[str, int]:
        return {key: sum(getattr(p, attr)[key] for p in parts) for key in keys}

    by_type = _merged([p.by_type for p in parts], ("activities", "people"))
    by_category = _merged([p.by_category for p in parts], ("received", "adopted"))
    by_sector = _merged([p.by_sector for p in parts], ("members", "active", "activities", "people"))
    figures: dict[str, Any] = {
        "schema": SCHEMA,
        "committee": {"id": committee.pk, "name": committee.name, "code": committee.code},
        "kind": kind,
        "period": {"start": start.isoformat(), "end": end.isoformat()},
        "totals": totals,
        "rates": {
            "adoption": pct(totals["adopted"], totals["adopted"] + totals["not_adopted"]),
            "on_time": pct(totals["replied_on_time"], totals["replied"]),
            "satisfaction": pct(totals["satisfied"], totals["rated"]),
            "active_members": pct(totals["members_active"], totals["members"]),
        },
        "adopted_by_level": summed("adopted_by_level", AdoptionLevel.values),
        "satisfaction": summed("satisfaction", Satisfaction.values),
        "instructions_by_level": summed("instructions_by_level", LeaderInstruction.Level.values),
        "activities_by_type": dict(sorted(by_type.items(), key=lambda kv: -kv[1]["activities"])),
        "by_category": [
            {"name": name, **values}
            for name, values in sorted(by_category.items(), key=lambda kv: -kv[1]["received"])
        ],
        "by_sector": [
            {"name": name, **values}
            for name, values in sorted(by_sector.items(), key=lambda kv: -kv[1]["members"])
        ],
        "by_committee": (
            [
                {"id": c.pk, "name": c.name, "short_name": c.short_name, **found[c.pk].counters}
                for c in covered
            ]
            if committee.is_municipal
            else []
        ),
        "consultations": {
            "available": True,
            "held": totals["consultations"],
            "attendances": totals["consultation_attendances"],
            "observers": totals["consultation_observers"],
            "outcomes_adopted": totals["outcomes_adopted"],
            "outcomes_by_decision": summed(
                "outcomes_by_decision", [d.value for d in cockpit_figures.ADOPTED_DECISIONS]
            ),
            "by_kind": _merged(
                [p.by_consultation_kind for p in parts], ("held", "attended", "observers")
            ),
        },
        "lectures": {
            "available": True,
            "delivered": totals["lectures"],
            "people": totals["lecture_people"],
        },
    }
    if kind == Kind.ANNUAL:
        figures["evaluation"] = evaluation(committee=committee, year=start.year)
    return figures


def compute(
    *, committee: Committee, kind: str, start: datetime.date, end: datetime.date
) -> dict[str, Any]:
    """The figures of one committee's report."""
    covered = committees_covered(committee)
    found = collect(ids=[c.pk for c in covered], start=start, end=end)
    return assemble(
        committee=committee, covered=covered, kind=kind, start=start, end=end, found=found
    )


def compute_all(
    *, committees: list[Committee], kind: str, start: datetime.date, end: datetime.date
) -> dict[int, dict[str, Any]]:
    """The figures of every committee's report of one period from one run of the queries (the
    beat job's ten reports cost about what the municipal one costs alone)."""
    everyone = list(Committee.objects.order_by("order", "pk"))
    found = collect(ids=[c.pk for c in everyone], start=start, end=end)
    return {
        c.pk: assemble(
            committee=c,
            covered=everyone if c.is_municipal else [c],
            kind=kind,
            start=start,
            end=end,
            found=found,
        )
        for c in committees
    }


def evaluation(*, committee: Committee, year: int) -> dict[str, Any]:
    """The members' performance 通报 of the year: how many were graded what (the final grade,
    after any adjustment; 未评定 when the evaluation has not been run) and the members commended
    (graded 优秀), highest total first."""
    scores = MemberYearScore.objects.filter(committee=committee, year=year)
    distribution = dict.fromkeys([*Grade.values, UNGRADED], 0)
    for row in scores.values("grade").annotate(n=Count("pk")).order_by():
        distribution[row["grade"] or UNGRADED] += row["n"]
    commended = [
        {
            "name": score.member.name,
            "sector": score.member.sector.name if score.member.sector else "",
            "total": str(score.total),
        }
        for score in scores.filter(grade=Grade.EXCELLENT)
        .select_related("member", "member__sector")
        .order_by("-total", "member__name", "pk")
    ]
    return {
        "year": year,
        "evaluated": sum(n for grade, n in distribution.items() if grade != UNGRADED),
        "distribution": distribution,
        "commended": commended,
    }
