"""The performance ledger (履职积分 / 履职档案): facts in, scored entries out.

A source (an activity confirmed, a duty shift served or missed, an opinion submitted or adopted,
a leader instruction…) calls a hook here in its own transaction with the record itself; the hook
appends immutable :class:`PerformanceFact` rows (``ledger.facts`` reads the record's attributes —
the ledger imports none of its sources) and scores the source's active facts with the rules into
:class:`LedgerEntry` rows, one per member and ``source_key`` (``activity:12``, ``shift:7``,
``opinion:33:adopted``…). Undoing something appends a retraction; its entry is reversed, never
deleted. A member's yearly total (:class:`MemberYearScore`) is refreshed from the entries; annual
caps are applied per item when the total is computed, so the order of events does not matter.

:func:`ledger_rebuild` replays a year's facts through the same scoring function, so it equals the
incremental ledger by construction (with the same rules) and never reads a source table.

The scoring rules are data (:class:`ScoringRuleSet` / :class:`ScoringRule`); the shipped defaults
are :data:`DEFAULT_RULES` (see ``docs/scoring-rules.md``).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

from django.apps import apps as django_apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core.workflow import Transition, Workflow
from members.models import Member

from .backfill import facts_backfill
from .facts import (
    FactSpec,
    activity_facts,
    activity_key,
    as_date,
    opinion_facts,
    opinion_key,
    shift_facts,
    shift_key,
)
from .models import (
    EvaluationEvent,
    FactKind,
    Grade,
    LedgerEntry,
    LedgerItem,
    MemberYearScore,
    PerformanceFact,
    ScoringRule,
    ScoringRuleSet,
)

D = Decimal
CENT = D("0.01")
ONE = D(1)
Source = LedgerEntry.Source

# item: (points, annual cap or None)
DEFAULT_RULES: dict[str, tuple[Decimal, Decimal | None]] = {
    LedgerItem.ACTIVITY_FORUM: (D(3), D(24)),
    LedgerItem.ACTIVITY_SURVEY: (D(3), D(24)),
    LedgerItem.ACTIVITY_CARE: (D(2), D(12)),
    LedgerItem.ACTIVITY_PUBLICITY: (D(2), D(12)),
    LedgerItem.ACTIVITY_PRACTICAL: (D(4), D(24)),
    LedgerItem.ACTIVITY_LECTURE: (D(3), D(18)),
    LedgerItem.ACTIVITY_OPEN_DAY: (D(2), D(8)),
    LedgerItem.ACTIVITY_RECEPTION: (D(3), D(18)),
    LedgerItem.ACTIVITY_DUTY: (D(2), D(12)),
    LedgerItem.ACTIVITY_SALON: (D(2), D(8)),
    LedgerItem.ACTIVITY_GRID_VISIT: (D(2), D(16)),
    LedgerItem.ACTIVITY_CONSULTING: (D(2), D(12)),
    LedgerItem.ACTIVITY_CHARITY: (D(2), D(12)),
    LedgerItem.ACTIVITY_GRASSROOTS: (D(3), D(18)),
    LedgerItem.DUTY_SHIFT: (D(3), D(36)),
    LedgerItem.DUTY_ABSENCE: (D(-3), None),
    LedgerItem.OPINION_SUBMITTED: (D(1), D(20)),
    LedgerItem.ADOPTED_BANNER: (D(3), None),
    LedgerItem.ADOPTED_MUNICIPAL: (D(5), None),
    LedgerItem.ADOPTED_REGION: (D(8), None),
    LedgerItem.ADOPTED_NATIONAL: (D(12), None),
    LedgerItem.LEADER_INSTRUCTION: (D(6), None),
    LedgerItem.CONSULTATION_ATTENDED: (D(2), D(20)),
    LedgerItem.CONSULTATION_ABSENCE: (D(-2), None),
    LedgerItem.LECTURE_DELIVERED: (D(4), D(32)),
}


def _q(value: Decimal) -> Decimal:
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def activity_item(activity_type: str) -> str:
    return f"activity.{activity_type}"


# --- rules ----------------------------------------------------------------------------------
@transaction.atomic
def scoring_defaults_ensure() -> ScoringRuleSet:
    """The default rule set (no committee, no year) with every item; idempotent."""
    rule_set, _created = ScoringRuleSet.objects.get_or_create(committee=None, year=None)
    existing = set(rule_set.rules.values_list("item", flat=True))
    ScoringRule.objects.bulk_create(
        [
            ScoringRule(rule_set=rule_set, item=item, points=points, annual_cap=cap)
            for item, (points, cap) in DEFAULT_RULES.items()
            if item not in existing
        ]
    )
    return rule_set


class RuleBook:
    """The rules in force for (committee, year): the committee's own set for the year if staff
    saved one, otherwise the default set. Cached for the life of the object."""

    def __init__(self):
        self._cache: dict[tuple[int, int], tuple[ScoringRuleSet, dict[str, ScoringRule]]] = {}

    def get(self, committee_id: int, year: int) -> tuple[ScoringRuleSet, dict[str, ScoringRule]]:
        key = (committee_id, year)
        if key not in self._cache:
            rule_set = (
                ScoringRuleSet.objects.filter(committee_id=committee_id, year=year).first()
                or ScoringRuleSet.objects.filter(committee=None, year=None).first()
                or scoring_defaults_ensure()
            )
            rules = {rule.item: rule for rule in rule_set.rules.all()}
            self._cache[key] = (rule_set, rules)
        return self._cache[key]

    def points(self, committee_id: int, year: int, item: str) -> Decimal:
        _rule_set, rules = self.get(committee_id, year)
        rule = rules.get(item)
        if rule is not None:
            return rule.points
        default = DEFAULT_RULES.get(item)
        return default[0] if default else D(0)


def rules_for(*, committee_id: int, year: int):
    return RuleBook().get(committee_id, year)


@transaction.atomic
def scoring_rules_save(
    *,
    by: User,
    committee,
    year: int,
    settings: dict,
    items: dict[str, tuple[Decimal, Decimal | None]],
) -> ScoringRuleSet:
    """Staff save their committee's rules for a year (a copy of the defaults on first save)."""
    if not by.has_perm("ledger.edit_committee_scoring_rules", committee):
        raise PermissionDenied(_("您无权修改该政协组织的积分规则。"))
    default = scoring_defaults_ensure()
    rule_set, created = ScoringRuleSet.objects.select_for_update().get_or_create(
        committee=committee,
        year=year,
        defaults={
            field: getattr(default, field)
            for field in (
                "coauthor_split",
                "lead_share",
                "coattend_split",
                "excellent_from",
                "competent_from",
                "basic_from",
            )
        },
    )
    if created:  # start from a copy of the default rules
        ScoringRule.objects.bulk_create(
            [
                ScoringRule(
                    rule_set=rule_set, item=r.item, points=r.points, annual_cap=r.annual_cap
                )
                for r in default.rules.all()
            ]
        )
    for field, value in settings.items():
        setattr(rule_set, field, value)
    rule_set.full_clean()
    rule_set.save()
    for item, (points, cap) in items.items():
        if item not in LedgerItem.values:
            raise ValidationError(_("未知的积分项目。"))
        ScoringRule.objects.update_or_create(
            rule_set=rule_set, item=item, defaults={"points": points, "annual_cap": cap}
        )
    return rule_set


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
FACT_CHUNK = 500  # facts scored per round trip in a rebuild (SQLite limits the size of IN (…))

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
    current: dict[tuple[int, str], LedgerEntry],
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
    if points_kind not in LedgerItem.values:
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


@transaction.atomic
def ledger_on_leader_instruction(
    *,
    member: Member,
    instruction_key: str | int,
    when,
    description: str = "",
    link: str = "",
) -> LedgerEntry:
    """A leader instruction (领导批示) on a member's item. Called by the opinions app."""
    return ledger_record(
        member=member,
        source_type=Source.INSTRUCTION,
        source_key=f"instruction:{instruction_key}",
        points_kind=LedgerItem.LEADER_INSTRUCTION,
        when=when,
        description=description or _("获领导批示"),
        link=link,
        fact_kind=FactKind.LEADER_INSTRUCTION,
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
    item = LedgerItem.CONSULTATION_ABSENCE if absent_unexcused else LedgerItem.CONSULTATION_ATTENDED
    return ledger_record(
        member=member,
        source_type=Source.CONSULTATION,
        source_key=f"consultation:{attendance_key}",
        points_kind=item,
        when=when,
        description=description or LedgerItem(item).label,
        link=link,
        fact_kind=FactKind.CONSULTATION_ABSENT
        if absent_unexcused
        else FactKind.CONSULTATION_ATTENDED,
    )


@transaction.atomic
def ledger_on_lecture_delivered(
    *, member: Member, lecture_key: str | int, when, description: str = "", link: str = ""
) -> LedgerEntry:
    return ledger_record(
        member=member,
        source_type=Source.LECTURE,
        source_key=f"lecture:{lecture_key}",
        points_kind=LedgerItem.LECTURE_DELIVERED,
        when=when,
        description=description or _("委员讲堂授课"),
        link=link,
        fact_kind=FactKind.LECTURE_DELIVERED,
    )


# --- rebuild: a replay of the facts -----------------------------------------------------------
@transaction.atomic
def ledger_rebuild(*, year: int, committee_ids: Iterable[int] | None = None) -> dict[int, Decimal]:
    """Score a year's active facts again with the rules in force and refresh every total.
    Returns {member id: total}. Reads no source table: the facts are the record. Entries are
    reversed (reason "rebuild"), never deleted: what the facts still give unchanged is kept,
    an entry that scores differently is reversed and rewritten, and an entry without an active
    fact is reversed. Facts are read in chunks of :data:`FACT_CHUNK`."""
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
    orphan_ids = list(orphans.values_list("pk", flat=True))
    for i in range(0, len(orphan_ids), 500):
        LedgerEntry.objects.filter(pk__in=orphan_ids[i : i + 500]).update(
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
            for e in LedgerEntry.objects.select_for_update(of=("self",))
            .active()
            .filter(year=year, source_key__in={key for _member, key in desired})
            .only("pk", "member_id", "source_key", *_ENTRY_FIELDS)
        }
        current = {key: entry for key, entry in current.items() if key in desired}
        _reconcile(current=current, desired=desired, reason="rebuild", reverse_missing=False)
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


# --- annual evaluation ----------------------------------------------------------------------
def grade_for(total: Decimal, rule_set: ScoringRuleSet) -> str:
    if total >= rule_set.excellent_from:
        return Grade.EXCELLENT
    if total >= rule_set.competent_from:
        return Grade.COMPETENT
    if total >= rule_set.basic_from:
        return Grade.BASIC
    return Grade.INCOMPETENT


# A year's grade (MemberYearScore.grade) changes only through this table: the annual evaluation
# grades everyone from the thresholds, staff adjust one grade with a reason.
EVALUATION: Workflow[MemberYearScore] = Workflow(
    model=MemberYearScore,
    event_model=EvaluationEvent,
    event_fk="score",
    status_field="grade",
    denied=_("您无权对该政协组织的委员进行履职评价。"),
    transitions=[
        Transition(
            "evaluate",
            sources={"", *Grade.values},
            target=None,
            targets=Grade.values,
            perm="ledger.run_evaluation",
            label=_("年度评定"),
            kind=EvaluationEvent.Kind.EVALUATED,
        ),
        Transition(
            "adjust",
            sources=Grade.values,
            target=None,
            targets=Grade.values,
            perm="ledger.adjust_grade",
            label=_("调整等次"),
            kind=EvaluationEvent.Kind.ADJUSTED,
        ),
    ],
)


@transaction.atomic
def evaluation_run(*, committee, year: int, by: User) -> int:
    """Give every active member of the committee a grade for the year from the thresholds.
    Grades staff adjusted keep their adjustment. Returns the number of members graded.

    The table's "evaluate" row decides who may (``ledger.run_evaluation`` on the committee's
    scores); the grades of the whole committee are then written in bulk, one event each."""
    EVALUATION.check_actor(MemberYearScore(committee=committee, year=year), "evaluate", by)
    member_ids = list(
        Member.objects.filter(committee=committee, status=Member.Status.ACTIVE).values_list(
            "pk", flat=True
        )
    )
    MemberYearScore.objects.bulk_create(
        [MemberYearScore(member_id=pk, committee=committee, year=year) for pk in member_ids],
        ignore_conflicts=True,
    )
    rule_set, _rules = RuleBook().get(committee.pk, year)
    now = timezone.now()
    scores = list(
        MemberYearScore.objects.select_for_update().filter(
            committee=committee, year=year, member_id__in=member_ids
        )
    )
    kind = EVALUATION["evaluate"].kind
    events = []
    for score in scores:
        EVALUATION.check_state(score, "evaluate")
        computed = grade_for(score.total, rule_set)
        previous = score.grade
        score.computed_grade = computed
        if not score.adjustment_reason:
            score.grade = computed
        score.evaluated_at = now
        events.append(
            EvaluationEvent(
                score=score,
                kind=kind,
                actor=by,
                from_status=previous,
                to_status=score.grade,
                created_at=now,
            )
        )
    MemberYearScore.objects.bulk_update(
        scores, ["computed_grade", "grade", "evaluated_at"], batch_size=500
    )
    EvaluationEvent.objects.bulk_create(events, batch_size=500)
    return len(scores)


@transaction.atomic
def evaluation_adjust(
    *, score: MemberYearScore, by: User, grade: str, reason: str
) -> MemberYearScore:
    """Staff change one member's grade after the evaluation, with a reason (kept on the score
    and in the event; a later evaluation run keeps it)."""
    locked = EVALUATION.lock(score)
    EVALUATION.check_actor(locked, "adjust", by)
    if not locked.evaluated_at:
        raise ValidationError(_("请先进行年度评定，再调整等次。"))
    if grade not in Grade.values:
        raise ValidationError({"grade": _("请选择等次。")})
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("调整等次须写明理由。")})
    result = EVALUATION.run(
        locked,
        "adjust",
        by=by,
        target=grade,
        changes={"adjustment_reason": reason[:200]},
        comment=reason,
    )
    return result.obj
