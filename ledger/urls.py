"""The performance ledger (履职档案), under /members/ (the paths members have bookmarked)."""

from django.urls import path

from . import views

app_name = "ledger"

urlpatterns = [
    path("ledger/", views.MyLedgerView.as_view(), name="ledger_me"),
    path("ledger/ranking/", views.RankingView.as_view(), name="ledger_ranking"),
    path(
        "ledger/ranking/export.<str:fmt>",
        views.RankingExportView.as_view(),
        name="ledger_export",
    ),
    path("ledger/rules/", views.ScoringRulesView.as_view(), name="scoring_rules"),
    path("ledger/evaluate/", views.EvaluationRunView.as_view(), name="evaluation_run"),
    path(
        "ledger/scores/<int:pk>/adjust/",
        views.GradeAdjustView.as_view(),
        name="grade_adjust",
    ),
    path("<int:pk>/ledger/", views.MemberLedgerView.as_view(), name="ledger_member"),
]
