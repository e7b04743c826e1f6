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

The modules, lower first (a module imports only those above it):

- ``rules``: the defaults, the :class:`RuleBook`, the staff's save of a committee's rules;
- ``scoring``: a fact's score, reconciling entries with facts, yearly totals;
- ``hooks``: ``ledger_record`` / ``ledger_reverse`` and the ``ledger_on_*`` hooks;
- ``rebuild``: the replay of a year's facts, the backfill of facts;
- ``evaluation``: the annual evaluation (:data:`EVALUATION`) and grade adjustment.
"""

from .evaluation import EVALUATION, evaluation_adjust, evaluation_run, grade_for
from .hooks import (
    Source,
    ledger_on_activity_confirmed,
    ledger_on_activity_unconfirmed,
    ledger_on_consultation_attended,
    ledger_on_leader_instruction,
    ledger_on_lecture_delivered,
    ledger_on_opinion_adopted,
    ledger_on_opinion_level_raised,
    ledger_on_opinion_submitted,
    ledger_on_shift_status,
    ledger_record,
    ledger_reverse,
)
from .rebuild import FACT_CHUNK, ledger_backfill_facts, ledger_rebuild
from .rules import (
    CENT,
    DEFAULT_RULES,
    ONE,
    D,
    RuleBook,
    activity_item,
    rules_for,
    scoring_defaults_ensure,
    scoring_rules_save,
)
from .scoring import fact_score, score_refresh, scores_refresh_bulk

__all__ = [
    "CENT",
    "DEFAULT_RULES",
    "EVALUATION",
    "FACT_CHUNK",
    "ONE",
    "D",
    "RuleBook",
    "Source",
    "activity_item",
    "evaluation_adjust",
    "evaluation_run",
    "fact_score",
    "grade_for",
    "ledger_backfill_facts",
    "ledger_on_activity_confirmed",
    "ledger_on_activity_unconfirmed",
    "ledger_on_consultation_attended",
    "ledger_on_leader_instruction",
    "ledger_on_lecture_delivered",
    "ledger_on_opinion_adopted",
    "ledger_on_opinion_level_raised",
    "ledger_on_opinion_submitted",
    "ledger_on_shift_status",
    "ledger_record",
    "ledger_reverse",
    "ledger_rebuild",
    "rules_for",
    "score_refresh",
    "scores_refresh_bulk",
    "scoring_defaults_ensure",
    "scoring_rules_save",
]
