"""Pages of the 委员讲堂: the public menu, the order form and the requester's private page; the
member's 我的讲堂 (offerings, orders dispatched to them); staff's menu review and order desk."""

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
from django.views.generic import FormView, ListView, TemplateView
from rules.contrib.views import PermissionRequiredMixin

from core.access import RecordViewMixin
from core.forms import add_service_errors
from core.views import QueryStringMixin, Step, run_step, service_step
from core.workflow import TransitionError
from members.views import MemberOnlyMixin
from opinions.views.guards import SubmissionLimitMixin
from org.models import Committee

from . import selectors as sel
from . import services
from .forms import (
    CommentForm,
    DeliverForm,
    DispatchForm,
    OfferingForm,
    OrderForm,
    RatingForm,
    ReasonForm,
    ScheduleForm,
    WithdrawForm,
)
from .models import ACCEPT_WITHIN, LectureField, LectureOffering, LectureOrder
from .workflows import OFFERING, OFFERING_EDITABLE, ORDER


def _int(value: str | None) -> int | None:
    value = (value or "").strip()
    return int(value) if value.isascii() and value.isdigit() and len(value) < 10 else None


def _committees():
    return Committee.objects.order_by("order", "pk")


# --- public ----------------------------------------------------------------------------------
class MenuView(ListView):
    """The public menu, by field and 旗区."""

    template_name = "lectures/menu.html"
    context_object_name = "offerings"
    paginate_by = 12

    def get_queryset(self):
        field = self.request.GET.get("field", "")
        self.field = field if field in LectureField.values else ""
        self.committee_id = _int(self.request.GET.get("committee"))
        return sel.public_menu(field=self.field, committee_id=self.committee_id)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(
            fields=LectureField.choices,
            committees=_committees(),
            field=self.field,
            committee_id=self.committee_id,
            query_string=query.urlencode(),
        )
        return context


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


# --- members: 我的讲堂 -------------------------------------------------------------------------
class MyLecturesView(MemberOnlyMixin, TemplateView):
    template_name = "lectures/mine.html"
    permission_required = "lectures.offer"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["offerings"] = list(sel.my_offerings(member=self.member))
        context["orders"] = list(sel.my_orders(member=self.member)[:50])
        context["now"] = timezone.now()
        return context


class OfferingFormView(MemberOnlyMixin, FormView):
    form_class = OfferingForm
    template_name = "lectures/offering_form.html"
    permission_required = "lectures.offer"
    offering = None

    def form_valid(self, form):
        try:
            offering = services.offering_save(
                by=self.request.user,
                member=self.member,
                offering=self.offering,
                **form.cleaned_data,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        except TransitionError as exc:  # submitted meanwhile (another tab)
            messages.error(self.request, exc.message)
            return redirect("lectures:mine")
        if self.request.POST.get("action") == "submit":
            try:
                services.offering_submit(offering=offering, by=self.request.user)
            except (ValidationError, TransitionError) as exc:
                messages.error(self.request, " ".join(getattr(exc, "messages", [str(exc)])))
            else:
                messages.success(self.request, _("已提交，等待工作人员审核上架。"))
        else:
            messages.success(self.request, _("草稿已保存。"))
        return redirect("lectures:offering_detail", pk=offering.pk)


class OfferingCreateView(OfferingFormView):
    extra_context = {"title": gettext_lazy("发布讲题")}


class OfferingUpdateView(OfferingFormView):
    extra_context = {"title": gettext_lazy("修改讲题")}

    def dispatch(self, request, *args, **kwargs):
        member = getattr(request.user, "member", None) if request.user.is_authenticated else None
        if member is not None:
            self.offering = get_object_or_404(
                LectureOffering.objects.filter(member=member), pk=kwargs["pk"]
            )
            if self.offering.status not in OFFERING_EDITABLE:
                messages.error(request, _("待审核或已上架的讲题不能修改，请先下架。"))
                return redirect("lectures:offering_detail", pk=self.offering.pk)
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        o = self.offering
        return {name: getattr(o, name) for name in services.OFFERING_FIELDS}


@method_decorator(never_cache, name="dispatch")
class OfferingDetailView(RecordViewMixin, TemplateView):
    """One offering: its author (drafts too) and staff in scope."""

    template_name = "lectures/offering_detail.html"
    permission_required = "lectures.view_offering"
    record_name = "offering"

    def record_queryset(self, user):
        return sel.offering_detail(user=user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        offering = self.offering
        user = self.request.user
        member = getattr(user, "member", None)
        is_author = member is not None and offering.member_id == member.pk
        context.update(
            offering=offering,
            is_author=is_author,
            can_edit=is_author and offering.status in OFFERING_EDITABLE,
            actions=OFFERING.allowed_actions(offering, user),
        )
        context.setdefault("reject_form", ReasonForm(prefix="reject"))
        return context


class OfferingDeskView(PermissionRequiredMixin, QueryStringMixin, ListView):
    """Staff's review of the menu: opens on the offerings waiting for review; ``?status=`` for
    the others ("全部" is an empty status)."""

    permission_required = "lectures.view_desk"
    template_name = "lectures/offering_desk.html"
    context_object_name = "offerings"
    paginate_by = 20

    def get_queryset(self):
        status = self.request.GET.get("status", LectureOffering.Status.SUBMITTED)
        self.status = status if status in LectureOffering.Status.values else ""
        qs = sel.offering_desk(user=self.request.user)
        return qs.filter(status=self.status) if self.status else qs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["status"] = self.status
        context["statuses"] = [
            c for c in LectureOffering.Status.choices if c[0] != LectureOffering.Status.DRAFT
        ]
        return context


_offering_step = partial(service_step, record="offering")

OFFERING_STEPS: dict[str, Step] = {
    "submit": _offering_step(
        None, services.offering_submit, gettext_lazy("已提交，等待工作人员审核上架。")
    ),
    "approve": _offering_step(
        None, services.offering_approve, gettext_lazy("已上架，群众可以在委员讲堂菜单中点单了。")
    ),
    "reject": _offering_step(
        ReasonForm, services.offering_reject, gettext_lazy("已退回委员修改。")
    ),
    "withdraw": _offering_step(None, services.offering_withdraw, gettext_lazy("已下架。")),
}


class OfferingActionView(OfferingDetailView):
    http_method_names = ["post"]

    def post(self, request, pk, action):
        step = OFFERING_STEPS.get(action)
        if step is None:
            raise Http404
        OFFERING.check_actor(self.offering, action, request.user)
        form = step.form(request.POST, prefix=action) if step.form is not None else None
        again = run_step(request, step, self.offering, form, lambda f: self._again(action, f))
        return again or redirect("lectures:offering_detail", pk=pk)

    def _again(self, action, form):
        context = self.get_context_data(**{f"{action}_form": form})
        return self.render_to_response(context, status=400)


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
