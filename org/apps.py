from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgConfig(AppConfig):
    verbose_name = _("组织")
    name = "org"
    default_auto_field = "django.db.models.BigAutoField"
