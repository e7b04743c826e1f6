"""Reads for liaison activities and the 履职档案, shared by views, exports and tasks. Committee
scope comes from ScopedQuerySet.visible_to — never filtered here by hand."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q, Sum

from .models import (
    Activity,
    ActivityEvent,
    ActivityParticipant,
    EvaluationEvent,
    LedgerEntry,
    Member,
    MemberYearScore,
)


def _list_base(qs):
    return (
        qs.select_related("committee", "reporter", "workstation", "group", "special_committee")
        .annotate(participant_count=Count("participants", distinct=True))
        .order_by("-occurred_on", "-pk")
    )


def my_activities(*, member):
    """What the member logged (drafts included) or took part in (once submitted)."""
    took_part = ActivityParticipant.objects.filter(member=member).values("activity_id")
    return _list_base(
        Activity.objects.filter(
            Q(reporter=member) | (Q(pk__in=took_part) & ~Q(status=Activity.Status.DRAFT))
        )
    )


def activity_desk(*, user):
    """Staff's list: the committees they see, never anyone's drafts."""
    return _list_base(Activity.objects.visible_to(user).exclude(status=Activity.Status.DRAFT))


def activity_detail(*, user):
    """An activity the user may open: their own (drafts too), one they took part in, or (staff
    and leaders) a submitted one in their scope. Anything else is a 404."""
    base = Activity.objects.select_related(
        "committee",
        "reporter",
        "workstation",
        "region",
        "group",
        "special_committee",
        "confirmed_by",
        "shift",
    ).prefetch_related(
        Prefetch(
            "participants",
            queryset=ActivityParticipant.objects.select_related(
                "member", "member__committee", "member__sector"
            ),
        ),
        Prefetch("events", queryset=ActivityEvent.objects.select_related("actor")),
        "photos",
        "opinions",
    )
    if not user.is_authenticated:
        return base.none()
    condition = Q(reporter__user=user)
    not_draft = ~Q(status=Activity.Status.DRAFT)
    took_part = ActivityParticipant.objects.filter(member__user=user).values("activity_id")
    condition |= not_draft & Q(pk__in=took_part)
    if user.is_office or user.role == "leader":
        condition |= not_draft & Q(pk__in=Activity.objects.visible_to(user).values("pk"))
    return base.filter(condition)


def public_feed():
    return (
        Activity.objects.filter(is_public=True, status=Activity.Status.CONFIRMED)
        .select_related("committee", "workstation")
        .prefetch_related("photos")
    )


def ledger_entries(*, member, year: int):
    return LedgerEntry.objects.filter(member=member, year=year).order_by("-occurred_on", "-pk")


def ledger_breakdown(*, member, year: int):
    return list(
        LedgerEntry.objects.active()
        .filter(member=member, year=year)
        .values("item")
        .annotate(points=Sum("points"), n=Count("pk"))
        .order_by("item")
    )


def score_for(*, member, year: int) -> MemberYearScore | None:
    return (
        MemberYearScore.objects.filter(member=member, year=year)
        .prefetch_related(
            Prefetch("events", queryset=EvaluationEvent.objects.select_related("actor"))
        )
        .first()
    )


def ranks(*, score: MemberYearScore | None, member: Member) -> dict:
    """Rank within the committee and within the sector (1 = highest), and how many ranked."""
    if score is None:
        return {}
    same_year = MemberYearScore.objects.filter(year=score.year, committee_id=score.committee_id)
    result = same_year.aggregate(
        committee_rank=Count("pk", filter=Q(total__gt=score.total)),
        committee_size=Count("pk"),
    )
    result["committee_rank"] += 1
    if member.sector_id:
        sector = same_year.filter(member__sector_id=member.sector_id).aggregate(
            sector_rank=Count("pk", filter=Q(total__gt=score.total)), sector_size=Count("pk")
        )
        result.update(sector_rank=sector["sector_rank"] + 1, sector_size=sector["sector_size"])
    return result


def ranking(*, user):
    return MemberYearScore.objects.visible_to(user).select_related(
        "member", "member__sector", "committee"
    )
