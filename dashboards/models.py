from django.db import models
from django.utils.translation import gettext_lazy as _


class Heartbeat(models.Model):
    """The last time a background component proved it is alive (e.g. beat → broker → worker).
    Kept in the database so every process sees it, whatever the cache backend."""

    name = models.CharField(_("组件"), max_length=40, unique=True)
    seen_at = models.DateTimeField(_("最近一次"))

    class Meta:
        verbose_name = _("运行心跳")
        verbose_name_plural = _("运行心跳")

    def __str__(self):
        return f"{self.name} {self.seen_at:%Y-%m-%d %H:%M}"


# The periodic reports live in dashboards/reports/ (the models are registered with this app).
from .reports.models import Report, ReportEvent  # noqa: E402, F401
