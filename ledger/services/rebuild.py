"""The rebuild: a replay of a year's facts through the same scoring function as the hooks (so
it equals the incremental ledger by construction, with the same rules), and the backfill of facts
for source records written without the hooks."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import NamedTuple

from django.apps import apps as django_apps
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from ..backfill import facts_backfill
from ..models import LedgerEntry, MemberYearScore, PerformanceFact
from .rules import RuleBook
from .scoring import _ENTRY_FIELDS, _reconcile, fact_score, scores_refresh_bulk

FACT_CHUNK = 500  # facts scored per round trip in a rebuild (SQLite limits the size of IN (…))


class _Entry(NamedTuple):
    """An active entry as the rebuild compares it (the fields _reconcile reads), without the cost
    of a model instance per entry."""

    pk: int
    member_id: int
    source_key: str
    item: str
    points: Decimal
    occurred_on: datetime.date
    year: int
    source_type: str
    description: str
    link: str


# _reconcile compares these fields of an entry with the fact's score: the tuple must carry them.
if missing := set(_ENTRY_FIELDS) - set(_Entry._fields):
    raise ImportError(f"ledger rebuild: _Entry lacks {sorted(missing)}")


@transaction.atomic
def ledger_rebuild(
    *,
    year: int,
    committee_ids: Iterable[int] | None = None,
    after_chunk: Callable[[], object] | None = None,
) -> dict[int, Decimal]:
    """Score a year's active facts again with the rules in force and refresh every total.
    Returns {member id: total}. Reads no source table: the facts are the record. Entries are
    reversed (reason "rebuild"), never deleted: what the facts still give unchanged is kept,
    an entry that scores differently is reversed and rewritten, and an entry without an active
    fact is reversed.

    Memory does not grow with the year: the orphans are reversed by one UPDATE in the database,
    the facts are read :data:`FACT_CHUNK` at a time (keyset on pk), each chunk's entries are
    compared as plain tuples and written in batches, and nothing is kept from one chunk to the
    next. ``after_chunk`` is called after each chunk (``rebuild_ledger`` empties the query log
    that ``DEBUG`` keeps there)."""
    committee_ids = list(committee_ids) if committee_ids is not None else None
    facts = PerformanceFact.objects.active().filter(year=year)
    entries = LedgerEntry.objects.active().filter(year=year)
    if committee_ids is not None:
        facts = facts.filter(member__committee_id__in=committee_ids)
        entries = entries.filter(member__committee_id__in=committee_ids)
    book = RuleBook()
    # entries no active fact gives any more
    orphans = entries.exclude(
        Exists(
            PerformanceFact.objects.active().filter(
                year=year, member_id=OuterRef("member_id"), source_key=OuterRef("source_key")
            )
        )
    )
    LedgerEntry.objects.filter(pk__in=orphans.values("pk")).update(
        reversed_at=timezone.now(), reversal_reason="rebuild"
    )
    # then the facts, chunk by chunk (keyset on pk)
    last = 0
    while True:
        chunk = list(facts.filter(pk__gt=last).order_by("pk")[:FACT_CHUNK])
        if not chunk:
            break
        last = chunk[-1].pk
        desired = {(f.member_id, f.source_key): fact_score(f, book) for f in chunk}
        current = {
            (e.member_id, e.source_key): e
            for e in map(
                _Entry._make,
                LedgerEntry.objects.select_for_update(of=("self",))
                .active()
                .filter(year=year, source_key__in={key for _member, key in desired})
                .order_by()
                .values_list(*_Entry._fields),
            )
        }
        current = {key: entry for key, entry in current.items() if key in desired}
        _reconcile(current=current, desired=desired, reason="rebuild", reverse_missing=False)
        if after_chunk is not None:
            after_chunk()
        if len(chunk) < FACT_CHUNK:
            break
    scores_refresh_bulk(year=year, committee_ids=committee_ids)
    scores = MemberYearScore.objects.filter(year=year)
    if committee_ids is not None:
        scores = scores.filter(member__committee_id__in=committee_ids)
    return dict(scores.values_list("member_id", "total"))


@transaction.atomic
def ledger_backfill_facts() -> int:
    """Append the facts of source records written without the hooks (rows created before the
    facts existed, bulk-created demo data). Reads the source tables through the app registry —
    the one place the ledger looks at them, shared with the data migration. Returns how many."""
    return facts_backfill(django_apps)
