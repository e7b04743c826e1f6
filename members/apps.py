from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    verbose_name = _("委员与组织")
    name = "members"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import audit_receivers

        audit_receivers.connect_mfa_receivers()
