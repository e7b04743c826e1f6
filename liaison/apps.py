from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LiaisonConfig(AppConfig):
    verbose_name = _("联系活动")
    name = "liaison"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # A served duty shift becomes a confirmed activity: liaison listens to workstations'
        # shift facts (workstations.signals) so workstations never imports liaison. Django's
        # documented place for connecting receivers, not a cycle dodge.
        from . import receivers  # noqa: F401
