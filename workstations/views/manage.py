"""Staff: create and edit workstations, add and end their members."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView
from rules.contrib.views import PermissionRequiredMixin

from core.forms import add_service_errors
from core.views import run_posted_form
from org.views import ChangeableCommitteesMixin

from .. import forms, selectors, services
from ..models import WorkstationMember
from .common import ManagedWorkstationMixin, RotaDeskRecordMixin


# --- staff: workstations and members --------------------------------------------------------
class WorkstationFormMixin(ChangeableCommitteesMixin):
    form_class = forms.WorkstationForm
    template_name = "workstations/form.html"

    def form_valid(self, form):
        try:
            workstation = self.save(dict(form.cleaned_data))
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("已保存“%(name)s”。") % {"name": workstation.name})
        return redirect("workstations:detail", pk=workstation.pk)


class WorkstationCreateView(PermissionRequiredMixin, WorkstationFormMixin, FormView):
    permission_required = "workstations.add_workstation"
    extra_context = {"title": gettext_lazy("新建委员之家")}

    def save(self, data):
        return services.workstation_create(by=self.request.user, **data)


class WorkstationUpdateView(ManagedWorkstationMixin, WorkstationFormMixin, FormView):
    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.workstation
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = _("编辑委员之家")
        context["workstation"] = self.workstation
        return context

    def save(self, data):
        return services.workstation_update(
            workstation=self.workstation, by=self.request.user, **data
        )


class AssignmentAddView(ManagedWorkstationMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk):
        run_posted_form(
            request,
            forms.AssignmentForm(
                request.POST, members=selectors.assignable_members(workstation=self.workstation)
            ),
            lambda data: services.assignment_add(
                workstation=self.workstation, by=request.user, **data
            ),
            _("已添加委员。"),
        )
        return redirect(reverse("workstations:detail", args=[pk]) + "#members")


class AssignmentEndView(RotaDeskRecordMixin, View):
    object_permission = "workstations.manage_workstation"
    http_method_names = ["post"]

    record_name = "assignment"

    def record_queryset(self, user):
        return WorkstationMember.objects.visible_to(user).select_related("workstation")

    def permission_object(self, record):
        return record.workstation

    def post(self, request, pk):
        services.assignment_end(assignment=self.assignment, by=request.user)
        messages.success(request, _("该委员已退出本委员之家。"))
        return redirect(
            reverse("workstations:detail", args=[self.assignment.workstation_id]) + "#members"
        )
