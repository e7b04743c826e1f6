from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("", views.NoticeListView.as_view(), name="list"),
    path("settings/", views.NoticeSettingsView.as_view(), name="settings"),
    path("read-all/", views.NoticeReadAllView.as_view(), name="read_all"),
    path("<int:pk>/", views.NoticeOpenView.as_view(), name="open"),
    path("<int:pk>/read/", views.NoticeReadView.as_view(), name="read"),
]
