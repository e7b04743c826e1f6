from django.urls import include, path

from core.urls import route

from . import views

app_name = "dashboards"

urlpatterns = [
    route("office/", views.OfficeHomeView, "office"),
    route("leader/", views.LeaderHomeView, "leader"),
    route("leader/figures/<slug:metric>/", views.CockpitRecordsView, "cockpit_records"),
    route("department/", views.DepartmentHomeView, "department"),
    route("my/", views.CitizenHomeView, "citizen"),
    route("member/", views.MemberHomeView, "member"),
    path("reports/", include("dashboards.reports.urls")),
]
