"""Demo liaison activities for ``load_demo_data``: a year of activities logged by members (most
confirmed, some waiting, a few returned or drafts; some published), activities organised by the
member groups with attendance, the activities of the demo duty shifts already served, then the
performance ledger built from those sources and last year's evaluation.

Call after ``workstations.demo.load_demo_workstations(rng=rng)``:
``load_demo_activities(rng=rng)``. Bulk-created; deterministic for a given rng.
"""

from __future__ import annotations

import datetime
import random

from django.db import transaction
from django.utils import timezone

from ledger import services as ledger
from ledger.models import EvaluationEvent, MemberYearScore
from members.models import Member, MemberGroup
from workstations.models import DutyShift, Workstation

from .models import Activity, ActivityEvent, ActivityParticipant, ActivityType

TITLES = {
    ActivityType.FORUM: ["围绕{topic}开展座谈协商", "{place}群众代表座谈会"],
    ActivityType.SURVEY: ["走访{place}了解{topic}情况", "赴{place}调研{topic}"],
    ActivityType.CARE: ["走访慰问{place}困难群众", "慰问{place}留守老人"],
    ActivityType.PUBLICITY: ["在{place}宣讲惠民惠农政策", "{place}民法典专项宣讲"],
    ActivityType.PRACTICAL: ["为{place}群众协调解决{topic}问题", "我为群众办实事：{topic}"],
    ActivityType.LECTURE: ["委员讲堂进{place}：{topic}", "委员讲堂：{topic}知识讲座"],
    ActivityType.OPEN_DAY: ["政协开放日：邀请群众旁听{topic}协商"],
    ActivityType.SALON: ["新阶层人士主题沙龙：{topic}"],
    ActivityType.GRID_VISIT: ["与网格员结对走访{place}", "{place}网格走访"],
    ActivityType.CONSULTING: ["在{place}开展{topic}义务咨询"],
    ActivityType.CHARITY: ["在{place}开展公益活动"],
    ActivityType.GRASSROOTS: ["{place}基层协商议事：{topic}"],
}
TOPICS = [
    "饮水安全",
    "冬季供暖",
    "老旧小区改造",
    "牧区教育",
    "基层医疗",
    "农畜产品销售",
    "道路交通",
    "养老服务",
    "就业创业",
    "生态保护",
    "法律援助",
    "乡村振兴",
]
WEIGHTS = {
    ActivityType.SURVEY: 6,
    ActivityType.GRID_VISIT: 5,
    ActivityType.FORUM: 4,
    ActivityType.CARE: 4,
    ActivityType.PRACTICAL: 3,
    ActivityType.PUBLICITY: 3,
    ActivityType.CONSULTING: 3,
    ActivityType.GRASSROOTS: 3,
    ActivityType.LECTURE: 2,
    ActivityType.CHARITY: 2,
    ActivityType.OPEN_DAY: 1,
    ActivityType.SALON: 1,
}
STATUS_MIX = [
    (Activity.Status.CONFIRMED, 80),
    (Activity.Status.SUBMITTED, 12),
    (Activity.Status.RETURNED, 4),
    (Activity.Status.DRAFT, 4),
]


def _aware(date: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(date, datetime.time(hour)))


@transaction.atomic
def load_demo_activities(
    *, rng: random.Random, today: datetime.date | None = None, per_member: tuple[int, int] = (2, 9)
) -> dict:
    """Create a year of demo activities and build the ledger, unless activities exist."""

    if Activity.objects.exists():
        return {"activities": 0}
    today = today or timezone.localdate()
    types = [t for t, w in WEIGHTS.items() for _ in range(w)]
    statuses = [s for s, w in STATUS_MIX for _ in range(w)]
    members = list(
        Member.objects.filter(status=Member.Status.ACTIVE).select_related("region").order_by("pk")
    )
    by_committee: dict[int, list[Member]] = {}
    for member in members:
        by_committee.setdefault(member.committee_id, []).append(member)
    workstations: dict[int, list[Workstation]] = {}
    for ws in Workstation.objects.exclude(kind=Workstation.Kind.ONLINE).order_by("pk"):
        workstations.setdefault(ws.committee_id, []).append(ws)

    activities: list[Activity] = []
    plans: list[list[Member]] = []
    for member in members:
        colleagues = by_committee[member.committee_id]
        for _ in range(rng.randint(*per_member)):
            kind = rng.choice(types)
            day = today - datetime.timedelta(days=rng.randint(1, 365))
            ws = rng.choice(workstations.get(member.committee_id, [None]) + [None, None])
            place = ws.name if ws else (member.region.name if member.region else "社区")
            status = rng.choice(statuses)
            title = rng.choice(TITLES[kind]).format(place=place, topic=rng.choice(TOPICS))
            submitted = _aware(day + datetime.timedelta(days=1), 20)
            activities.append(
                Activity(
                    committee_id=member.committee_id,
                    type=kind,
                    title=title[:80],
                    occurred_on=day,
                    place=place[:120],
                    workstation=ws,
                    region=member.region,
                    reporter=member,
                    people_reached=rng.randint(3, 60),
                    summary=f"{title}，听取群众意见建议，宣传有关政策。",
                    outcome=rng.choice(
                        ["", "收集意见建议3条，已整理报送。", "协调解决实际问题1件。"]
                    ),
                    status=status,
                    is_public=status == Activity.Status.CONFIRMED and rng.random() < 0.1,
                    return_reason="请补充活动照片和参加人员。"
                    if status == Activity.Status.RETURNED
                    else "",
                    submitted_at=None if status == Activity.Status.DRAFT else submitted,
                    confirmed_at=submitted + datetime.timedelta(days=2)
                    if status == Activity.Status.CONFIRMED
                    else None,
                )
            )
            others = rng.sample(colleagues, min(len(colleagues), rng.choice((0, 0, 0, 1, 2))))
            plans.append([member] + [m for m in others if m.pk != member.pk])

    # group activities (编组下沉 / 界别活动组) with attendance
    group_rows: list[tuple[Activity, list[Member], set[int]]] = []
    for group in MemberGroup.objects.prefetch_related("members").order_by("pk"):
        group_members = list(group.members.all())
        if not group_members:
            continue
        for _ in range(rng.randint(1, 3)):
            day = today - datetime.timedelta(days=rng.randint(5, 360))
            kind = rng.choice((ActivityType.GRASSROOTS, ActivityType.SURVEY, ActivityType.FORUM))
            title = f"{group.name}{ActivityType(kind).label}：{rng.choice(TOPICS)}"
            activity = Activity(
                committee_id=group.committee_id,
                type=kind,
                title=title[:80],
                occurred_on=day,
                place=group.region.name if group.region_id else "",
                region=group.region,
                group=group,
                people_reached=rng.randint(10, 80),
                summary=f"{title}，组内委员分组走访并集中协商。",
                status=Activity.Status.CONFIRMED,
                submitted_at=_aware(day),
                confirmed_at=_aware(day + datetime.timedelta(days=3)),
                is_public=rng.random() < 0.3,
            )
            absent = {m.pk for m in group_members if rng.random() < 0.15}
            group_rows.append((activity, group_members, absent))

    # the demo duty shifts already served
    shift_rows = []
    for shift in DutyShift.objects.filter(status=DutyShift.Status.SERVED).select_related(
        "workstation", "member"
    ):
        shift_rows.append(
            (
                Activity(
                    committee_id=shift.member.committee_id,
                    shift=shift,
                    reporter=shift.member,
                    type=ActivityType.RECEPTION
                    if shift.kind == DutyShift.Kind.RECEPTION
                    else ActivityType.DUTY,
                    title=f"{shift.workstation.name}{DutyShift.Kind(shift.kind).label}"[:80],
                    occurred_on=shift.date,
                    workstation=shift.workstation,
                    region=shift.workstation.region,
                    place=shift.workstation.address[:120],
                    people_reached=shift.visitors_count,
                    summary=shift.notes or "值班签到",
                    status=Activity.Status.CONFIRMED,
                    submitted_at=shift.checked_in_at,
                    confirmed_at=shift.checked_in_at,
                ),
                shift.member,
            )
        )

    all_activities = activities + [a for a, _m, _x in group_rows] + [a for a, _m in shift_rows]
    for activity in all_activities[:50]:
        activity.clean_fields(exclude=["workstation", "region", "reporter", "group", "shift"])
    Activity.objects.bulk_create(all_activities, batch_size=500)

    participants: list[ActivityParticipant] = []
    for activity, people in zip(activities, plans, strict=True):
        participants += [ActivityParticipant(activity=activity, member=m) for m in people]
    for activity, people, absent in group_rows:
        participants += [
            ActivityParticipant(
                activity=activity,
                member=m,
                attended=m.pk not in absent,
                excused=m.pk in absent and rng.random() < 0.5,
            )
            for m in people
        ]
    participants += [ActivityParticipant(activity=a, member=m) for a, m in shift_rows]
    ActivityParticipant.objects.bulk_create(participants, batch_size=1000, ignore_conflicts=True)

    events: list[ActivityEvent] = []
    kinds = {
        Activity.Status.SUBMITTED: [ActivityEvent.Kind.SUBMITTED],
        Activity.Status.RETURNED: [ActivityEvent.Kind.SUBMITTED, ActivityEvent.Kind.RETURNED],
        Activity.Status.CONFIRMED: [ActivityEvent.Kind.SUBMITTED, ActivityEvent.Kind.CONFIRMED],
    }
    for activity in all_activities:
        events.append(
            ActivityEvent(
                activity=activity, kind=ActivityEvent.Kind.CREATED, to_status=Activity.Status.DRAFT
            )
        )
        for kind in kinds.get(activity.status, []):
            events.append(
                ActivityEvent(
                    activity=activity,
                    kind=kind,
                    comment=activity.return_reason if kind == ActivityEvent.Kind.RETURNED else "",
                )
            )
    ActivityEvent.objects.bulk_create(events, batch_size=1000)

    # the ledger: facts for the bulk-created sources, scored; then last year's evaluation
    ledger.ledger_backfill_facts()
    totals = {}
    for year in (today.year - 1, today.year):
        totals[year] = ledger.ledger_rebuild(year=year)
    last_year = today.year - 1
    book = ledger.RuleBook()
    scores = list(MemberYearScore.objects.filter(year=last_year))
    now = timezone.now()
    for score in scores:
        rule_set, _rules = book.get(score.committee_id, last_year)
        score.computed_grade = score.grade = ledger.grade_for(score.total, rule_set)
        score.evaluated_at = now
    MemberYearScore.objects.bulk_update(
        scores, ["computed_grade", "grade", "evaluated_at"], batch_size=500
    )
    EvaluationEvent.objects.bulk_create(
        [
            EvaluationEvent(score=s, kind=EvaluationEvent.Kind.EVALUATED, to_status=s.grade)
            for s in scores
        ],
        batch_size=1000,
    )
    return {
        "activities": len(all_activities),
        "participants": len(participants),
        "ledger_members": sum(len(t) for t in totals.values()),
    }
