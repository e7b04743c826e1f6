"""The user's own export jobs (导出任务) and the download of a finished file."""

from __future__ import annotations

import rules
from django.conf import settings
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import ListView
from rules.contrib.views import PermissionRequiredMixin

from core.http import private_file_response

from .models import ExportJob
from .services import export_job_download_logged


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
