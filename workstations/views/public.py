"""The public directory of 委员之家 and one workstation's page."""

from __future__ import annotations

from django.views.generic import DetailView
from django_filters.views import FilterView

from core.views import PublicShellMixin

from .. import forms, selectors
from ..filters import WorkstationFilter
from ..models import Workstation
from .common import QueryStringMixin


# --- public directory -----------------------------------------------------------------------
class DirectoryView(PublicShellMixin, QueryStringMixin, FilterView):
    filterset_class = WorkstationFilter
    template_name = "workstations/directory.html"
    paginate_by = 20
    context_object_name = "workstations"

    def get_queryset(self):
        return selectors.public_workstations()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["workstations"] = selectors.with_member_counts(list(context["workstations"]))
        context["can_add"] = self.request.user.has_perm("workstations.add_workstation")
        return context


class WorkstationDetailView(DetailView):
    template_name = "workstations/detail.html"
    context_object_name = "workstation"

    def get_queryset(self):
        qs = selectors.workstation_detail()
        if not self.request.user.has_perm("workstations.view_rota_desk"):
            qs = qs.exclude(status=Workstation.Status.CLOSED)
        return qs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        workstation = self.object
        user = self.request.user
        context["upcoming"] = selectors.upcoming_shifts(workstation=workstation)
        context["can_manage"] = user.has_perm("workstations.manage_workstation", workstation)
        if context["can_manage"]:
            context["assignment_form"] = forms.AssignmentForm(
                members=selectors.assignable_members(workstation=workstation)
            )
        return context
