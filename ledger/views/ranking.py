"""The ranking (履职积分排名) and its export."""

from __future__ import annotations

from django.http import Http404, HttpResponseBadRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django_filters.views import FilterView
from rules.contrib.views import PermissionRequiredMixin

from core.exports import FORMATS
from core.views import QueryStringMixin
from exports.services import over_sync_limit
from exports.views import export_later
from org import selectors
from org.filters import VisibleCommitteesFilterViewMixin

from .. import exports
from .. import selectors as sel
from ..filters import RankingFilter
from ..forms import EvaluationRunForm
from ..tasks import ranking_export_task


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


class RankingExportView(PermissionRequiredMixin, View):
    permission_required = exports.PERMISSION

    def get(self, request, fmt):
        if fmt not in FORMATS:
            raise Http404
        filterset = exports.ranking_filterset(user=request.user, data=request.GET)
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
        if over_sync_limit(filterset.qs):
            return export_later(
                request,
                kind=exports.KIND,
                title=_("履职积分排名"),
                fmt=fmt,
                params=dict(filterset.data.lists()),
                permission=exports.PERMISSION,
                task=ranking_export_task.delay,
            )
        return exports.ranking_response(filterset, fmt=fmt, request=request)
