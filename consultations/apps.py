from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationsConfig(AppConfig):
    verbose_name = _("协商议事")
    name = "consultations"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # The office's personal-data page (opinions.privacy) covers observers.
        from opinions.privacy import personal_data_source_register

        from .privacy import SOURCES

        for source in SOURCES:
            personal_data_source_register(source)
