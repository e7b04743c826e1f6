"""Export jobs: a large export written to private storage by a worker, downloaded by the user who
asked for it (see docs/adr/0008-exports.md)."""

from __future__ import annotations

import datetime
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.exports import CONTENT_TYPES
from core.models import StoredFile


def export_file_path(instance: ExportJob, filename: str) -> str:
    today = datetime.date.today()
    return f"private/exports/{today:%Y/%m}/{instance.token}.{instance.fmt}"


class ExportJob(StoredFile):
    """One export too large to answer within a request. The app that owns the rows creates it
    (``exports.services.export_job_create``) and runs it in its own task
    (``export_job_run`` with the function that yields the rows); the file is offered to the
    user who asked for it only, while they still hold ``permission``, until ``expires_at``."""

    class Status(models.TextChoices):
        PENDING = "pending", _("排队中")
        RUNNING = "running", _("生成中")
        READY = "ready", _("可下载")
        FAILED = "failed", _("失败")
        EXPIRED = "expired", _("已过期")

    class Format(models.TextChoices):
        CSV = "csv", "CSV"
        XLSX = "xlsx", "Excel"

    EXTENSIONS: ClassVar[dict[str, str]] = {v: f".{k}" for k, v in CONTENT_TYPES.items()}

    content_type = models.CharField(max_length=80)  # the XLSX type is longer than 40
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("申请人"),
        on_delete=models.CASCADE,
        related_name="export_jobs",
    )
    kind = models.CharField(_("类型"), max_length=40)
    title = models.CharField(_("导出内容"), max_length=80)
    fmt = models.CharField(_("格式"), max_length=8, choices=Format.choices)
    # the query string of the list it was asked from, so the worker applies the same filters
    params = models.JSONField(_("筛选条件"), default=dict, blank=True)
    # asked again when the job runs and at each download (a user who lost the role loses the file)
    permission = models.CharField(max_length=80)
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    row_count = models.PositiveIntegerField(_("行数"), null=True, blank=True)
    truncated = models.BooleanField(_("已截断"), default=False)
    file = models.FileField(upload_to=export_file_path, max_length=200, blank=True)
    error = models.CharField(_("失败原因"), max_length=200, blank=True)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    expires_at = models.DateTimeField(_("下载截止"), null=True, blank=True)

    class Meta(StoredFile.Meta):
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["requested_by", "-created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=["pending", "running", "ready", "failed", "expired"]),
                name="export_job_status_valid",
            ),
        ]
        verbose_name = _("导出任务")
        verbose_name_plural = _("导出任务")

    def __str__(self) -> str:
        return f"{self.title} ({self.fmt}, {self.get_status_display()})"

    @property
    def downloadable(self) -> bool:
        return (
            self.status == self.Status.READY
            and bool(self.file)
            and (self.expires_at is None or self.expires_at > timezone.now())
        )
