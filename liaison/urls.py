"""Liaison activities, under /members/activities/ (the paths members have bookmarked)."""

from core.urls import group, route

from . import views

app_name = "liaison"

urlpatterns = [
    group(
        "activities/",
        route("", views.MyActivityListView, "activity_mine"),
        route("new/", views.ActivityCreateView, "activity_new"),
        route("desk/", views.ActivityDeskView, "activity_desk"),
        route("organise/", views.ActivityOrganiseView, "activity_organise"),
        route("recent/", views.PublicFeedView, "activity_feed"),
        route("photos/<str:token>/", views.ActivityPhotoView, "activity_photo"),
        route("<int:pk>/", views.ActivityDetailView, "activity_detail"),
        route("<int:pk>/edit/", views.ActivityUpdateView, "activity_edit"),
        route("<int:pk>/submit/", views.ActivitySubmitView, "activity_submit"),
        route("<int:pk>/matter/", views.ActivityMatterView, "activity_matter"),
        route(
            "<int:pk>/attendance/",
            views.ActivityActionView,
            "activity_attendance",
            action="attendance",
        ),
        route("<int:pk>/<str:action>/", views.ActivityActionView, "activity_action"),
    ),
]
