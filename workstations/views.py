from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import DetailView, FormView, ListView, TemplateView
from django_filters.views import FilterView
from rules.contrib.views import PermissionRequiredMixin

from core.access import RecordViewMixin, get_object_for
from core.forms import add_service_errors
from core.workflow import TransitionError
from members.views import MemberOnlyMixin
from org import selectors as org_selectors

from . import forms, selectors, services
from .filters import WorkstationFilter
from .models import DutyShift, ShiftSwap, Workstation, WorkstationMember
from .workflows import SHIFT, SWAP


def _flash_errors(request, form_or_exc) -> None:
    if isinstance(form_or_exc, ValidationError):
        messages.error(request, " ".join(form_or_exc.messages))
        return
    for errors in form_or_exc.errors.values():
        messages.error(request, " ".join(errors))


class QueryStringMixin:
    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        context["query_string"] = query.urlencode()
        return context


# --- public directory -----------------------------------------------------------------------
class DirectoryView(QueryStringMixin, FilterView):
    filterset_class = WorkstationFilter
    template_name = "workstations/directory.html"
    paginate_by = 20
    context_object_name = "workstations"

    def get_queryset(self):
        return selectors.public_workstations()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
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


# --- staff: workstations and members --------------------------------------------------------
class WorkstationFormMixin:
    form_class = forms.WorkstationForm
    template_name = "workstations/form.html"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["committees"] = org_selectors.committees_changeable_by(self.request.user)
        return kwargs

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


class RotaDeskRecordMixin(PermissionRequiredMixin):
    """A staff page or action on one record of the rota desk: the role first (login, then
    ``workstations.view_rota_desk``: 403 before any lookup), then the record in the user's scope
    (``record_queryset``; 404 outside it) kept as ``self.<record_name>``, then
    ``permission_required`` on it (403 for a committee the user may see but not change)."""

    record_name: str

    def record_queryset(self, user):
        raise NotImplementedError

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        record = get_object_for(
            request.user,
            self.record_queryset(request.user),
            perm="workstations.view_rota_desk",
            pk=kwargs["pk"],
        )
        setattr(self, self.record_name, record)
        return super().dispatch(request, *args, **kwargs)

    def get_permission_object(self):
        return getattr(self, self.record_name)


class ManagedWorkstationMixin(RotaDeskRecordMixin):
    """A page or action on one workstation the user manages."""

    permission_required = "workstations.manage_workstation"
    record_name = "workstation"

    def record_queryset(self, user):
        return selectors.managed_workstations(user=user)


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
        form = forms.AssignmentForm(
            request.POST, members=selectors.assignable_members(workstation=self.workstation)
        )
        if form.is_valid():
            try:
                services.assignment_add(
                    workstation=self.workstation, by=request.user, **form.cleaned_data
                )
            except ValidationError as exc:
                _flash_errors(request, exc)
            else:
                messages.success(request, _("已添加委员。"))
        else:
            _flash_errors(request, form)
        return redirect(reverse("workstations:detail", args=[pk]) + "#members")


class AssignmentEndView(RotaDeskRecordMixin, View):
    permission_required = "workstations.manage_workstation"
    http_method_names = ["post"]

    record_name = "assignment"

    def record_queryset(self, user):
        return WorkstationMember.objects.visible_to(user).select_related("workstation")

    def get_permission_object(self):
        return self.assignment.workstation

    def post(self, request, pk):
        services.assignment_end(assignment=self.assignment, by=request.user)
        messages.success(request, _("该委员已退出本委员之家。"))
        return redirect(
            reverse("workstations:detail", args=[self.assignment.workstation_id]) + "#members"
        )


# --- staff: the rota ------------------------------------------------------------------------
def _month(year, month) -> tuple[int, int]:
    if not (2000 <= year <= 2100 and 1 <= month <= 12):
        raise Http404
    return year, month


class RotaView(ManagedWorkstationMixin, TemplateView):
    """A month of shifts for one workstation, with the forms to plan and generate."""

    template_name = "workstations/rota.html"
    # Seeing the rota needs the office role and scope; the forms need change rights.
    permission_required = "workstations.view_rota_desk"

    def get_permission_object(self):
        return None

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
    permission_required = "workstations.manage_shift"
    http_method_names = ["post"]

    record_name = "shift"

    def record_queryset(self, user):
        return DutyShift.objects.visible_to(user).select_related("workstation")

    def post(self, request, pk):
        form = forms.ShiftMarkForm(request.POST, prefix="mark")
        if form.is_valid():
            try:
                services.shift_mark(shift=self.shift, by=request.user, **form.cleaned_data)
            except TransitionError as exc:
                messages.error(request, exc.message)
            except ValidationError as exc:
                _flash_errors(request, exc)
            else:
                messages.success(request, _("已更新值班状态。"))
        else:
            _flash_errors(request, form)
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

    permission_required = "workstations.decide_swap"
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


# --- members: my shifts, check-in, visitors, matters, swaps ---------------------------------
class MyShiftsView(MemberOnlyMixin, ListView):
    permission_required = "workstations.view_my_shifts"
    template_name = "workstations/my_shifts.html"
    context_object_name = "shifts"
    paginate_by = 20

    def get_queryset(self):
        return selectors.my_shifts(member=self.member)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
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
        actions = {t.action for t in SHIFT.available(shift, self.request.user)}
        context.update(shift=shift, is_own=self.is_own, today=timezone.localdate(), actions=actions)
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
