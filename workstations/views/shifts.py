"""Members: my shifts and one shift's page, its actions driven by the SHIFT table."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import ListView, TemplateView

from core.access import RecordViewMixin
from core.forms import add_service_errors
from core.workflow import TransitionError
from members.views import MemberOnlyMixin

from .. import forms, selectors, services
from ..models import DutyShift
from ..workflows import SHIFT, SWAP
from .common import _flash_errors


# --- members: my shifts, check-in, visitors, matters, swaps ---------------------------------
class MyShiftsView(MemberOnlyMixin, ListView):
    permission_required = "workstations.view_my_shifts"
    template_name = "workstations/my_shifts.html"
    context_object_name = "shifts"
    paginate_by = 20

    def get_queryset(self):
        if self.request.GET.get("queue") == "upcoming":  # the member's tile
            return selectors.my_upcoming_shifts(member=self.member)
        return selectors.my_shifts(member=self.member)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["queue"] = self.request.GET.get("queue", "")
        context["today"] = timezone.localdate()
        return context


class ShiftMixin(RecordViewMixin):
    """One shift: the role first (login, 403), then the user's scope — their own, or staff and
    leaders in scope (404 outside it)."""

    permission_required = "workstations.view_shift"
    record_name = "shift"

    def record_queryset(self, user):
        return selectors.shift_detail(user=user)

    @property
    def is_own(self) -> bool:
        return self.shift.member.user_id == self.request.user.pk


def _swap_candidates(shift):
    return selectors.current_members(workstation=shift.workstation).exclude(pk=shift.member_id)


@dataclass(frozen=True)
class ShiftStep:
    """How the shift page runs one row of SHIFT: the row, its form (built from the POST data or
    unbound; none for check-in) and the service call, which answers the success message."""

    action: str
    form: Callable[[DutyShift, Any], Any] | None
    call: Callable[[Any, DutyShift, dict], str]


def _check_in(request, shift, data) -> str:
    already = shift.status == DutyShift.Status.SERVED
    services.shift_check_in(shift=shift, by=request.user)
    return _("您已签到过了。") if already else _("签到成功，本次值班已记入履职档案。")


def _record(request, shift, data) -> str:
    services.shift_record(shift=shift, by=request.user, **data)
    return _("接待情况已保存。")


def _matter(request, shift, data) -> str:
    opinion = services.shift_raise_matter(shift=shift, by=request.user, **data)
    return _("已转为社情民意信息，查询码 %(code)s。") % {"code": opinion.tracking_code}


def _swap(request, shift, data) -> str:
    services.swap_request(shift=shift, by=request.user, **data)
    return _("换班申请已提交，等待工作人员审批。")


# The URL's action → the SHIFT row it runs (the URL names predate the table).
SHIFT_STEPS: dict[str, ShiftStep] = {
    "check-in": ShiftStep("check_in", None, _check_in),
    "record": ShiftStep(
        "record",
        lambda shift, data: forms.ShiftRecordForm(
            data,
            prefix="rec",
            initial={"visitors_count": shift.visitors_count, "notes": shift.notes},
        ),
        _record,
    ),
    "matter": ShiftStep(
        "matter", lambda shift, data: forms.MatterForm(data, prefix="matter"), _matter
    ),
    "swap": ShiftStep(
        "request_swap",
        lambda shift, data: forms.SwapRequestForm(
            data, prefix="swap", members=_swap_candidates(shift)
        ),
        _swap,
    ),
}
FORM_NAMES = {"record": "record_form", "matter": "matter_form", "request_swap": "swap_form"}


class ShiftDetailView(ShiftMixin, TemplateView):
    template_name = "workstations/shift_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        shift = self.shift
        # the buttons and forms: what the transition table lets this user do now
        actions = SHIFT.allowed_actions(shift, self.request.user)
        context.update(shift=shift, is_own=self.is_own, today=timezone.localdate(), actions=actions)
        context["withdrawable"] = {
            swap.pk for swap in shift.swaps.all() if SWAP.can(swap, "withdraw", self.request.user)
        }
        for step in SHIFT_STEPS.values():
            if step.action in actions and step.form is not None:
                context.setdefault(FORM_NAMES[step.action], step.form(shift, None))
        return context


class ShiftActionView(ShiftMixin, View):
    """The member's (or the office's) actions on one shift, driven by the transition table: the
    role before any lookup (403), the shift in scope (404), the row's permission on it (403),
    then the service; a state the row does not start from is a message, bad input the form
    again (400)."""

    http_method_names = ["post"]
    post_permission = "workstations.act_on_shift"

    def post(self, request, pk, action):
        shift = self.shift
        step = SHIFT_STEPS.get(action)
        if step is None:
            raise Http404
        SHIFT.check_actor(shift, step.action, request.user)
        form = step.form(shift, request.POST) if step.form is not None else None
        data: dict = {}
        if form is not None:
            if not form.is_valid():
                return self.form_again(step, form)
            data = form.cleaned_data
        try:
            done = step.call(request, shift, data)
        except TransitionError as exc:
            messages.error(request, exc.message)
        except ValidationError as exc:
            if form is None:
                _flash_errors(request, exc)
            else:
                add_service_errors(form, exc)
                return self.form_again(step, form)
        else:
            messages.success(request, done)
        return redirect("workstations:shift_detail", pk=pk)

    def form_again(self, step, form):
        detail = ShiftDetailView()
        detail.setup(self.request, pk=self.shift.pk)
        detail.shift = self.shift  # is_own follows from the same shift and user
        context = detail.get_context_data(**{FORM_NAMES[step.action]: form})
        return detail.render_to_response(context, status=400)


class SwapWithdrawView(ShiftMixin, View):
    """The member who asked for a swap takes it back while it is pending (the SWAP table's
    ``withdraw`` row): the role first (403), the shift in scope (404), the swap among the
    shift's (404), the row's rule on it (403)."""

    http_method_names = ["post"]
    post_permission = "workstations.view_my_shifts"  # a member's own request: members only

    def post(self, request, pk, swap_pk):
        swap = get_object_or_404(self.shift.swaps.all(), pk=swap_pk)
        SWAP.check_actor(swap, "withdraw", request.user)
        try:
            services.swap_withdraw(swap=swap, by=request.user)
        except TransitionError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("换班申请已撤回。"))
        return redirect("workstations:shift_detail", pk=pk)
