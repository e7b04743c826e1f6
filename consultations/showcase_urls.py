"""典型经验: the public list and pages under /dianxing/; staff's under /consultations/showcases/."""

from django.urls import path

from . import showcase_views as views

app_name = "showcase"

urlpatterns = [
    path("dianxing/", views.ShowcaseListView.as_view(), name="list"),
    path("dianxing/<int:pk>/", views.ShowcaseDetailView.as_view(), name="detail"),
    path("dianxing/photos/<str:token>/", views.ShowcasePhotoView.as_view(), name="photo"),
    path("consultations/showcases/", views.ShowcaseDeskView.as_view(), name="desk"),
    path("consultations/showcases/new/", views.ShowcaseCreateView.as_view(), name="new"),
    path("consultations/showcases/<int:pk>/", views.ShowcaseEditView.as_view(), name="edit"),
    path(
        "consultations/showcases/<int:pk>/<str:action>/",
        views.ShowcaseActionView.as_view(),
        name="action",
    ),
]
