from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    verbose_name = _("委员")
    name = "members"
    default_auto_field = "django.db.models.BigAutoField"
