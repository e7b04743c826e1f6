"""Reads of the ledger shared by views and exports, always scoped."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q, Sum

from members.models import Member

from .models import EvaluationEvent, LedgerEntry, MemberYearScore


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
