from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.memo import PUBLIC, forget_on_change


class ShowcasesConfig(AppConfig):
    verbose_name = _("典型经验")
    name = "showcases"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # The home page shows the latest 典型经验 (core.memo): computed again when one changes.
        forget_on_change(PUBLIC, self.get_model("Showcase"))
