from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.memo import PUBLIC, forget_on_change

# The memo group of the working-day calendar (org.calendar).
CALENDAR = "calendar"


class OrgConfig(AppConfig):
    verbose_name = _("组织")
    name = "org"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # The public pages' committees, places and 界别 are computed once until these change.
        forget_on_change(
            PUBLIC, *(self.get_model(name) for name in ("Committee", "Region", "Sector"))
        )
        # The working-day calendar (org.calendar) is read again after any edit of a day.
        forget_on_change(CALENDAR, self.get_model("CalendarDay"))
