from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LedgerConfig(AppConfig):
    verbose_name = _("履职积分")
    name = "ledger"
    default_auto_field = "django.db.models.BigAutoField"
