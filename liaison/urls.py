"""Liaison activities, under /members/activities/ (the paths members have bookmarked)."""

from core.urls import route

from . import views

app_name = "liaison"

urlpatterns = [
    route("activities/", views.MyActivityListView, "activity_mine"),
    route("activities/new/", views.ActivityCreateView, "activity_new"),
    route("activities/desk/", views.ActivityDeskView, "activity_desk"),
    route("activities/organise/", views.ActivityOrganiseView, "activity_organise"),
    route("activities/recent/", views.PublicFeedView, "activity_feed"),
    route("activities/photos/<str:token>/", views.ActivityPhotoView, "activity_photo"),
    route("activities/<int:pk>/", views.ActivityDetailView, "activity_detail"),
    route("activities/<int:pk>/edit/", views.ActivityUpdateView, "activity_edit"),
    route("activities/<int:pk>/submit/", views.ActivitySubmitView, "activity_submit"),
    route("activities/<int:pk>/matter/", views.ActivityMatterView, "activity_matter"),
    route(
        "activities/<int:pk>/attendance/",
        views.ActivityActionView,
        "activity_attendance",
        action="attendance",
    ),
    route("activities/<int:pk>/<str:action>/", views.ActivityActionView, "activity_action"),
]
