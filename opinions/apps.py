from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.memo import PUBLIC, forget_on_change


class OpinionsConfig(AppConfig):
    verbose_name = _("社情民意")
    name = "opinions"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from .models import SENSITIVE_WORDS

        # The public forms' categories and the sensitive words are read once per process until
        # they change (core.memo).
        forget_on_change(PUBLIC, self.get_model("Category"))
        forget_on_change(SENSITIVE_WORDS, self.get_model("SensitiveWord"))
