"""Recording facts: :func:`ledger_record` / :func:`ledger_reverse` and the hooks the services of
each source call in their own transaction with the record itself (``ledger_on_*``). A hook reads
the record's attributes (``ledger.facts``); the ledger imports none of its sources."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from members.models import Member

from ..facts import (
    FactSpec,
    activity_facts,
    activity_key,
    as_date,
    opinion_facts,
    opinion_key,
    shift_facts,
    shift_key,
)
from ..models import ITEM_LABELS, FactKind, LedgerEntry, LedgerItem, PerformanceFact
from .rules import ONE, RuleBook
from .scoring import _rescore

Source = LedgerEntry.Source


def _retraction(fact: PerformanceFact, reason: str) -> PerformanceFact:
    return PerformanceFact(
        member_id=fact.member_id,
        committee_id=fact.committee_id,
        year=fact.year,
        occurred_on=fact.occurred_on,
        kind=FactKind.RETRACTED,
        item=fact.item,
        source_type=fact.source_type,
        source_key=fact.source_key,
        retracts=fact,
        reason=reason[:200],
    )


def _append_facts(
    *,
    source_key: str,
    facts: list[FactSpec],
    reason: str,
    replace: bool = True,
    book: RuleBook | None = None,
    refresh: bool = True,
) -> list[LedgerEntry]:
    """Record what a source says now about ``source_key``: facts not yet recorded are appended;
    with ``replace`` a recorded fact that differs is retracted and appended anew, and the facts
    of members no longer named are retracted (``reason``). Without ``replace`` recorded facts
    stay as they are (the first report counts). Then the entries are scored. Returns the new
    entries."""
    active = {
        f.member_id: f
        for f in PerformanceFact.objects.active().filter(source_key=source_key).order_by("pk")
    }
    retract: list[PerformanceFact] = []
    append: list[PerformanceFact] = []
    for spec in facts:
        current = active.pop(spec.member_id, None)
        if current is not None and (not replace or spec.same_as(current)):
            continue
        if current is not None:
            retract.append(current)
        append.append(PerformanceFact(**spec.fields()))
    if replace:
        retract += active.values()
    if not retract and not append:
        return []
    PerformanceFact.objects.bulk_create([_retraction(f, reason) for f in retract] + append)
    return _rescore({source_key}, reason=reason, book=book, refresh=refresh)


@transaction.atomic
def ledger_record(
    *,
    member: Member,
    source_type: str,
    source_key: str,
    points_kind: str,
    when: datetime.date | datetime.datetime,
    description: str,
    link: str = "",
    share: Decimal = ONE,
    points: Decimal | None = None,
    refresh: bool = True,
    rules: RuleBook | None = None,
    fact_kind: str = FactKind.RECORDED,
) -> LedgerEntry:
    """Record one fact and its entry; idempotent per (member, source_key): a second call returns
    the entry already there. ``points`` defaults to the rule's points for the item times
    ``share``; given, it is kept in the fact as fixed points."""
    if points_kind not in ITEM_LABELS:
        raise ValidationError(_("未知的积分项目。"))
    existing = LedgerEntry.objects.active().filter(member=member, source_key=source_key).first()
    if existing is not None:
        return existing
    data: dict[str, str] = {}
    if points is not None:
        data["points"] = str(points)
    elif share != ONE:
        data["share"] = str(share)
    spec = FactSpec(
        member_id=member.pk,
        committee_id=member.committee_id,
        occurred_on=as_date(when),
        kind=fact_kind,
        item=points_kind,
        source_type=source_type,
        source_key=source_key,
        description=description,
        link=link,
        data=data,
    )
    _append_facts(
        source_key=source_key, facts=[spec], reason="", replace=False, book=rules, refresh=refresh
    )
    return LedgerEntry.objects.active().get(member=member, source_key=source_key)


@transaction.atomic
def ledger_reverse(*, source_key: str, reason: str = "", member: Member | None = None) -> int:
    """Retract the facts of a source (for every member, or one) and reverse their entries.
    Returns how many entries were reversed."""
    facts = PerformanceFact.objects.active().filter(source_key=source_key)
    if member is not None:
        facts = facts.filter(member=member)
    facts = list(facts)
    if not facts:
        return 0
    before = LedgerEntry.objects.active().filter(source_key=source_key).count()
    PerformanceFact.objects.bulk_create([_retraction(f, reason) for f in facts])
    _rescore({source_key}, reason=reason)
    return before - LedgerEntry.objects.active().filter(source_key=source_key).count()


# --- hooks called by the services of each source, in their transaction ----------------------
# Each takes the source record itself and reads its attributes (ledger.facts); the ledger
# imports none of its sources.
@transaction.atomic
def ledger_on_activity_confirmed(*, activity) -> list[LedgerEntry]:
    """A confirmed activity: a fact per attending participant (attendance as it is now)."""
    return _append_facts(
        source_key=activity_key(activity.pk),
        facts=activity_facts(activity),
        reason=_("活动出席情况变更"),
    )


@transaction.atomic
def ledger_on_activity_unconfirmed(*, activity, reason: str = "") -> int:
    return ledger_reverse(source_key=activity_key(activity.pk), reason=reason)


@transaction.atomic
def ledger_on_shift_status(*, shift) -> list[LedgerEntry]:
    """Served → duty points; missed → deduction; anything else → nothing (and a previous fact
    for this shift is retracted, its entry reversed)."""
    return _append_facts(
        source_key=shift_key(shift.pk), facts=shift_facts(shift), reason=_("值班状态变更")
    )


@transaction.atomic
def ledger_on_opinion_submitted(*, opinion) -> list[LedgerEntry]:
    """Once per item: the first submission counts (a resubmission changes nothing)."""
    return _append_facts(
        source_key=opinion_key(opinion.pk, "submitted"),
        facts=opinion_facts(opinion, "submitted"),
        reason="",
        replace=False,
    )


@transaction.atomic
def ledger_on_opinion_adopted(*, opinion) -> list[LedgerEntry]:
    """Called at the end of ``opinions.services.opinion_adopt`` (same transaction)."""
    return _append_facts(
        source_key=opinion_key(opinion.pk, "adopted"),
        facts=opinion_facts(opinion, "adopted"),
        reason=_("采用层级提升"),
    )


@transaction.atomic
def ledger_on_opinion_level_raised(*, opinion) -> list[LedgerEntry]:
    """Called at the end of ``opinions.services.opinion_raise_level``: the adoption facts are
    retracted and appended again at the new level (their entries reversed and rewritten)."""
    return _append_facts(
        source_key=opinion_key(opinion.pk, "adopted"),
        facts=opinion_facts(opinion, "adopted"),
        reason=_("采用层级提升"),
    )


# --- facts a source reports about one member ---------------------------------------------------
# By fact kind: the source (its records' keys are "<source>:<key>"), the ledger item scored, and
# the description when the source gives none.
_MEMBER_FACTS = {
    FactKind.LEADER_INSTRUCTION: (
        Source.INSTRUCTION,
        LedgerItem.LEADER_INSTRUCTION,
        gettext_lazy("获领导批示"),
    ),
    FactKind.CONSULTATION_ATTENDED: (
        Source.CONSULTATION,
        LedgerItem.CONSULTATION_ATTENDED,
        LedgerItem.CONSULTATION_ATTENDED.label,
    ),
    FactKind.CONSULTATION_ABSENT: (
        Source.CONSULTATION,
        LedgerItem.CONSULTATION_ABSENCE,
        LedgerItem.CONSULTATION_ABSENCE.label,
    ),
    FactKind.LECTURE_DELIVERED: (
        Source.LECTURE,
        LedgerItem.LECTURE_DELIVERED,
        gettext_lazy("委员讲堂授课"),
    ),
}


def _member_fact(
    kind: str, key: str | int, *, member: Member, when, description: str, link: str
) -> LedgerEntry:
    """One fact of ``kind`` about ``member``, recorded once per source record."""
    source, item, default_description = _MEMBER_FACTS[kind]
    return ledger_record(
        member=member,
        source_type=source,
        source_key=f"{source}:{key}",
        points_kind=item,
        when=when,
        description=description or str(default_description),
        link=link,
        fact_kind=kind,
    )


@transaction.atomic
def ledger_on_leader_instruction(
    *, member: Member, instruction_key: str | int, when, description: str = "", link: str = ""
) -> LedgerEntry:
    """A leader instruction (领导批示) on a member's item. Called by the opinions app."""
    kind = FactKind.LEADER_INSTRUCTION
    return _member_fact(
        kind, instruction_key, member=member, when=when, description=description, link=link
    )


@transaction.atomic
def ledger_on_consultation_attended(
    *,
    member: Member,
    attendance_key: str | int,
    when,
    description: str = "",
    link: str = "",
    absent_unexcused: bool = False,
) -> LedgerEntry:
    """A consultation attended (or, with ``absent_unexcused``, missed without leave)."""
    kind = FactKind.CONSULTATION_ABSENT if absent_unexcused else FactKind.CONSULTATION_ATTENDED
    return _member_fact(
        kind, attendance_key, member=member, when=when, description=description, link=link
    )


@transaction.atomic
def ledger_on_lecture_delivered(
    *, member: Member, lecture_key: str | int, when, description: str = "", link: str = ""
) -> LedgerEntry:
    """A 委员讲堂 lecture a member delivered."""
    kind = FactKind.LECTURE_DELIVERED
    return _member_fact(
        kind, lecture_key, member=member, when=when, description=description, link=link
    )
