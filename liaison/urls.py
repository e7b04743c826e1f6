"""Liaison activities, under /members/activities/ (the paths members have bookmarked)."""

from django.urls import path

from . import views

app_name = "liaison"

urlpatterns = [
    path("activities/", views.MyActivityListView.as_view(), name="activity_mine"),
    path("activities/new/", views.ActivityCreateView.as_view(), name="activity_new"),
    path("activities/desk/", views.ActivityDeskView.as_view(), name="activity_desk"),
    path(
        "activities/organise/",
        views.ActivityOrganiseView.as_view(),
        name="activity_organise",
    ),
    path("activities/recent/", views.PublicFeedView.as_view(), name="activity_feed"),
    path(
        "activities/photos/<str:token>/",
        views.ActivityPhotoView.as_view(),
        name="activity_photo",
    ),
    path("activities/<int:pk>/", views.ActivityDetailView.as_view(), name="activity_detail"),
    path(
        "activities/<int:pk>/edit/",
        views.ActivityUpdateView.as_view(),
        name="activity_edit",
    ),
    path(
        "activities/<int:pk>/submit/",
        views.ActivitySubmitView.as_view(),
        name="activity_submit",
    ),
    path(
        "activities/<int:pk>/matter/",
        views.ActivityMatterView.as_view(),
        name="activity_matter",
    ),
    path(
        "activities/<int:pk>/attendance/",
        views.ActivityActionView.as_view(),
        {"action": "attendance"},
        name="activity_attendance",
    ),
    path(
        "activities/<int:pk>/<str:action>/",
        views.ActivityActionView.as_view(),
        name="activity_action",
    ),
]
