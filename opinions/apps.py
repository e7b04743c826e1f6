from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpinionsConfig(AppConfig):
    verbose_name = _("社情民意")
    name = "opinions"
    default_auto_field = "django.db.models.BigAutoField"
