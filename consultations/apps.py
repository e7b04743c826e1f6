from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.memo import PUBLIC, forget_on_change


class ConsultationsConfig(AppConfig):
    verbose_name = _("协商与委员讲堂")
    name = "consultations"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # The home page shows the latest 典型经验 (core.memo): computed again when one changes.
        forget_on_change(PUBLIC, self.get_model("Showcase"))
        # The office's personal-data page (opinions.privacy) covers observers and lecture orders.
        from opinions.privacy import personal_data_source_register

        from .privacy import SOURCES

        for source in SOURCES:
            personal_data_source_register(source)
