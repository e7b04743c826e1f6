"""The reports' pages: the archive (the committees the user sees), a report as a print-ready
page in the committee's document style, its XLSX download, and the office's 重新生成."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import DetailView, ListView
from rules.contrib.views import PermissionRequiredMixin

from core.access import RecordViewMixin, ScopedObjectMixin, require_perm
from org import scope

from . import selectors, services
from .filters import ReportFilter
from .forms import RegenerateForm
from .tables import performance_notice, tables
from .xlsx import xlsx_response


class ReportArchiveView(PermissionRequiredMixin, ListView):
    permission_required = "dashboards.view_reports"
    template_name = "dashboards/reports/archive.html"
    context_object_name = "reports"
    paginate_by = 30

    def get_queryset(self):
        user = self.request.user
        committees = (
            selectors.archive_committees(user=user) if scope.sees_all_committees(user) else None
        )
        self.filter = ReportFilter(
            self.request.GET or None,
            queryset=selectors.archive(user=user),
            committees=committees,
        )
        if self.filter.is_bound and not self.filter.is_valid():
            return self.filter.queryset.none()
        return self.filter.qs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filter"] = self.filter
        return context


class ReportObjectMixin(ScopedObjectMixin, PermissionRequiredMixin):
    """One report: the role first (login, 403), then the user's scope (404)."""

    permission_required = "dashboards.view_reports"

    def get_scoped_queryset(self):
        return selectors.report_detail(user=self.request.user)


@method_decorator(never_cache, name="dispatch")
class ReportDetailView(ReportObjectMixin, DetailView):
    template_name = "dashboards/reports/detail.html"
    context_object_name = "report"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        report = self.object
        context["tables"] = tables(report.figures)
        context["notice"] = performance_notice(report.figures, report.committee.name)
        context["versions"] = list(selectors.period_versions(report=report))
        context["latest_version"] = context["versions"][-1].version
        context["events"] = selectors.report_events(report=report)
        context["can_regenerate"] = self.request.user.has_perm(
            "dashboards.regenerate_report", report
        )
        if context["can_regenerate"]:
            context["regenerate_form"] = kwargs.get("regenerate_form") or RegenerateForm()
        return context


@method_decorator(never_cache, name="dispatch")
class ReportDownloadView(ReportObjectMixin, DetailView):
    def get(self, request, *args, **kwargs):
        return xlsx_response(self.get_object())


class ReportRegenerateView(RecordViewMixin, View):
    """POST only: the office role (403), the scope (404), then the right to change the report's
    committee (403), and the confirmation box ticked."""

    permission_required = "dashboards.regenerate_reports"
    record_name = "report"

    def record_queryset(self, user):
        return selectors.report_detail(user=user)

    def post(self, request, pk):
        require_perm(request.user, "dashboards.regenerate_report", self.report)
        form = RegenerateForm(request.POST)
        if not form.is_valid():
            for error in form.errors.get("confirm", []):
                messages.error(request, error)
            return redirect("dashboards:reports:detail", pk=self.report.pk)
        new = services.regenerate_report(report=self.report, by=request.user)
        messages.success(
            request, _("已重新生成第%(v)s版，原版本仍保留在归档中。") % {"v": new.version}
        )
        return redirect("dashboards:reports:detail", pk=new.pk)
