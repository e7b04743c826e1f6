from django.urls import include, path

from . import views

app_name = "dashboards"

urlpatterns = [
    path("office/", views.OfficeHomeView.as_view(), name="office"),
    path("leader/", views.LeaderHomeView.as_view(), name="leader"),
    path(
        "leader/figures/<slug:metric>/",
        views.CockpitRecordsView.as_view(),
        name="cockpit_records",
    ),
    path("department/", views.DepartmentHomeView.as_view(), name="department"),
    path("my/", views.CitizenHomeView.as_view(), name="citizen"),
    path("member/", views.MemberHomeView.as_view(), name="member"),
    path("reports/", include("dashboards.reports.urls")),
]
