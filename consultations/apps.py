from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationsConfig(AppConfig):
    verbose_name = _("协商与委员讲堂")
    name = "consultations"
    default_auto_field = "django.db.models.BigAutoField"
