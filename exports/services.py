"""Export jobs: create one, run it in a worker, offer its file, delete it when it expires.

An app that exports decides per request (:func:`over_sync_limit`): a small list is streamed at
once (core.exports); a large one becomes an :class:`~exports.models.ExportJob` that the app's own
task runs through :func:`export_job_run` with the function that yields its rows (an
:class:`ExportFile`). The file is written row by row to a temporary file (constant memory), moved
to private storage, and the user is told (an in-app notice with the download link)."""

from __future__ import annotations

import datetime
import logging
import secrets
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import rules
from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_log
from core.exports import CONTENT_TYPES, FORMATS, safe_filename, write_export
from notifications.models import NoticeKind
from notifications.services import notice_add

from .models import ExportJob

logger = logging.getLogger(__name__)


def over_sync_limit(queryset: QuerySet) -> bool:
    """More rows than a request should write (``EXPORT_SYNC_MAX_ROWS``)? Counted no further than
    one past the limit, whatever the size of the list."""
    limit = settings.EXPORT_SYNC_MAX_ROWS
    return queryset.order_by()[: limit + 1].count() > limit


@dataclass
class ExportFile:
    """What an app's export function returns for a job: the file name (without extension), the
    header, the rows (an iterator: they are written as they come), the sheet title, and
    ``finish(rows_written)``, called after the last row and before the file is offered — where
    the app writes its audit entry."""

    filename: str
    header: Sequence[object]
    rows: Iterable[Sequence[object]]
    sheet_title: str = "Sheet1"
    finish: Callable[[int], Any] = field(default=lambda _rows: None)


def export_job_create(
    *,
    by,
    kind: str,
    title: str,
    fmt: str,
    params: dict[str, list[str]],
    permission: str,
    task: Callable[[int], Any],
) -> ExportJob:
    """A job for ``by``; ``task(job_id)`` (the app's Celery task's ``delay``) is enqueued after
    commit. ``params``: the list's query string as a dict of lists (``QueryDict.lists()``)."""
    if fmt not in FORMATS:
        raise ValueError(fmt)
    with transaction.atomic():
        job = ExportJob.objects.create(
            requested_by=by,
            kind=kind,
            title=title[:80],
            fmt=fmt,
            params=params,
            permission=permission,
            token=secrets.token_hex(16),
            original_name="",
            content_type=CONTENT_TYPES[fmt],
            size=0,
        )
        job_id = job.pk
        transaction.on_commit(lambda: _enqueue(task, job_id), robust=True)
    return job


def _enqueue(task: Callable[[int], Any], job_id: int) -> None:
    try:
        task(job_id)
    except Exception:  # noqa: BLE001 — a broker that is down: the job is failed by the sweep
        logger.exception("could not enqueue export job %s", job_id)


def export_job_run(*, job_id: int, produce: Callable[[ExportJob], ExportFile]) -> None:
    """Run a pending job once (a second run, or a run after it finished, does nothing): write the
    rows ``produce(job)`` yields to a temporary file, store it, mark the job ready and notify the
    requester; on an error, mark it failed and say so."""
    with transaction.atomic():
        job = ExportJob.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.status != ExportJob.Status.PENDING:
            return
        job.status = ExportJob.Status.RUNNING
        job.started_at = timezone.now()
        job.save(update_fields=["status", "started_at"])
    job = ExportJob.objects.select_related("requested_by").get(pk=job_id)
    user = job.requested_by
    try:
        if not user.is_active or not rules.has_perm(job.permission, user):
            raise PermissionError(_("申请人已无导出权限。"))
        with tempfile.TemporaryFile() as out:
            export = produce(job)
            rows = _Limited(export.rows, settings.EXPORT_MAX_ROWS)
            written = write_export(
                out, fmt=job.fmt, header=export.header, rows=rows, sheet_title=export.sheet_title
            )
            name = f"{safe_filename(export.filename)}.{job.fmt}"
            out.seek(0)
            job.file.save(name, File(out, name=name), save=False)
        with transaction.atomic():
            export.finish(written)
            job.original_name = name[:120]
            job.size = job.file.size
            job.row_count = written
            job.truncated = rows.truncated
            job.status = ExportJob.Status.READY
            job.finished_at = timezone.now()
            job.expires_at = job.finished_at + datetime.timedelta(days=settings.EXPORT_KEEP_DAYS)
            job.save()
            notice_add(
                user=user,
                text=_("导出文件已生成：%(title)s，共 %(rows)s 条，%(days)s 天内可下载。")
                % {"title": job.title, "rows": written, "days": settings.EXPORT_KEEP_DAYS},
                cause=f"export_ready:{job.pk}",
                kind=NoticeKind.EXPORT,
                link=reverse("exports:download", args=[job.token]),
            )
    except Exception as error:  # noqa: BLE001 — whatever went wrong, the job says it failed
        if job.file:  # stored, but never offered
            job.file.delete(save=False)
        if isinstance(error, PermissionError):
            reason = str(error)
        else:
            logger.exception("export job %s failed", job_id)
            reason = _("生成文件时出错。")
        _fail(job_id, reason)


class _Limited:
    """At most ``limit`` rows of ``rows``; ``truncated`` says whether there were more."""

    def __init__(self, rows: Iterable[Sequence[object]], limit: int):
        self._rows = iter(rows)
        self._limit = limit
        self.truncated = False

    def __iter__(self):
        for n, row in enumerate(self._rows):
            if n == self._limit:
                self.truncated = True
                return
            yield row


def _fail(job_id: int, reason: str) -> None:
    with transaction.atomic():
        job = ExportJob.objects.select_for_update().select_related("requested_by").get(pk=job_id)
        if job.status not in (ExportJob.Status.PENDING, ExportJob.Status.RUNNING):
            return
        if job.file:
            job.file.delete(save=False)
        job.status = ExportJob.Status.FAILED
        job.error = reason[:200]
        job.finished_at = timezone.now()
        job.save(update_fields=["status", "error", "finished_at", "file"])
        notice_add(
            user=job.requested_by,
            text=_("导出失败：%(title)s（%(reason)s）请稍后重新导出。")
            % {"title": job.title, "reason": job.error},
            cause=f"export_failed:{job.pk}",
            kind=NoticeKind.EXPORT,
            link=reverse("exports:jobs"),
        )


def export_job_download_logged(*, job: ExportJob, request) -> None:
    """Every download of a job's file is audit-logged."""
    audit_log(
        actor=request.user,
        action="export_download",
        target=job.kind,
        detail={"job": job.pk, "format": job.fmt, "rows": job.row_count},
        request=request,
    )


def export_jobs_sweep(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """Housekeeping (a beat task): delete the files of jobs past ``expires_at`` (the job stays,
    marked expired), and fail jobs a lost or killed worker left pending or running longer than
    ``EXPORT_STALE_MINUTES``. Returns the counts."""
    now = now or timezone.now()
    expired = 0
    for job in ExportJob.objects.filter(status=ExportJob.Status.READY, expires_at__lte=now):
        with transaction.atomic():
            locked = ExportJob.objects.select_for_update().get(pk=job.pk)
            if locked.status != ExportJob.Status.READY:
                continue
            if locked.file:
                locked.file.delete(save=False)
            locked.status = ExportJob.Status.EXPIRED
            locked.save(update_fields=["status", "file"])
            expired += 1
    stale_before = now - datetime.timedelta(minutes=settings.EXPORT_STALE_MINUTES)
    stale = list(
        ExportJob.objects.filter(
            status__in=[ExportJob.Status.PENDING, ExportJob.Status.RUNNING],
            created_at__lt=stale_before,
        ).values_list("pk", flat=True)
    )
    for job_id in stale:
        _fail(job_id, _("导出未能完成。"))
    return {"expired": expired, "failed": len(stale)}
