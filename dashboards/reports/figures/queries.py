"""The period's queries of the reports' figures (``collect``): about fifteen GROUP BY queries,
each grouped by committee as well, so one run serves the reports of every committee it covers
(the municipal report's breakdown by committee comes from the same rows). What each one counts
is written at the top of the package (``dashboards.reports.figures``)."""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict

from django.db.models import Count, F, Q, Sum
from django.utils import timezone

from consultations.models import Invitation, Observer
from liaison.models import Activity, ActivityParticipant
from members.models import Member
from opinions.models import Bulletin, Forwarding, LeaderInstruction, Opinion, Satisfaction, Status
from workstations.models import DutyShift

from ... import figures as cockpit_figures

NO_CATEGORY = "未分类"
NO_SECTOR = "未定界别"

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


def _range(start: datetime.date, end: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    """The period as [first instant, instant after the last day) in the portal's time zone."""
    tz = timezone.get_current_timezone()
    first = timezone.make_aware(datetime.datetime.combine(start, datetime.time.min), tz)
    after = timezone.make_aware(
        datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min), tz
    )
    return first, after


class Collected:
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


def collect(*, ids: list[int], start: datetime.date, end: datetime.date) -> dict[int, Collected]:
    """Run the period's queries once for the committees ``ids``, each result kept per
    committee (every query groups by committee), so one run serves the reports of all of them."""
    first, after = _range(start, end)
    found = {pk: Collected() for pk in ids}

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
