from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from dashboards import views as dashboard_views

admin.site.site_header = settings.SITE_NAME
admin.site.site_title = settings.SITE_NAME
# The admin's own password form would skip two-factor and the login throttling: administrators
# sign in through allauth's login like everybody else.
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("", dashboard_views.PublicHomeView.as_view(), name="public_home"),
    path("home/", dashboard_views.home, name="home"),
    path("healthz", dashboard_views.healthz, name="healthz"),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    # Activities, the ledger and the lockouts page keep their /members/… paths (bookmarks).
    path("members/", include("accounts.urls")),
    path("members/", include("liaison.urls")),
    path("members/", include("ledger.urls")),
    path("members/", include("members.urls")),
    path("opinions/", include("opinions.urls")),
    path("workstations/", include("workstations.urls")),
    path("consultations/", include("consultations.urls")),
    path("dashboards/", include("dashboards.urls")),
    path("exports/", include("exports.urls")),
    path("notifications/", include("notifications.urls")),
    # 委员讲堂 (/jiangtang/, /consultations/lectures/) and 典型经验 (/dianxing/, …/showcases/)
    path("", include("lectures.urls")),
    path("", include("showcases.urls")),
    # the API's pages first: /api/v1/ ends with a catch-all (a 404 problem for unknown paths)
    path("api/", include("api.urls")),
    path("api/v1/", include("api.v1_urls")),
    path("admin/", admin.site.urls),
]

handler403 = "dashboards.views.permission_denied"
