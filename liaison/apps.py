from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LiaisonConfig(AppConfig):
    verbose_name = _("联系活动")
    name = "liaison"
    default_auto_field = "django.db.models.BigAutoField"
