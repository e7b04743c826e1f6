"""A report's figures put together from what ``queries.collect`` found for the committees it
covers: one committee's (``compute``), or every committee's of one period from one run of the
queries (``compute_all``)."""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from typing import Any

from opinions.models import AdoptionLevel, LeaderInstruction, Satisfaction
from org.models import Committee

from ... import figures as cockpit_figures
from ..periods import Kind
from .annual import evaluation
from .queries import COUNTERS, Collected, collect

# 2: consultations, outcomes adopted and lectures counted (schema 1 reports say 暂无)
SCHEMA = 2


def committees_covered(committee: Committee) -> list[Committee]:
    """The committees a report of ``committee`` covers: all ten for the municipal committee."""
    if committee.is_municipal:
        return list(Committee.objects.order_by("order", "pk"))
    return [committee]


def pct(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


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
    found: dict[int, Collected],
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
