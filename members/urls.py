from django.urls import path

from . import scoring_views, views

app_name = "members"

urlpatterns = [
    path("", views.MemberDirectoryView.as_view(), name="directory"),
    path("new/", views.MemberCreateView.as_view(), name="create"),
    path("<int:pk>/", views.MemberDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", views.MemberUpdateView.as_view(), name="update"),
    path("<int:pk>/pairings/", views.PairingCreateView.as_view(), name="pairing_create"),
    path("pairings/<int:pk>/end/", views.PairingEndView.as_view(), name="pairing_end"),
    path("me/", views.MyProfileView.as_view(), name="me"),
    path("me/contact/", views.MyContactView.as_view(), name="my_contact"),
    path("grid-managers/", views.GridManagerListView.as_view(), name="grid_managers"),
    path("villages/<int:pk>/", views.VillageDetailView.as_view(), name="village"),
    path("login-lockouts/", views.LoginLockoutListView.as_view(), name="login_lockouts"),
]

# Liaison activities and the performance ledger (履职档案).
from . import activity_views  # noqa: E402

urlpatterns += [
    path("activities/", activity_views.MyActivityListView.as_view(), name="activity_mine"),
    path("activities/new/", activity_views.ActivityCreateView.as_view(), name="activity_new"),
    path("activities/desk/", activity_views.ActivityDeskView.as_view(), name="activity_desk"),
    path(
        "activities/organise/",
        activity_views.ActivityOrganiseView.as_view(),
        name="activity_organise",
    ),
    path("activities/recent/", activity_views.PublicFeedView.as_view(), name="activity_feed"),
    path(
        "activities/photos/<str:token>/",
        activity_views.ActivityPhotoView.as_view(),
        name="activity_photo",
    ),
    path(
        "activities/<int:pk>/", activity_views.ActivityDetailView.as_view(), name="activity_detail"
    ),
    path(
        "activities/<int:pk>/edit/",
        activity_views.ActivityUpdateView.as_view(),
        name="activity_edit",
    ),
    path(
        "activities/<int:pk>/submit/",
        activity_views.ActivitySubmitView.as_view(),
        name="activity_submit",
    ),
    path(
        "activities/<int:pk>/matter/",
        activity_views.ActivityMatterView.as_view(),
        name="activity_matter",
    ),
    path(
        "activities/<int:pk>/attendance/",
        activity_views.ActivityAttendanceView.as_view(),
        name="activity_attendance",
    ),
    path(
        "activities/<int:pk>/<str:action>/",
        activity_views.ActivityActionView.as_view(),
        name="activity_action",
    ),
    path("ledger/", activity_views.MyLedgerView.as_view(), name="ledger_me"),
    path("ledger/ranking/", activity_views.RankingView.as_view(), name="ledger_ranking"),
    path(
        "ledger/ranking/export.<str:fmt>",
        activity_views.RankingExportView.as_view(),
        name="ledger_export",
    ),
    path("ledger/rules/", scoring_views.ScoringRulesView.as_view(), name="scoring_rules"),
    path("ledger/evaluate/", activity_views.EvaluationRunView.as_view(), name="evaluation_run"),
    path(
        "ledger/scores/<int:pk>/adjust/",
        activity_views.GradeAdjustView.as_view(),
        name="grade_adjust",
    ),
    path("<int:pk>/ledger/", activity_views.MemberLedgerView.as_view(), name="ledger_member"),
]
