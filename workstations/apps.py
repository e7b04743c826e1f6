from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.memo import PUBLIC, forget_on_change


class WorkstationsConfig(AppConfig):
    verbose_name = _("委员之家与值班")
    name = "workstations"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # The 政协信箱's workstations and the public directory are computed once until a
        # workstation or an assignment changes (core.memo).
        forget_on_change(PUBLIC, self.get_model("Workstation"), self.get_model("WorkstationMember"))
