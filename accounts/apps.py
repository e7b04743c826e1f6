from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    verbose_name = _("账号")
    name = "accounts"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.core import checks

        from . import checks as account_checks
        from . import receivers

        receivers.connect_mfa_receivers()
        checks.register(account_checks.debug_set_explicitly, checks.Tags.security, deploy=True)
