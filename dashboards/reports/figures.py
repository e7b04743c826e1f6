"""The figures of one report: a committee's liaison work in one period, as plain data (JSON).

Each section is one GROUP BY query over the period, grouped by committee as well, so a report
costs the same number of queries (about a dozen) whatever the data, and the municipal report's
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
- consultations and lecture orders: their modules do not exist yet — 0, marked 暂无;
- the annual report: the members' evaluation of the year (the committee's own members): grades
  and the members graded 优秀 (commended).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from typing import Any

from django.db.models import Count, F, Q, Sum
from django.utils import timezone

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

from .periods import Kind

SCHEMA = 1
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


def compute(
    *, committee: Committee, kind: str, start: datetime.date, end: datetime.date
) -> dict[str, Any]:
    covered = committees_covered(committee)
    ids = [c.pk for c in covered]
    first, after = _range(start, end)
    rows: dict[int, dict[str, int]] = {pk: dict.fromkeys(COUNTERS, 0) for pk in ids}
    adopted_by_level = dict.fromkeys(AdoptionLevel.values, 0)
    satisfaction = dict.fromkeys(Satisfaction.values, 0)
    instructions_by_level = dict.fromkeys(LeaderInstruction.Level.values, 0)
    by_category: dict[str, dict[str, int]] = defaultdict(lambda: {"received": 0, "adopted": 0})
    by_type: dict[str, dict[str, int]] = defaultdict(lambda: {"activities": 0, "people": 0})
    by_sector: dict[str, dict[str, int]] = defaultdict(
        lambda: {"members": 0, "active": 0, "activities": 0, "people": 0}
    )

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
        rows[row["committee_id"]]["received"] += row["n"]
        by_category[row["category__name"] or NO_CATEGORY]["received"] += row["n"]

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
        counters = rows[row["committee_id"]]
        if row["adoption_level"]:
            counters["adopted"] += row["n"]
            adopted_by_level[row["adoption_level"]] += row["n"]
            by_category[row["category__name"] or NO_CATEGORY]["adopted"] += row["n"]
        elif row["status"] == Status.NOT_ADOPTED:
            counters["not_adopted"] += row["n"]
        elif row["status"] == Status.MERGED:
            counters["merged"] += row["n"]

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
        rows[row["opinion__committee_id"]]["forwarded"] = row["n"]
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
        rows[row["opinion__committee_id"]]["replied"] = row["n"]
        rows[row["opinion__committee_id"]]["replied_on_time"] = row["on_time"]

    # 5. satisfaction of the ratings given in the period
    rated = (
        Opinion.objects.filter(committee_id__in=ids, rated_at__gte=first, rated_at__lt=after)
        .exclude(satisfaction="")
        .values("committee_id", "satisfaction")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in rated:
        rows[row["committee_id"]]["rated"] += row["n"]
        satisfaction[row["satisfaction"]] += row["n"]
        if row["satisfaction"] in (Satisfaction.SATISFIED, Satisfaction.BASICALLY):
            rows[row["committee_id"]]["satisfied"] += row["n"]

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
        rows[row["committee_id"]]["bulletins"] = row["issues"]
        rows[row["committee_id"]]["bulletin_items"] = row["items"]

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
        rows[row["opinion__committee_id"]]["instructions"] += row["n"]
        instructions_by_level[row["level"]] = instructions_by_level.get(row["level"], 0) + row["n"]

    # 8. confirmed activities held in the period: by committee, type and the reporter's sector
    held = Activity.objects.filter(
        committee_id__in=ids,
        status=Activity.Status.CONFIRMED,
        occurred_on__gte=start,
        occurred_on__lte=end,
    )
    activities = (
        held.values("committee_id", "type", "reporter__sector__name")
        .annotate(n=Count("pk"), people=Sum("people_reached"))
        .order_by()
    )
    for row in activities:
        people = row["people"] or 0
        rows[row["committee_id"]]["activities"] += row["n"]
        rows[row["committee_id"]]["people_reached"] += people
        by_type[row["type"]]["activities"] += row["n"]
        by_type[row["type"]]["people"] += people
        if row["reporter__sector__name"]:
            sector = by_sector[row["reporter__sector__name"]]
            sector["activities"] += row["n"]
            sector["people"] += people

    # 9. members in office, and those active in the period (reported or attended an activity):
    # two uncorrelated subqueries (each computed once, hashed), not an EXISTS per member
    # (an activity of any committee: a 旗区 member at a municipal activity was active too)
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
        counters = rows[row["committee_id"]]
        counters["members"] += row["n"]
        counters["members_active"] += row["active"]
        sector = by_sector[row["sector__name"] or NO_SECTOR]
        sector["members"] += row["n"]
        sector["active"] += row["active"]
    for counters in rows.values():
        counters["members_inactive"] = counters["members"] - counters["members_active"]

    # 10. duty shifts
    shifts = (
        DutyShift.objects.filter(workstation__committee_id__in=ids, date__gte=start, date__lte=end)
        .values("workstation__committee_id", "status")
        .annotate(n=Count("pk"), visitors=Sum("visitors_count"))
        .order_by()
    )
    for row in shifts:
        counters = rows[row["workstation__committee_id"]]
        if row["status"] == DutyShift.Status.SERVED:
            counters["duty_served"] += row["n"]
            counters["duty_visitors"] += row["visitors"] or 0
        elif row["status"] == DutyShift.Status.MISSED:
            counters["duty_missed"] += row["n"]
        elif row["status"] == DutyShift.Status.EXCUSED:
            counters["duty_excused"] += row["n"]

    totals = {key: sum(r[key] for r in rows.values()) for key in COUNTERS}
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
        "adopted_by_level": adopted_by_level,
        "satisfaction": satisfaction,
        "instructions_by_level": instructions_by_level,
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
                {"id": c.pk, "name": c.name, "short_name": c.short_name, **rows[c.pk]}
                for c in covered
            ]
            if committee.is_municipal
            else []
        ),
        # the modules do not exist yet: reported as 0, marked 暂无 on the page
        "consultations": {"available": False, "held": 0, "outcomes_adopted": 0},
        "lectures": {"available": False, "delivered": 0},
    }
    if kind == Kind.ANNUAL:
        figures["evaluation"] = evaluation(committee=committee, year=start.year)
    return figures


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
