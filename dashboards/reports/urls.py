from core.urls import route

from . import views

app_name = "reports"

urlpatterns = [
    route("", views.ReportArchiveView, "archive"),
    route("<int:pk>/", views.ReportDetailView, "detail"),
    route("<int:pk>/xlsx/", views.ReportDownloadView, "download"),
    route("<int:pk>/regenerate/", views.ReportRegenerateView, "regenerate"),
]
