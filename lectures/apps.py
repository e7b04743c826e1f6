from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LecturesConfig(AppConfig):
    verbose_name = _("委员讲堂")
    name = "lectures"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # The office's personal-data page (opinions.privacy) covers lecture orders.
        from opinions.privacy import personal_data_source_register

        from .privacy import SOURCE

        personal_data_source_register(SOURCE)
