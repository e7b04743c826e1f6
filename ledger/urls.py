"""The performance ledger (履职档案), under /members/ (the paths members have bookmarked)."""

from core.urls import route

from . import views

app_name = "ledger"

urlpatterns = [
    route("ledger/", views.MyLedgerView, "ledger_me"),
    route("ledger/ranking/", views.RankingView, "ledger_ranking"),
    route("ledger/ranking/export.<str:fmt>", views.RankingExportView, "ledger_export"),
    route("ledger/rules/", views.ScoringRulesView, "scoring_rules"),
    route("ledger/evaluate/", views.EvaluationRunView, "evaluation_run"),
    route("ledger/scores/<int:pk>/adjust/", views.GradeAdjustView, "grade_adjust"),
    route("<int:pk>/ledger/", views.MemberLedgerView, "ledger_member"),
]
