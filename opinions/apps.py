from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.memo import PUBLIC, forget_on_change


class OpinionsConfig(AppConfig):
    verbose_name = _("社情民意")
    name = "opinions"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # The public forms' categories are computed once until they change (core.memo).
        forget_on_change(PUBLIC, self.get_model("Category"))
