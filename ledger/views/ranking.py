"""The ranking (履职积分排名) and its export."""

from __future__ import annotations

from django.http import Http404, HttpResponseBadRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django_filters.views import FilterView
from rules.contrib.views import PermissionRequiredMixin

from audit.services import audit_log
from core.exports import export_response
from core.views import QueryStringMixin
from org import selectors
from org.filters import VisibleCommitteesFilterViewMixin

from .. import selectors as sel
from ..filters import RankingFilter
from ..forms import EvaluationRunForm


class RankingView(
    PermissionRequiredMixin, VisibleCommitteesFilterViewMixin, QueryStringMixin, FilterView
):
    permission_required = "ledger.view_ranking"
    filterset_class = RankingFilter
    template_name = "ledger/ranking.html"
    paginate_by = 30
    context_object_name = "scores"

    def get_queryset(self):
        return sel.ranking(user=self.request.user)

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        data = (kwargs.get("data") or self.request.GET).copy()
        if not data.get("year"):
            data["year"] = str(timezone.localdate().year)
        kwargs["data"] = data
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        changeable = selectors.committees_changeable_by(self.request.user)
        if self.request.user.has_perm("ledger.run_evaluation", None) and changeable.exists():
            context["run_form"] = EvaluationRunForm(committees=changeable)
        context["page_offset"] = (
            context["page_obj"].start_index() - 1 if context.get("page_obj") else 0
        )
        return context


EXPORT_MAX_ROWS = 5000


class RankingExportView(PermissionRequiredMixin, View):
    permission_required = "ledger.view_ranking"

    def get(self, request, fmt):
        if fmt not in ("csv", "xlsx"):
            raise Http404
        data = request.GET.copy()
        if not data.get("year"):
            data["year"] = str(timezone.localdate().year)
        filterset = RankingFilter(
            data,
            queryset=sel.ranking(user=request.user),
            committees=selectors.committees_visible_to(request.user),
        )
        if not filterset.is_valid():
            # e.g. ?year=%00: say what is wrong (the page shows the same form errors) instead of
            # exporting every year under a file name made from the bad value.
            errors = "; ".join(
                f"{filterset.form.fields[name].label}: {' '.join(messages_)}"
                if name in filterset.form.fields
                else " ".join(messages_)
                for name, messages_ in filterset.form.errors.items()
            )
            return HttpResponseBadRequest(
                _("筛选条件有误：%(errors)s") % {"errors": errors},
                content_type="text/plain; charset=utf-8",
            )
        year = filterset.form.cleaned_data.get("year")
        header = [
            _("名次"),
            _("姓名"),
            _("所属政协"),
            _("界别"),
            _("年度"),
            _("总分"),
            _("记录数"),
            _("评定等次"),
            _("最终等次"),
        ]
        rows = [
            [
                i,
                s.member.name,
                s.committee.short_name,
                s.member.sector.name if s.member.sector else "",
                s.year,
                float(s.total),
                s.entry_count,
                s.get_computed_grade_display(),
                s.get_grade_display(),
            ]
            for i, s in enumerate(filterset.qs[:EXPORT_MAX_ROWS], start=1)
        ]
        audit_log(
            actor=request.user,
            action="export_ranking",
            target=fmt,
            detail={"query": request.GET.urlencode()[:500]},
            request=request,
        )
        return export_response(
            fmt=fmt,
            filename=f"ranking-{int(year)}" if year is not None else "ranking",
            header=header,
            rows=rows,
            sheet_title=_("履职积分排名"),
        )
