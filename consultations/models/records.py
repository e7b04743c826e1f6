"""What an event leaves behind: its minutes (纪要) and its outcomes (协商成果), followed up
until closed."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from org.scope import ScopedQuerySet

from .events import Consultation


class Minutes(models.Model):
    """The minutes (纪要) of an event: the full text for the office, and the summary published
    to the public when the minutes are published (the event's ``publish_minutes`` step)."""

    consultation = models.OneToOneField(
        Consultation, verbose_name=_("协商活动"), on_delete=models.CASCADE, related_name="minutes"
    )
    text = models.TextField(_("纪要全文"), max_length=20000)
    public_summary = models.TextField(
        _("公开摘要"), max_length=3000, blank=True, help_text=_("发布后在公开页面显示。")
    )
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("协商纪要")
        verbose_name_plural = _("协商纪要")

    def __str__(self):
        return str(self.consultation)


class OutcomeQuerySet(ScopedQuerySet):
    scope_lookup = "consultation__committee"

    def open(self):
        return self.exclude(status=Outcome.Status.CLOSED)


class Outcome(models.Model):
    """A consultation outcome (协商成果): a recommendation submitted to a body and followed up —
    adopted, partly adopted or not, implemented — until closed."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("已报送")
        ADOPTED = "adopted", _("已采纳")
        PARTLY = "partly", _("部分采纳")
        NOT_ADOPTED = "not_adopted", _("未采纳")
        IMPLEMENTED = "implemented", _("已落实")
        CLOSED = "closed", _("已办结")

    consultation = models.ForeignKey(
        Consultation, verbose_name=_("协商活动"), on_delete=models.CASCADE, related_name="outcomes"
    )
    recommendation = models.TextField(_("意见建议"), max_length=3000)
    submitted_to = models.CharField(_("报送单位"), max_length=120)
    submitted_on = models.DateField(_("报送日期"), default=timezone.localdate)
    status = models.CharField(
        _("落实情况"), max_length=16, choices=Status.choices, default=Status.SUBMITTED
    )
    decided_on = models.DateField(_("反馈日期"), null=True, blank=True)
    implemented_on = models.DateField(_("落实日期"), null=True, blank=True)
    closed_on = models.DateField(_("办结日期"), null=True, blank=True)
    notes = models.TextField(_("跟踪说明"), max_length=2000, blank=True)
    updated_at = models.DateTimeField(_("更新时间"), default=timezone.now)

    objects = OutcomeQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    status__in=[
                        "submitted",
                        "adopted",
                        "partly",
                        "not_adopted",
                        "implemented",
                        "closed",
                    ]
                ),
                name="outcome_status_valid",
            ),
        ]
        indexes = [models.Index(fields=["status", "updated_at"])]
        verbose_name = _("协商成果")
        verbose_name_plural = _("协商成果")

    def __str__(self):
        return self.recommendation[:40]
