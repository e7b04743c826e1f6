"""Staff: the monthly rota, planning and generating shifts, marks, the swap desk."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import ListView, TemplateView
from rules.contrib.views import PermissionRequiredMixin

from core.forms import add_service_errors
from core.views import run_posted_form
from core.workflow import TransitionError

from .. import forms, selectors, services
from ..models import DutyShift, ShiftSwap
from ..workflows import SWAP
from .common import ManagedWorkstationMixin, RotaDeskRecordMixin, _flash_errors


# --- staff: the rota ------------------------------------------------------------------------
def _month(year, month) -> tuple[int, int]:
    if not (2000 <= year <= 2100 and 1 <= month <= 12):
        raise Http404
    return year, month


class RotaView(ManagedWorkstationMixin, TemplateView):
    """A month of shifts for one workstation, with the forms to plan and generate."""

    template_name = "workstations/rota.html"
    # Seeing the rota needs the office role and scope; the forms need change rights.
    object_permission = None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        year, month = _month(kwargs["year"], kwargs["month"])
        workstation = self.workstation
        first = datetime.date(year, month, 1)
        prev_month = (first - datetime.timedelta(days=1)).replace(day=1)
        next_month = (first + datetime.timedelta(days=32)).replace(day=1)
        members = selectors.current_members(workstation=workstation)
        can_manage = self.request.user.has_perm("workstations.manage_workstation", workstation)
        context.update(
            workstation=workstation,
            year=year,
            month=month,
            first=first,
            prev_month=prev_month,
            next_month=next_month,
            shifts=selectors.rota_month(workstation=workstation, year=year, month=month),
            can_manage=can_manage,
        )
        if can_manage:
            context.setdefault(
                "plan_form",
                forms.ShiftPlanForm(
                    members=members,
                    prefix="plan",
                    initial={"date": max(first, timezone.localdate())},
                ),
            )
            context.setdefault("generate_form", forms.RotaGenerateForm(prefix="gen"))
            context["mark_form"] = forms.ShiftMarkForm(prefix="mark")
        return context


class RotaPostMixin(ManagedWorkstationMixin, View):
    http_method_names = ["post"]

    def back(self, year, month):
        return redirect("workstations:rota", pk=self.workstation.pk, year=year, month=month)

    def invalid(self, year, month, **forms_):
        view = RotaView()
        view.setup(self.request, pk=self.workstation.pk, year=year, month=month)
        view.workstation = self.workstation
        context = view.get_context_data(year=year, month=month, **forms_)
        return view.render_to_response(context, status=400)


class ShiftPlanView(RotaPostMixin):
    def post(self, request, pk, year, month):
        year, month = _month(year, month)
        form = forms.ShiftPlanForm(
            request.POST,
            prefix="plan",
            members=selectors.current_members(workstation=self.workstation),
        )
        if form.is_valid():
            try:
                shift = services.shift_plan(
                    workstation=self.workstation, by=request.user, **form.cleaned_data
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("已安排 %(name)s %(date)s 值班。")
                    % {"name": shift.member.name, "date": shift.date},
                )
                return self.back(shift.date.year, shift.date.month)
        return self.invalid(year, month, plan_form=form)


class RotaGenerateView(RotaPostMixin):
    def post(self, request, pk, year, month):
        year, month = _month(year, month)
        form = forms.RotaGenerateForm(request.POST, prefix="gen")
        if form.is_valid():
            data = form.cleaned_data
            try:
                created = services.rota_generate(
                    workstation=self.workstation,
                    by=request.user,
                    year=year,
                    month=month,
                    pattern=data["pattern"],
                    weekday=data.get("weekday"),
                    days=data.get("days") or [],
                    starts_at=data["starts_at"],
                    ends_at=data["ends_at"],
                    kind=data["kind"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("已生成 %(n)s 个值班。") % {"n": len(created)})
                return self.back(year, month)
        return self.invalid(year, month, generate_form=form)


class ShiftMarkView(RotaDeskRecordMixin, View):
    object_permission = "workstations.manage_shift"
    http_method_names = ["post"]

    record_name = "shift"

    def record_queryset(self, user):
        return DutyShift.objects.visible_to(user).select_related("workstation")

    def post(self, request, pk):
        run_posted_form(
            request,
            forms.ShiftMarkForm(request.POST, prefix="mark"),
            lambda data: services.shift_mark(shift=self.shift, by=request.user, **data),
            _("已更新值班状态。"),
        )
        return redirect(
            "workstations:rota",
            pk=self.shift.workstation_id,
            year=self.shift.date.year,
            month=self.shift.date.month,
        )


class SwapDeskView(PermissionRequiredMixin, ListView):
    permission_required = "workstations.view_rota_desk"
    template_name = "workstations/swaps.html"
    context_object_name = "swaps"
    paginate_by = 30

    def get_queryset(self):
        return selectors.pending_swaps(user=self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["decision_form"] = forms.SwapDecisionForm()
        return context


SWAP_DECISIONS = {
    "approve": (services.swap_approve, gettext_lazy("已同意换班。")),
    "reject": (services.swap_reject, gettext_lazy("已不同意换班。")),
}


class SwapDecideView(RotaDeskRecordMixin, View):
    """Approve or reject a swap: the decision is a row of the SWAP table (404 otherwise)."""

    object_permission = "workstations.decide_swap"
    http_method_names = ["post"]

    record_name = "swap"

    def record_queryset(self, user):
        return ShiftSwap.objects.visible_to(user).select_related(
            "shift__workstation", "from_member"
        )

    def post(self, request, pk, decision):
        if decision not in SWAP or decision not in SWAP_DECISIONS:
            raise Http404
        service, done = SWAP_DECISIONS[decision]
        form = forms.SwapDecisionForm(request.POST)
        comment = form.cleaned_data["comment"] if form.is_valid() else ""
        try:
            service(swap=self.swap, by=request.user, comment=comment)
        except TransitionError as exc:
            messages.error(request, exc.message)
        except ValidationError as exc:
            _flash_errors(request, exc)
        else:
            messages.success(request, done)
        return redirect("workstations:swaps")
