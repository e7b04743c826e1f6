from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.ReportArchiveView.as_view(), name="archive"),
    path("<int:pk>/", views.ReportDetailView.as_view(), name="detail"),
    path("<int:pk>/xlsx/", views.ReportDownloadView.as_view(), name="download"),
    path("<int:pk>/regenerate/", views.ReportRegenerateView.as_view(), name="regenerate"),
]
