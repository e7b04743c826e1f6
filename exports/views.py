"""The user's own export jobs (导出任务) and the download of a finished file."""

from __future__ import annotations

from typing import Any

import rules
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import ListView
from rules.contrib.views import PermissionRequiredMixin

from core.http import private_file_response

from .models import ExportJob
from .services import export_job_create, export_job_download_logged


def export_later(request, **job: Any) -> HttpResponse:
    """An app's export view with a list past ``EXPORT_SYNC_MAX_ROWS`` (``over_sync_limit``):
    the export becomes the user's job (``export_job_create`` with ``job``: kind, title, format,
    the list's query, permission, task), the user is told so and sent to 导出任务, where the file
    is downloaded once the worker wrote it."""
    export_job_create(by=request.user, **job)
    messages.info(
        request,
        _("符合条件的超过 %(n)s 条，已在后台生成文件，完成后会通知您，请到“导出任务”下载。")
        % {"n": settings.EXPORT_SYNC_MAX_ROWS},
    )
    return redirect("exports:jobs")


@method_decorator(never_cache, name="dispatch")
class JobListView(PermissionRequiredMixin, ListView):
    """The office and leaders (the roles that export): their own jobs, newest first."""

    permission_required = "exports.view_export_jobs"
    template_name = "exports/jobs.html"
    context_object_name = "jobs"
    paginate_by = 20

    def get_queryset(self):
        return ExportJob.objects.filter(requested_by=self.request.user).order_by(
            "-created_at", "-pk"
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["keep_days"] = settings.EXPORT_KEEP_DAYS
        return context


@method_decorator(never_cache, name="dispatch")
class DownloadView(LoginRequiredMixin, View):
    """The file, to the user who asked for it while they keep the role it needed; to everyone
    else the token does not exist (404, like attachments: a 403 would confirm it)."""

    def get(self, request, token):
        job = get_object_or_404(ExportJob, token=token[:32])
        # the rule itself, not user.has_perm (which says yes to any superuser)
        if not rules.has_perm("exports.download_export", request.user, job) or not job.downloadable:
            raise Http404
        export_job_download_logged(job=job, request=request)
        return private_file_response(
            job.file, content_type=job.content_type, filename=job.original_name, download=True
        )
