"""The performance ledger (履职积分 / 履职档案).

Entries are written by services when the source event happens (an activity confirmed, a duty shift
served, an opinion adopted, a leader instruction received…) and reversed when the event is undone.
Each entry names its source with a ``source_key`` (``activity:12``, ``shift:7``,
``opinion:33:adopted``…): the same source is counted once per member, however often the event is
reported. A member's yearly total (:class:`MemberYearScore`) is refreshed from the entries whenever
an entry is written or reversed; annual caps are applied per item when the total is computed, so
the result does not depend on the order in which things happened.

:func:`ledger_rebuild` recomputes a year from the sources and must give the same totals.

The scoring rules are data (:class:`ScoringRuleSet` / :class:`ScoringRule`); the shipped defaults
are :data:`DEFAULT_RULES` (see ``docs/scoring-rules.md``).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from liaison.models import Activity, ActivityType
from members.models import Member
from org import scope

from .models import (
    EvaluationEvent,
    Grade,
    LedgerEntry,
    LedgerItem,
    LedgerQuerySet,
    MemberYearScore,
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

# Sources whose entries ledger_rebuild recomputes; entries of other sources (leader instructions,
# consultations, lectures — recorded by plain calls from their own apps) are kept as they are.
REBUILT_SOURCES = (Source.ACTIVITY, Source.SHIFT, Source.OPINION)


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
    if not (by.is_authenticated and by.is_office and scope.can_change_committee(by, committee.pk)):
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


# --- entries --------------------------------------------------------------------------------
def _entry(
    *,
    member: Member,
    points_kind: str,
    source_type: str,
    source_key: str,
    when: datetime.date,
    points: Decimal,
    description: str,
    link: str = "",
) -> LedgerEntry:
    return LedgerEntry(
        committee_id=member.committee_id,
        member=member,
        year=when.year,
        occurred_on=when,
        item=points_kind,
        source_type=source_type,
        source_key=source_key,
        points=_q(points),
        description=description[:200],
        link=link[:200],
    )


def _as_date(when) -> datetime.date:
    if isinstance(when, datetime.datetime):
        return timezone.localdate(when) if timezone.is_aware(when) else when.date()
    return when


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
) -> LedgerEntry:
    """Write one entry; idempotent per (member, source_key): a second call returns the entry
    already there. ``points`` defaults to the rule's points for the item times ``share``."""
    if points_kind not in LedgerItem.values:
        raise ValidationError(_("未知的积分项目。"))
    existing = LedgerEntry.objects.active().filter(member=member, source_key=source_key).first()
    if existing is not None:
        return existing
    when = _as_date(when)
    if points is None:
        points = (rules or RuleBook()).points(member.committee_id, when.year, points_kind) * share
    entry = _entry(
        member=member,
        points_kind=points_kind,
        source_type=source_type,
        source_key=source_key,
        when=when,
        points=points,
        description=description,
        link=link,
    )
    entry.full_clean(validate_constraints=False)
    entry.save()
    if refresh:
        score_refresh(member=member, year=entry.year)
    return entry


@transaction.atomic
def ledger_reverse(*, source_key: str, reason: str = "", member: Member | None = None) -> int:
    """Reverse the active entries of a source (for every member, or one). Returns how many."""
    entries = LedgerEntry.objects.select_for_update().active().filter(source_key=source_key)
    if member is not None:
        entries = entries.filter(member=member)
    touched = {(e.member_id, e.year) for e in entries}
    if not touched:
        return 0
    count = entries.update(reversed_at=timezone.now(), reversal_reason=reason[:200])
    members = Member.objects.in_bulk({member_id for member_id, _year in touched})
    for member_id, year in touched:
        score_refresh(member=members[member_id], year=year)
    return count


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


# --- what each source contributes -----------------------------------------------------------
def _activity_entries(activity: Activity, book: RuleBook, participants=None) -> list[LedgerEntry]:
    """Confirmed activity → one entry per attending participant. Activities that come from a
    duty shift are counted by the shift (see :func:`_shift_entries`)."""
    if activity.shift_id is not None or activity.status != Activity.Status.CONFIRMED:
        return []
    if participants is None:
        participants = [p for p in activity.participants.select_related("member") if p.attended]
    if not participants:
        return []
    item = activity_item(activity.type)
    entries = []
    for participant in participants:
        member = participant.member
        rule_set, _rules = book.get(member.committee_id, activity.occurred_on.year)
        share = D(1)
        if rule_set.coattend_split == ScoringRuleSet.CoattendSplit.EQUAL:
            share = D(1) / len(participants)
        points = book.points(member.committee_id, activity.occurred_on.year, item) * share
        entries.append(
            _entry(
                member=member,
                points_kind=item,
                source_type=Source.ACTIVITY,
                source_key=f"activity:{activity.pk}",
                when=activity.occurred_on,
                points=points,
                description=f"{ActivityType(activity.type).label}：{activity.title}",
                link=reverse("liaison:activity_detail", args=[activity.pk]),
            )
        )
    return entries


def _shift_entries(shift, book: RuleBook) -> list[LedgerEntry]:
    from workstations.models import DutyShift

    if shift.status == DutyShift.Status.SERVED:
        item, text = LedgerItem.DUTY_SHIFT, _("值班")
    elif shift.status == DutyShift.Status.MISSED:
        item, text = LedgerItem.DUTY_ABSENCE, _("值班无故缺勤")
    else:
        return []
    member = shift.member
    return [
        _entry(
            member=member,
            points_kind=item,
            source_type=Source.SHIFT,
            source_key=f"shift:{shift.pk}",
            when=shift.date,
            points=book.points(member.committee_id, shift.date.year, item),
            description=f"{text}：{shift.workstation.name} {shift.date:%m-%d} "
            f"{shift.starts_at:%H:%M}-{shift.ends_at:%H:%M}",
            link=reverse("workstations:shift_detail", args=[shift.pk]),
        )
    ]


def _opinion_authors(opinion) -> list[tuple[Member, str]]:
    """(member, role) for the author and co-authors of a member item."""
    if opinion.author_id is None:
        return []
    result = [(opinion.author, "author")]
    result += [(m, "co_author") for m in opinion.co_authors.all() if m.pk != opinion.author_id]
    return result


def _author_shares(opinion, authors, rule_set) -> list[Decimal]:
    n = len(authors)
    if n <= 1 or rule_set.coauthor_split == ScoringRuleSet.CoauthorSplit.FULL:
        return [D(1)] * n
    if rule_set.coauthor_split == ScoringRuleSet.CoauthorSplit.EQUAL:
        return [D(1) / n] * n
    lead = D(rule_set.lead_share)
    return [lead] + [(D(1) - lead) / (n - 1)] * (n - 1)


def _opinion_entries(opinion, book: RuleBook, kind: str) -> list[LedgerEntry]:
    authors = _opinion_authors(opinion)
    if not authors:
        return []
    if kind == "submitted":
        if not opinion.submitted_at:
            return []
        when = _as_date(opinion.submitted_at)
        item = LedgerItem.OPINION_SUBMITTED
        text = _("报送社情民意：%(title)s") % {"title": opinion.title}
    else:
        if not opinion.adoption_level or not opinion.decided_at:
            return []
        when = _as_date(opinion.decided_at)
        item = f"adopted.{opinion.adoption_level}"
        text = _("社情民意被采用（%(level)s）：%(title)s") % {
            "level": opinion.get_adoption_level_display(),
            "title": opinion.title,
        }
    rule_set, _rules = book.get(opinion.committee_id, when.year)
    shares = _author_shares(opinion, authors, rule_set)
    link = reverse("opinions:mine_detail", args=[opinion.pk])
    return [
        _entry(
            member=member,
            points_kind=item,
            source_type=Source.OPINION,
            source_key=f"opinion:{opinion.pk}:{kind}",
            when=when,
            points=book.points(member.committee_id, when.year, item) * share,
            description=text,
            link=link,
        )
        for (member, _role), share in zip(authors, shares, strict=True)
    ]


def _save_entries(entries: list[LedgerEntry]) -> list[LedgerEntry]:
    """Idempotent save: entries whose (member, source_key) is already active are skipped."""
    saved = []
    touched = set()
    for entry in entries:
        if (
            LedgerEntry.objects.active()
            .filter(member=entry.member, source_key=entry.source_key)
            .exists()
        ):
            continue
        entry.save()
        saved.append(entry)
        touched.add((entry.member, entry.year))
    for member, year in touched:
        score_refresh(member=member, year=year)
    return saved


# --- hooks called by the services of each source --------------------------------------------
@transaction.atomic
def ledger_on_activity_confirmed(*, activity: Activity) -> list[LedgerEntry]:
    return _save_entries(_activity_entries(activity, RuleBook()))


@transaction.atomic
def ledger_on_activity_unconfirmed(*, activity: Activity, reason: str = "") -> int:
    return ledger_reverse(source_key=f"activity:{activity.pk}", reason=reason)


@transaction.atomic
def ledger_on_shift_status(*, shift) -> list[LedgerEntry]:
    """Served → duty points; missed → deduction; anything else → nothing (and a previous entry
    for this shift is reversed)."""
    entries = _shift_entries(shift, RuleBook())
    key = f"shift:{shift.pk}"
    current = LedgerEntry.objects.active().filter(source_key=key).first()
    if current is not None and (not entries or current.item != entries[0].item):
        ledger_reverse(source_key=key, reason=_("值班状态变更"))
    return _save_entries(entries)


@transaction.atomic
def ledger_on_opinion_submitted(*, opinion) -> list[LedgerEntry]:
    return _save_entries(_opinion_entries(opinion, RuleBook(), "submitted"))


@transaction.atomic
def ledger_on_opinion_adopted(*, opinion) -> list[LedgerEntry]:
    """Called at the end of ``opinions.services.opinion_adopt`` (same transaction)."""
    return _save_entries(_opinion_entries(opinion, RuleBook(), "adopted"))


@transaction.atomic
def ledger_on_opinion_level_raised(*, opinion) -> list[LedgerEntry]:
    """Called at the end of ``opinions.services.opinion_raise_level``: the adoption entries are
    reversed and written again at the new level."""
    ledger_reverse(source_key=f"opinion:{opinion.pk}:adopted", reason=_("采用层级提升"))
    return _save_entries(_opinion_entries(opinion, RuleBook(), "adopted"))


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
    )


# --- rebuild --------------------------------------------------------------------------------
def _year_bounds(year: int):
    start = timezone.make_aware(datetime.datetime(year, 1, 1))
    return start, timezone.make_aware(datetime.datetime(year + 1, 1, 1))


_ENTRY_FIELDS = ("item", "points", "occurred_on", "year", "source_type", "description", "link")


def _replace_entries(*, old: LedgerQuerySet, entries: list[LedgerEntry]) -> None:
    """Make the active entries of ``old`` equal ``entries`` without deleting any: an active entry
    the rebuild writes again unchanged stays; one that differs, or that the sources no longer
    give, is reversed (reason "rebuild"), and the new entry is added."""
    active = {
        (e.member_id, e.source_key): e
        for e in old.active()
        .select_for_update(of=("self",))
        .only("pk", "member_id", "source_key", *_ENTRY_FIELDS)
    }
    new: list[LedgerEntry] = []
    for entry in entries:
        current = active.pop((entry.member_id, entry.source_key), None)
        if current is not None and all(
            getattr(current, f) == getattr(entry, f) for f in _ENTRY_FIELDS
        ):
            continue
        if current is not None:
            active[(entry.member_id, entry.source_key)] = current  # reversed below
        new.append(entry)
    stale = [e.pk for e in active.values()]
    for i in range(0, len(stale), 500):  # chunks: SQLite limits the size of IN (…)
        LedgerEntry.objects.filter(pk__in=stale[i : i + 500]).update(
            reversed_at=timezone.now(), reversal_reason="rebuild"
        )
    LedgerEntry.objects.bulk_create(new, batch_size=500)


@transaction.atomic
def ledger_rebuild(*, year: int, committee_ids: Iterable[int] | None = None) -> dict[int, Decimal]:
    """Recompute a year's entries of the rebuilt sources (activities, shifts, opinions) from the
    source records and refresh every total. Returns {member id: total}. Entries are reversed,
    never deleted: what the sources still give unchanged is kept as it is."""
    from opinions.models import Opinion
    from workstations.models import DutyShift

    committee_ids = list(committee_ids) if committee_ids is not None else None
    old = LedgerEntry.objects.filter(year=year, source_type__in=REBUILT_SOURCES)
    activities = Activity.objects.filter(
        status=Activity.Status.CONFIRMED, occurred_on__year=year, shift__isnull=True
    ).prefetch_related("participants__member")
    shifts = DutyShift.objects.filter(
        date__year=year, status__in=[DutyShift.Status.SERVED, DutyShift.Status.MISSED]
    ).select_related("member", "workstation")
    start, end = _year_bounds(year)
    opinions = (
        Opinion.objects.filter(author__isnull=False)
        .select_related("author")
        .prefetch_related("co_authors")
    )
    # "Opinion submitted": every member item (我的社情民意, duty shifts, activities) once.
    submitted = opinions.filter(submitted_at__gte=start, submitted_at__lt=end)
    adopted = opinions.exclude(adoption_level="").filter(decided_at__gte=start, decided_at__lt=end)
    if committee_ids is not None:
        old = old.filter(member__committee_id__in=committee_ids)
        activities = activities.filter(
            participants__member__committee_id__in=committee_ids
        ).distinct()
        shifts = shifts.filter(member__committee_id__in=committee_ids)
        submitted = submitted.filter(committee_id__in=committee_ids)
        adopted = adopted.filter(committee_id__in=committee_ids)

    book = RuleBook()
    entries: list[LedgerEntry] = []
    activity_ids = list(activities.values_list("pk", flat=True))
    for i in range(0, len(activity_ids), 500):  # chunks: SQLite limits the size of IN (…)
        chunk = Activity.objects.filter(pk__in=activity_ids[i : i + 500]).prefetch_related(
            "participants__member"
        )
        for activity in chunk:
            attending = [p for p in activity.participants.all() if p.attended]
            entries += _activity_entries(activity, book, participants=attending)
    for shift in shifts:
        entries += _shift_entries(shift, book)
    for opinion in submitted:
        entries += _opinion_entries(opinion, book, "submitted")
    for opinion in adopted:
        entries += _opinion_entries(opinion, book, "adopted")
    if committee_ids is not None:
        entries = [e for e in entries if e.member.committee_id in committee_ids]
    entries = [e for e in entries if e.year == year]
    _replace_entries(old=old, entries=entries)
    scores_refresh_bulk(year=year, committee_ids=committee_ids)
    scores = MemberYearScore.objects.filter(year=year)
    if committee_ids is not None:
        scores = scores.filter(member__committee_id__in=committee_ids)
    return dict(scores.values_list("member_id", "total"))


# --- annual evaluation ----------------------------------------------------------------------
def grade_for(total: Decimal, rule_set: ScoringRuleSet) -> str:
    if total >= rule_set.excellent_from:
        return Grade.EXCELLENT
    if total >= rule_set.competent_from:
        return Grade.COMPETENT
    if total >= rule_set.basic_from:
        return Grade.BASIC
    return Grade.INCOMPETENT


def _check_office(by: User, committee_id: int) -> None:
    if not (by.is_authenticated and by.is_office):
        raise PermissionDenied(_("只有政协机关工作人员可以进行履职评价。"))
    if not scope.can_change_committee(by, committee_id):
        raise PermissionDenied(_("您无权评价其他政协组织的委员。"))


@transaction.atomic
def evaluation_run(*, committee, year: int, by: User) -> int:
    """Give every active member of the committee a grade for the year from the thresholds.
    Grades staff adjusted keep their adjustment. Returns the number of members graded."""
    _check_office(by, committee.pk)
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
    events = []
    for score in scores:
        computed = grade_for(score.total, rule_set)
        previous = score.grade
        score.computed_grade = computed
        if not score.adjustment_reason:
            score.grade = computed
        score.evaluated_at = now
        events.append(
            EvaluationEvent(
                score=score,
                kind=EvaluationEvent.Kind.EVALUATED,
                actor=by,
                from_grade=previous,
                to_grade=score.grade,
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
    score = MemberYearScore.objects.select_for_update().get(pk=score.pk)
    _check_office(by, score.committee_id)
    if not score.evaluated_at:
        raise ValidationError(_("请先进行年度评定，再调整等次。"))
    if grade not in Grade.values:
        raise ValidationError({"grade": _("请选择等次。")})
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("调整等次须写明理由。")})
    previous = score.grade
    score.grade = grade
    score.adjustment_reason = reason[:200]
    score.save(update_fields=["grade", "adjustment_reason", "updated_at"])
    EvaluationEvent.objects.create(
        score=score,
        kind=EvaluationEvent.Kind.ADJUSTED,
        actor=by,
        from_grade=previous,
        to_grade=grade,
        comment=reason[:200],
    )
    return score
