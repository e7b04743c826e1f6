from core.urls import route

from . import views

app_name = "accounts"

urlpatterns = [
    route("login-lockouts/", views.LoginLockoutListView, "login_lockouts"),
]
