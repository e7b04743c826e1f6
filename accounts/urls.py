from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("login-lockouts/", views.LoginLockoutListView.as_view(), name="login_lockouts"),
]
