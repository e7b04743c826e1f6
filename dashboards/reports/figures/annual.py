"""What only the annual report adds: the members' evaluation of the year (the committee's own
members), read from ``ledger.MemberYearScore``."""

from __future__ import annotations

from typing import Any

from django.db.models import Count

from ledger.models import Grade, MemberYearScore
from org.models import Committee

UNGRADED = "ungraded"


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
