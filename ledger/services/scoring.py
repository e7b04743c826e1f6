"""Facts → entries → totals: the score of one active fact (:func:`fact_score`), the
reconciliation of a source's active entries with its active facts (entries are reversed, never
deleted) and a member's yearly total with the annual caps applied per item."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.db.models import Count, Sum
from django.utils import timezone

from members.models import Member

from ..models import (
    FactKind,
    LedgerEntry,
    MemberYearScore,
    PerformanceFact,
    ScoringRule,
    ScoringRuleSet,
)
from .rules import DEFAULT_RULES, ONE, D, RuleBook, _q


# --- totals -------------------------------------------------------------------------------
def _capped_total(rows: Iterable[dict], rules: dict[str, ScoringRule]) -> Decimal:
    total = D(0)
    for row in rows:
        subtotal = row["points"] or D(0)
        rule = rules.get(row["item"])
        cap = rule.annual_cap if rule is not None else DEFAULT_RULES.get(row["item"], (0, None))[1]
        if cap is not None and subtotal > cap:
            subtotal = cap
        total += subtotal
    return _q(total)


def score_refresh(*, member: Member, year: int, rules: RuleBook | None = None) -> MemberYearScore:
    rows = list(
        LedgerEntry.objects.active()
        .filter(member=member, year=year)
        .values("item")
        .annotate(points=Sum("points"), n=Count("pk"))
    )
    _rule_set, item_rules = (rules or RuleBook()).get(member.committee_id, year)
    score, _created = MemberYearScore.objects.update_or_create(
        member=member,
        year=year,
        defaults={
            "committee_id": member.committee_id,
            "total": _capped_total(rows, item_rules),
            "entry_count": sum(row["n"] for row in rows),
        },
    )
    return score


def scores_refresh_bulk(*, year: int, committee_ids: Iterable[int] | None = None) -> int:
    """Recompute every member's total for a year in a few queries (rebuild, demo data)."""
    entries = LedgerEntry.objects.active().filter(year=year)
    scores = MemberYearScore.objects.filter(year=year)
    if committee_ids is not None:
        committee_ids = list(committee_ids)
        entries = entries.filter(member__committee_id__in=committee_ids)
        scores = scores.filter(member__committee_id__in=committee_ids)
    per_member: dict[int, list[dict]] = defaultdict(list)
    for row in entries.values("member_id", "member__committee_id", "item").annotate(
        points=Sum("points"), n=Count("pk")
    ):
        per_member[(row["member_id"], row["member__committee_id"])].append(row)
    book = RuleBook()
    rows = []
    seen = set()
    for (member_id, committee_id), items in per_member.items():
        _rule_set, item_rules = book.get(committee_id, year)
        rows.append(
            MemberYearScore(
                member_id=member_id,
                committee_id=committee_id,
                year=year,
                total=_capped_total(items, item_rules),
                entry_count=sum(r["n"] for r in items),
            )
        )
        seen.add(member_id)
    MemberYearScore.objects.bulk_create(
        rows,
        batch_size=500,
        update_conflicts=True,
        unique_fields=["member", "year"],
        update_fields=["total", "entry_count", "committee"],
    )
    stale = [pk for pk in scores.values_list("pk", "member_id") if pk[1] not in seen]
    stale_ids = [pk for pk, _member_id in stale]
    for i in range(0, len(stale_ids), 500):
        MemberYearScore.objects.filter(pk__in=stale_ids[i : i + 500]).update(total=0, entry_count=0)
    return len(rows)


# --- facts → entries ------------------------------------------------------------------------
# Every entry is the score of one active fact: (member, source_key) names both. The incremental
# hooks and the rebuild share the two functions below, so a rebuild gives the incremental result
# by construction (with the same rules).

_ENTRY_FIELDS = ("item", "points", "occurred_on", "year", "source_type", "description", "link")


def _share(fact: PerformanceFact, book: RuleBook) -> Decimal:
    data = fact.data
    if fact.kind == FactKind.ACTIVITY_ATTENDED:
        rule_set, _rules = book.get(fact.committee_id, fact.year)
        if rule_set.coattend_split == ScoringRuleSet.CoattendSplit.EQUAL:
            return ONE / max(int(data.get("attendees", 1)), 1)
        return ONE
    if fact.kind in (FactKind.OPINION_SUBMITTED, FactKind.OPINION_ADOPTED):
        n = int(data.get("authors", 1))
        rule_set, _rules = book.get(int(data.get("rules_committee", fact.committee_id)), fact.year)
        if n <= 1 or rule_set.coauthor_split == ScoringRuleSet.CoauthorSplit.FULL:
            return ONE
        if rule_set.coauthor_split == ScoringRuleSet.CoauthorSplit.EQUAL:
            return ONE / n
        lead = D(rule_set.lead_share)
        return lead if data.get("role") == "author" else (ONE - lead) / (n - 1)
    return D(str(data.get("share", "1")))


def fact_score(fact: PerformanceFact, book: RuleBook) -> LedgerEntry:
    """The entry the rules give an active fact (unsaved)."""
    if "points" in fact.data:
        points = D(str(fact.data["points"]))
    else:
        points = book.points(fact.committee_id, fact.year, fact.item) * _share(fact, book)
    return LedgerEntry(
        committee_id=fact.committee_id,
        member_id=fact.member_id,
        year=fact.year,
        occurred_on=fact.occurred_on,
        item=fact.item,
        source_type=fact.source_type,
        source_key=fact.source_key,
        points=_q(points),
        description=fact.description,
        link=fact.link,
    )


def _reconcile(
    *,
    current: Mapping[tuple[int, str], Any],  # entries, or rows with their fields and pk
    desired: dict[tuple[int, str], LedgerEntry],
    reason: str,
    reverse_missing: bool,
) -> tuple[list[LedgerEntry], set[tuple[int, int]]]:
    """Make the active entries ``current`` equal ``desired`` without deleting any: an entry
    written again unchanged stays; one that differs (or, with ``reverse_missing``, that has no
    desired counterpart) is reversed with ``reason`` and the new one added. Returns the new
    entries and the (member id, year) pairs touched."""
    current = dict(current)
    new: list[LedgerEntry] = []
    stale: list[LedgerEntry] = []
    for key, entry in desired.items():
        existing = current.pop(key, None)
        if existing is not None and all(
            getattr(existing, f) == getattr(entry, f) for f in _ENTRY_FIELDS
        ):
            continue
        if existing is not None:
            stale.append(existing)
        new.append(entry)
    if reverse_missing:
        stale += current.values()
    stale_ids = [e.pk for e in stale]
    now = timezone.now()
    for i in range(0, len(stale_ids), 500):
        LedgerEntry.objects.filter(pk__in=stale_ids[i : i + 500]).update(
            reversed_at=now, reversal_reason=reason[:200]
        )
    LedgerEntry.objects.bulk_create(new, batch_size=500)
    touched = {(e.member_id, e.year) for e in stale} | {(e.member_id, e.year) for e in new}
    return new, touched


def _refresh(touched: Iterable[tuple[int, int]], book: RuleBook | None = None) -> None:
    touched = set(touched)
    members = Member.objects.in_bulk({member_id for member_id, _year in touched})
    for member_id, year in sorted(touched):
        if member_id in members:
            score_refresh(member=members[member_id], year=year, rules=book)


def _rescore(
    source_keys: Iterable[str],
    *,
    reason: str,
    book: RuleBook | None = None,
    refresh: bool = True,
) -> list[LedgerEntry]:
    """Bring the active entries of these sources in line with their active facts."""
    keys = set(source_keys)
    book = book or RuleBook()
    desired = {
        (f.member_id, f.source_key): fact_score(f, book)
        for f in PerformanceFact.objects.active().filter(source_key__in=keys).order_by("pk")
    }
    current = {
        (e.member_id, e.source_key): e
        for e in LedgerEntry.objects.select_for_update().active().filter(source_key__in=keys)
    }
    new, touched = _reconcile(current=current, desired=desired, reason=reason, reverse_missing=True)
    if refresh:
        _refresh(touched, book)
    return new
