"""Facts for source records written without the hooks.

The hooks (``ledger.services.ledger_on_*``) append facts as things happen. Records that existed
before the facts did (data migration ``0006_backfill_facts``) and the bulk-created demo data
(``ledger_backfill_facts``, ``liaison.demo``) get theirs here. This is the one place the ledger
reads a source table, through an app registry (``apps.get_model``, the historical models in a
migration), never an import. Idempotent: a (member, source key) that has an active fact is
skipped.

Entries of other sources (leader instructions, consultations, lectures) have no table the ledger
knows; each active entry becomes a fact with the points it was recorded with.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import Prefetch

from .facts import FactSpec, activity_facts, opinion_facts, shift_facts

CHUNK = 500
FACT_SOURCES = ("activity", "shift", "opinion")
KIND_OF_ITEM = {
    "leader_instruction": "leader_instruction",
    "consultation_attended": "consultation_attended",
    "consultation_absence": "consultation_absent",
    "lecture_delivered": "lecture_delivered",
}


def _chunks(queryset: Any) -> Iterator[list[Any]]:
    last = 0
    while True:
        rows = list(queryset.filter(pk__gt=last).order_by("pk")[:CHUNK])
        if not rows:
            return
        last = rows[-1].pk
        yield rows


def facts_backfill(apps: Any) -> int:
    """Append the missing facts of every source record; returns how many were appended."""
    Fact = apps.get_model("ledger", "PerformanceFact")
    Entry = apps.get_model("ledger", "LedgerEntry")
    Activity = apps.get_model("liaison", "Activity")
    Participant = apps.get_model("liaison", "ActivityParticipant")
    DutyShift = apps.get_model("workstations", "DutyShift")
    Opinion = apps.get_model("opinions", "Opinion")

    have = set(
        Fact.objects.filter(retraction__isnull=True)
        .exclude(kind="retracted")
        .values_list("member_id", "source_key")
    )
    pending: list[Any] = []
    count = 0

    def add(specs: list[FactSpec]) -> None:
        nonlocal count
        for spec in specs:
            if (spec.member_id, spec.source_key) in have:
                continue
            have.add((spec.member_id, spec.source_key))
            pending.append(Fact(**spec.fields()))
        if len(pending) >= CHUNK:
            flush()

    def flush() -> None:
        nonlocal count
        Fact.objects.bulk_create(pending, batch_size=CHUNK)
        count += len(pending)
        pending.clear()

    activities = Activity.objects.filter(status="confirmed", shift__isnull=True).prefetch_related(
        Prefetch("participants", queryset=Participant.objects.select_related("member"))
    )
    for rows in _chunks(activities):
        for activity in rows:
            add(activity_facts(activity, participants=activity.participants.all()))
    shifts = DutyShift.objects.filter(
        status__in=["served", "missed"], member__isnull=False
    ).select_related("member", "workstation")
    for rows in _chunks(shifts):
        for shift in rows:
            add(shift_facts(shift))
    opinions = (
        Opinion.objects.filter(author__isnull=False)
        .select_related("author")
        .prefetch_related("co_authors")
    )
    for rows in _chunks(opinions):
        for opinion in rows:
            co_authors = list(opinion.co_authors.all())
            add(opinion_facts(opinion, "submitted", co_authors=co_authors))
            add(opinion_facts(opinion, "adopted", co_authors=co_authors))
    entries = Entry.objects.filter(reversed_at__isnull=True).exclude(source_type__in=FACT_SOURCES)
    for rows in _chunks(entries):
        add(
            [
                FactSpec(
                    member_id=e.member_id,
                    committee_id=e.committee_id,
                    occurred_on=e.occurred_on,
                    kind=KIND_OF_ITEM.get(e.item, "recorded"),
                    item=e.item,
                    source_type=e.source_type,
                    source_key=e.source_key,
                    description=e.description,
                    link=e.link,
                    data={"points": str(e.points)},
                )
                for e in rows
            ]
        )
    flush()
    return count
