from core.urls import route

from . import views

app_name = "exports"

urlpatterns = [
    route("", views.JobListView, "jobs"),
    route("<str:token>/download/", views.DownloadView, "download"),
]
