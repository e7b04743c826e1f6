"""A periodic report, kept as made: its figures are data (JSON), and it is never changed once
made. A correction is a new version (``regenerate_report``), with an event; the archive shows
every version."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.fields import committee_fk, optional_fk
from core.models import Event
from org.scope import ScopedQuerySet

from . import periods
from .periods import Kind

# The prefix of each committee's document numbers (鄂政协〔2026〕月报第11期); a committee not
# listed uses its short name + 政协.
DOCUMENT_PREFIXES = {
    "ordos": "鄂政协",
    "dongsheng": "东政协",
    "kangbashi": "康政协",
    "dalate": "达政协",
    "zhungeer": "准政协",
    "etuokeqian": "鄂前旗政协",
    "etuoke": "鄂托克旗政协",
    "hangjin": "杭政协",
    "wushen": "乌审政协",
    "yijinhuoluo": "伊政协",
}


class ReportImmutable(Exception):
    """A report is never changed once made: make a new version instead."""


class ReportQuerySet(ScopedQuerySet):
    def update(self, **kwargs: Any) -> int:
        raise ReportImmutable(gettext("报告生成后不可修改，请重新生成新版本。"))


class Report(models.Model):
    Kind = Kind

    committee = committee_fk("reports")
    kind = models.CharField(_("报告类型"), max_length=12, choices=Kind.choices)
    period_start = models.DateField(_("起始日期"))
    period_end = models.DateField(_("截止日期"))
    version = models.PositiveSmallIntegerField(_("版本"), default=1)
    figures = models.JSONField(_("数据"), default=dict)
    created_at = models.DateTimeField(_("生成时间"), default=timezone.now)
    # None: made by the scheduled job (beat)
    created_by = optional_fk(settings.AUTH_USER_MODEL, _("生成人"))

    objects = ReportQuerySet.as_manager()

    class Meta:
        ordering = ["-period_start", "committee_id", "kind", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "kind", "period_start", "version"],
                name="uniq_report_period_version",
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=Kind.values), name="report_kind_valid"
            ),
            models.CheckConstraint(condition=models.Q(version__gte=1), name="report_version_valid"),
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="report_period_valid",
            ),
        ]
        indexes = [
            models.Index(fields=["-period_start", "committee"], name="report_archive_idx"),
            models.Index(fields=["kind", "-period_start"], name="report_kind_idx"),
        ]
        verbose_name = _("周期报告")
        verbose_name_plural = _("周期报告")

    def __str__(self) -> str:
        return self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Not business logic: a guard that keeps a made report what it was (the admin is
        # read-only and the services only ever create).
        if not self._state.adding:
            raise ReportImmutable(gettext("报告生成后不可修改，请重新生成新版本。"))
        super().save(*args, **kwargs)

    @property
    def period_label(self) -> str:
        return periods.label(self.kind, self.period_start)

    @property
    def title(self) -> str:
        return gettext("%(committee)s%(period)s委员联系群众工作%(kind)s") % {
            "committee": self.committee.name,
            "period": self.period_label,
            "kind": self.get_kind_display(),
        }

    @property
    def document_number(self) -> str:
        """鄂政协〔2026〕月报第11期 (a weekly report by ISO week, a quarterly by quarter; an annual
        report is 鄂政协〔2025〕年报); a later version adds （第2版）."""
        committee = self.committee
        prefix = DOCUMENT_PREFIXES.get(committee.code, f"{committee.short_name}政协")
        year, number = periods.sequence_number(self.kind, self.period_start)
        text = f"{prefix}〔{year}〕{self.get_kind_display()}"
        if number:
            text += gettext("第%(n)s期") % {"n": number}
        if self.version > 1:
            text += gettext("（第%(v)s版）") % {"v": self.version}
        return text

    @property
    def filename(self) -> str:
        """The download's name (ASCII): report-dalate-monthly-2026-05-01-v1."""
        return (
            f"report-{self.committee.code}-{self.kind}-{self.period_start:%Y-%m-%d}-v{self.version}"
        )


class ReportEvent(Event):
    """What happened to a report: made (by the schedule or a person) or made again as a new
    version (``data``: the version it replaces)."""

    class Kind(models.TextChoices):
        GENERATED = "generated", _("生成")
        REGENERATED = "regenerated", _("重新生成")

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("事件"), max_length=20, choices=Kind.choices)

    class Meta(Event.Meta):
        verbose_name = _("报告记录")
        verbose_name_plural = _("报告记录")
