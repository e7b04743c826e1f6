from django.urls import path

from . import views

app_name = "exports"

urlpatterns = [
    path("", views.JobListView.as_view(), name="jobs"),
    path("<str:token>/download/", views.DownloadView.as_view(), name="download"),
]
