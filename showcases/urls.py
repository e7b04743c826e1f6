"""典型经验: the public list and pages under /dianxing/; staff's under /consultations/showcases/."""

from core.urls import route

from . import views

app_name = "showcase"

urlpatterns = [
    route("dianxing/", views.ShowcaseListView, "list"),
    route("dianxing/<int:pk>/", views.ShowcaseDetailView, "detail"),
    route("dianxing/photos/<str:token>/", views.ShowcasePhotoView, "photo"),
    route("consultations/showcases/", views.ShowcaseDeskView, "desk"),
    route("consultations/showcases/new/", views.ShowcaseCreateView, "new"),
    route("consultations/showcases/<int:pk>/", views.ShowcaseEditView, "edit"),
    route("consultations/showcases/<int:pk>/<str:action>/", views.ShowcaseActionView, "action"),
]
