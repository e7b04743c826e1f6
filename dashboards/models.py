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


class CockpitFigure(models.Model):
    """One pre-aggregated figure of the leaders' cockpit: a committee's ``metric`` in ``month``
    (the first day of the month), in total (``dimension`` empty) or for one ``key`` of a
    breakdown (a category, a department, a 界别, an adoption level …). Written only by
    ``dashboards.figures.refresh_cockpit_figures`` (a beat task every five minutes); the cockpit
    reads nothing else, so its cost does not grow with the records it counts."""

    committee = models.ForeignKey(
        "org.Committee", verbose_name=_("政协组织"), on_delete=models.CASCADE, related_name="+"
    )
    month = models.DateField(_("月份"))
    metric = models.CharField(_("指标"), max_length=32)
    dimension = models.CharField(_("分组"), max_length=16, blank=True)
    key = models.CharField(_("分组值"), max_length=64, blank=True)
    label = models.CharField(_("名称"), max_length=100, blank=True)
    value = models.BigIntegerField(_("数值"), default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "month", "metric", "dimension", "key"],
                name="uniq_cockpit_figure",
            ),
        ]
        indexes = [models.Index(fields=["month", "metric"], name="cockpit_month_metric_idx")]
        verbose_name = _("看板统计数")
        verbose_name_plural = _("看板统计数")

    def __str__(self):
        return f"{self.committee_id} {self.month:%Y-%m} {self.metric} {self.key} = {self.value}"


# The periodic reports live in dashboards/reports/ (the models are registered with this app).
from .reports.models import Report, ReportEvent  # noqa: E402, F401
