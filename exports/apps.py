from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExportsConfig(AppConfig):
    verbose_name = _("导出任务")
    name = "exports"
    default_auto_field = "django.db.models.BigAutoField"
