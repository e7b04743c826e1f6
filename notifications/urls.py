from core.urls import route

from . import views

app_name = "notifications"

urlpatterns = [
    route("", views.NoticeListView, "list"),
    route("settings/", views.NoticeSettingsView, "settings"),
    route("read-all/", views.NoticeReadAllView, "read_all"),
    route("<int:pk>/", views.NoticeOpenView, "open"),
    route("<int:pk>/read/", views.NoticeReadView, "read"),
]
