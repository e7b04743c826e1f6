"""Pages of the 委员讲堂 orders: the public order form and the requester's private page; the
order dispatched to a member; staff's order desk, an order's page and its steps."""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import ListView, TemplateView
from rules.contrib.views import PermissionRequiredMixin

from core.access import RecordViewMixin
from core.forms import add_service_errors
from core.views import QueryStringMixin, Step, run_step, service_step
from core.workflow import TransitionError
from members.views import MemberOnlyMixin
from opinions.views.guards import SubmissionLimitMixin
from org.models import Committee

from .. import selectors as sel
from .. import services
from ..forms import (
    CommentForm,
    DeliverForm,
    DispatchForm,
    OrderForm,
    RatingForm,
    ReasonForm,
    ScheduleForm,
    WithdrawForm,
)
from ..models import ACCEPT_WITHIN, LectureOrder
from ..workflows import ORDER
from .common import _committees, _int


# --- public: the order form and the requester's private page --------------------------------
@method_decorator(never_cache, name="dispatch")
class OrderCreateView(SubmissionLimitMixin):
    """点单. The checks of 我要建言, in order of cost: the per-IP limit (every POST counts), the
    fields and the CAPTCHA (asked once a client gets close to the limit), the fill timer and the
    honeypot (a flagged order is kept but nobody is told of it)."""

    form_class = OrderForm
    template_name = "lectures/order_form.html"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["offerings"] = sel.public_menu()
        kwargs["committees"] = _committees()
        kwargs["need_captcha"] = self.need_captcha()
        return kwargs

    def get_initial(self):
        initial = super().get_initial()
        offering = _int(self.request.GET.get("offering"))
        if offering:
            initial["offering"] = offering
        user = self.request.user
        if user.is_authenticated:
            initial.update(contact_name=user.name, contact_phone=user.phone or "")
        return initial

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        offering_id = _int(self.request.GET.get("offering"))
        context["chosen"] = (
            sel.public_menu().filter(pk=offering_id).first() if offering_id else None
        )
        return context

    def form_valid(self, form):
        data = dict(form.cleaned_data)
        for name in ("website", "started", "captcha"):
            data.pop(name, None)
        token = data.pop("token", "") or None
        try:
            order, secret = services.order_place(
                offering=data.pop("offering"),
                committee=data.pop("committee"),
                topic=data.pop("topic"),
                field=data.pop("field"),
                consent=data.pop("consent"),
                flags=form.abuse_flags(),
                dedupe_token=token,
                **data,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        if secret is None:  # the same form twice: the link was shown after the first POST
            messages.info(self.request, _("该订单已提交，请使用下单后显示的专属链接查看进度。"))
            return redirect("lectures:menu")
        messages.success(
            self.request,
            _("下单成功，订单号 %(code)s。请收藏本页地址：凭这个专属链接查看进度和评价讲座。")
            % {"code": order.code},
        )
        return redirect("lectures:track", token=secret)


@method_decorator(never_cache, name="dispatch")
class TrackView(View):
    """The requester's private page: the status, the member and date once agreed, and the rating
    after delivery. The token is the lookup: anything else is a 404."""

    template_name = "lectures/track.html"

    def get_order(self, token):
        order = services.order_by_token(token)
        if order is None:
            raise Http404
        return order

    def render_page(self, request, order, form=None, status=200):
        events = [e for e in order.events.all() if e.to_status]
        return render(
            request,
            self.template_name,
            {
                "order": order,
                "events": events,
                "can_rate": ORDER.can(order, "rate"),
                "can_withdraw": ORDER.can(order, "withdraw"),
                "rating_form": form if isinstance(form, RatingForm) else RatingForm(),
                "withdraw_form": form if isinstance(form, WithdrawForm) else WithdrawForm(),
                "steps": _public_steps(order),
            },
            status=status,
        )

    def get(self, request, token):
        return self.render_page(request, self.get_order(token))

    def post(self, request, token):
        order = self.get_order(token)
        if request.POST.get("action") == "withdraw":
            return self.withdraw(request, token, order)
        form = RatingForm(request.POST)
        if not ORDER.can(order, "rate"):
            messages.error(request, _("该订单当前不能评价。"))
            return redirect("lectures:track", token=token)
        if not form.is_valid():
            return self.render_page(request, order, form, status=400)
        try:
            services.order_rate(
                order=order,
                rating=form.cleaned_data["rating"],
                comment=form.cleaned_data["comment"],
            )
        except TransitionError as exc:
            messages.error(request, exc.message)
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.render_page(request, order, form, status=400)
        else:
            messages.success(request, _("感谢您的评价！"))
        return redirect("lectures:track", token=token)

    def withdraw(self, request, token, order):
        form = WithdrawForm(request.POST)
        if not ORDER.can(order, "withdraw"):
            messages.error(request, _("讲座已经举行或订单已取消，不能撤销。"))
            return redirect("lectures:track", token=token)
        if not form.is_valid():
            return self.render_page(request, order, form, status=400)
        try:
            services.order_withdraw(order=order, reason=form.cleaned_data["reason"])
        except TransitionError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("订单已撤销。"))
        return redirect("lectures:track", token=token)


PUBLIC_STEPS = (
    (LectureOrder.Status.NEW, gettext_lazy("已下单")),
    (LectureOrder.Status.DISPATCHED, gettext_lazy("已派单")),
    (LectureOrder.Status.ACCEPTED, gettext_lazy("委员已接单")),
    (LectureOrder.Status.SCHEDULED, gettext_lazy("时间已约定")),
    (LectureOrder.Status.DELIVERED, gettext_lazy("已授课")),
    (LectureOrder.Status.RATED, gettext_lazy("已评价")),
)


def _public_steps(order: LectureOrder) -> list[dict]:
    order_of = [str(s) for s, _label in PUBLIC_STEPS]
    reached = order_of.index(order.status) if order.status in order_of else -1
    return [
        {"label": label, "done": i <= reached, "current": i == reached}
        for i, (_status, label) in enumerate(PUBLIC_STEPS)
    ]


# --- orders: the member's page and staff's --------------------------------------------------
_order_step = partial(service_step, record="order")

ORDER_STEPS: dict[str, Step] = {
    "dispatch": _order_step(
        DispatchForm, services.order_dispatch, gettext_lazy("已派单，等待委员接单。")
    ),
    "accept": _order_step(
        CommentForm,
        services.order_accept,
        gettext_lazy("已接单。请与联系人商定授课时间后填写约定日期。"),
    ),
    "decline": _order_step(
        ReasonForm, services.order_decline, gettext_lazy("已婉拒，工作人员会重新派单。")
    ),
    "schedule": _order_step(
        ScheduleForm, services.order_schedule, gettext_lazy("授课时间已约定。")
    ),
    "deliver": _order_step(
        DeliverForm,
        services.order_deliver,
        gettext_lazy("已登记授课完成，已记入委员的履职活动和履职积分。"),
    ),
    "cancel": _order_step(ReasonForm, services.order_cancel, gettext_lazy("订单已取消。")),
}


def _step_form(action: str, order: LectureOrder, data=None):
    step = ORDER_STEPS[action]
    if step.form is DispatchForm:
        return DispatchForm(data, prefix=action, candidates=sel.ranked_candidates(order))
    return step.form(data, prefix=action) if step.form is not None else None


class OrderPageMixin:
    def order_context(self, order, user, **forms):
        # the requester's rating (through the private link) is not a button here
        actions = [t for t in ORDER.available(order, user) if t.action in ORDER_STEPS]
        context = {
            "order": order,
            "actions": {t.action for t in actions},
            "overdue": order.is_overdue(),
            "deadline": sel.accept_deadline(order),
            "contact_visible": user.has_perm("lectures.see_requester_contact", order),
        }
        for t in actions:
            form = forms.get(f"{t.action}_form") or _step_form(t.action, order)
            context[f"{t.action}_form"] = form
        return context


@method_decorator(never_cache, name="dispatch")
class MyOrderView(MemberOnlyMixin, OrderPageMixin, TemplateView):
    """An order dispatched to the member: accept or decline, agree a date."""

    template_name = "lectures/my_order.html"
    permission_required = "lectures.offer"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        order = get_object_or_404(sel.my_order_detail(member=self.member), pk=self.kwargs["pk"])
        context.update(self.order_context(order, self.request.user))
        return context


class OrderDeskView(PermissionRequiredMixin, QueryStringMixin, ListView):
    """Staff's orders, scoped by committee; ``?show=overdue`` lists those not accepted in three
    days (超时未接单)."""

    permission_required = "lectures.view_desk"
    template_name = "lectures/order_desk.html"
    context_object_name = "orders"
    paginate_by = 20

    def get_queryset(self):
        user = self.request.user
        self.show = self.request.GET.get("show", "")
        status = self.request.GET.get("status", "")
        self.status = status if status in LectureOrder.Status.values else ""
        if self.show == "overdue":
            qs = sel.overdue_orders(user=user)
        else:
            self.show = ""
            qs = sel.order_desk(user=user)
        if self.status:
            qs = qs.filter(status=self.status)
        self.committee_id = _int(self.request.GET.get("committee"))
        if self.committee_id:
            qs = qs.filter(committee_id=self.committee_id)
        return qs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context.update(
            show=self.show,
            status=self.status,
            statuses=LectureOrder.Status.choices,
            committee_id=self.committee_id,
            committees=Committee.objects.visible_to(user).order_by("order", "pk"),
            overdue_count=sel.overdue_orders(user=user).count(),
            overdue_before=timezone.now() - ACCEPT_WITHIN,
        )
        return context


@method_decorator(never_cache, name="dispatch")
class OrderDetailView(RecordViewMixin, OrderPageMixin, TemplateView):
    template_name = "lectures/order_detail.html"
    permission_required = "lectures.view_desk"
    record_name = "order"

    def record_queryset(self, user):
        return sel.order_detail(user=user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        forms = {k: v for k, v in kwargs.items() if k.endswith("_form")}
        context.update(self.order_context(self.order, self.request.user, **forms))
        return context


class OrderActionView(RecordViewMixin, View):
    """Every step of an order, driven by the transition table: the role before any lookup
    (403), the order the user may act on — staff: in scope; a member: dispatched to them —
    (404), the row's permission on it (403), then the service. Bad input: the form again (400)."""

    http_method_names = ["post"]
    permission_required = "lectures.act_on_order"
    record_name = "order"

    def record_queryset(self, user):
        return sel.orders_for_actor(user=user)

    def post(self, request, pk, action):
        order, user = self.order, request.user
        step = ORDER_STEPS.get(action)
        if step is None:
            raise Http404
        ORDER.check_actor(order, action, user)
        staff = user.has_perm("lectures.view_desk")
        back = "lectures:order_detail" if staff else "lectures:my_order"
        form = _step_form(action, order, request.POST)
        again = run_step(
            request, step, order, form, lambda f: self._again(request, order, action, f, staff)
        )
        return again or redirect(back, pk=pk)

    def _again(self, request, order, action, form, staff):
        template = OrderDetailView.template_name if staff else MyOrderView.template_name
        order = sel.orders_for_actor(user=request.user).get(pk=order.pk)
        context = OrderPageMixin().order_context(order, request.user, **{f"{action}_form": form})
        return render(request, template, context, status=400)
