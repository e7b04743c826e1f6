"""The scoring rules (data: :class:`ScoringRuleSet` / :class:`ScoringRule`), their shipped
defaults :data:`DEFAULT_RULES` (see ``docs/scoring-rules.md``), the :class:`RuleBook` that finds
the rules in force for a committee and year, and the staff's save of a committee's rules."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User

from ..models import (
    ITEM_LABELS,
    ActivityType,
    LedgerItem,
    ScoringRule,
    ScoringRuleSet,
    activity_item,
)

D = Decimal
CENT = D("0.01")
ONE = D(1)

# item: (points, annual cap or None)
DEFAULT_RULES: dict[str, tuple[Decimal, Decimal | None]] = {
    activity_item(ActivityType.FORUM): (D(3), D(24)),
    activity_item(ActivityType.SURVEY): (D(3), D(24)),
    activity_item(ActivityType.CARE): (D(2), D(12)),
    activity_item(ActivityType.PUBLICITY): (D(2), D(12)),
    activity_item(ActivityType.PRACTICAL): (D(4), D(24)),
    activity_item(ActivityType.LECTURE): (D(3), D(18)),
    activity_item(ActivityType.OPEN_DAY): (D(2), D(8)),
    activity_item(ActivityType.RECEPTION): (D(3), D(18)),
    activity_item(ActivityType.DUTY): (D(2), D(12)),
    activity_item(ActivityType.SALON): (D(2), D(8)),
    activity_item(ActivityType.GRID_VISIT): (D(2), D(16)),
    activity_item(ActivityType.CONSULTING): (D(2), D(12)),
    activity_item(ActivityType.CHARITY): (D(2), D(12)),
    activity_item(ActivityType.GRASSROOTS): (D(3), D(18)),
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
        if item not in ITEM_LABELS:
            raise ValidationError(_("未知的积分项目。"))
        ScoringRule.objects.update_or_create(
            rule_set=rule_set, item=item, defaults={"points": points, "annual_cap": cap}
        )
    return rule_set
