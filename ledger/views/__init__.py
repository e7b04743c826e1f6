"""The performance ledger's pages: a member's 履职档案 (``own``), the ranking and its export
(``ranking``), the annual evaluation and grade adjustments (``evaluation``), and the scoring rules
staff edit for a year (积分规则, ``rules``)."""

from .evaluation import EvaluationRunView, GradeAdjustView
from .own import LedgerContextMixin, MemberLedgerView, MyLedgerView
from .ranking import RankingExportView, RankingView
from .rules import SETTINGS_FIELDS, ItemsForm, RuleSetForm, ScoringRulesView

__all__ = [
    "SETTINGS_FIELDS",
    "EvaluationRunView",
    "GradeAdjustView",
    "ItemsForm",
    "LedgerContextMixin",
    "MemberLedgerView",
    "MyLedgerView",
    "RankingExportView",
    "RankingView",
    "RuleSetForm",
    "ScoringRulesView",
]
