from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkstationsConfig(AppConfig):
    verbose_name = _("委员之家与值班")
    name = "workstations"
    default_auto_field = "django.db.models.BigAutoField"
