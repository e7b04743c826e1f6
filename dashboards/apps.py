from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardsConfig(AppConfig):
    verbose_name = _("领导看板与报告")
    name = "dashboards"
    default_auto_field = "django.db.models.BigAutoField"
