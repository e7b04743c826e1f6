"""Forwarding: the office's decisions on return requests and replies, overdue forwardings,
department statistics, and the department desk (driven by ``opinions.workflows.FORWARDING``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import rules
from django import forms as django_forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.decorators import method_decorator
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import DetailView, ListView, TemplateView
from rules.contrib.views import PermissionRequiredMixin

from core.access import ScopedObjectMixin, get_object_for
from core.http import private_file_response
from core.views import run_posted_form

from .. import forms, selectors, services
from ..models import Forwarding, Reply, ReplyDocument
from ..services import TransitionError
from ..workflows import FORWARDING


@dataclass(frozen=True)
class DepartmentStep:
    """A step the department takes on its page: the row of ``opinions.workflows.FORWARDING``,
    the form it needs (and its context name), the service, the message once done."""

    action: str
    form: type[django_forms.Form] | None
    form_name: str
    perform: Callable[[Forwarding, Any, dict], object]
    done: Promise


# The POST's ``action`` → the step (the page's buttons are the steps ``FORWARDING.can`` allows).
DEPARTMENT_STEPS = {
    "sign": DepartmentStep(
        "sign",
        None,
        "",
        lambda f, by, d: services.forwarding_sign(forwarding=f, by=by),
        gettext_lazy("已签收。"),
    ),
    "return": DepartmentStep(
        "request_return",
        forms.ReturnRequestForm,
        "return_form",
        lambda f, by, d: services.forwarding_request_return(
            forwarding=f, by=by, reason=d["reason"]
        ),
        gettext_lazy("已提交退回申请，等待政协机关审核。"),
    ),
    "reply": DepartmentStep(
        "reply",
        forms.DepartmentReplyForm,
        "reply_form",
        lambda f, by, d: services.forwarding_reply(forwarding=f, by=by, **d),
        gettext_lazy("答复已提交，等待政协机关审核。"),
    ),
    "opinion": DepartmentStep(
        "give_opinion",
        forms.CoOpinionForm,
        "opinion_form",
        lambda f, by, d: services.forwarding_give_opinion(forwarding=f, by=by, text=d["text"]),
        gettext_lazy("协办意见已提交主办单位。"),
    ),
}


# --- staff: forwarding decisions and reply review --------------------------------------------
class DeskDecisionView(PermissionRequiredMixin, View):
    """A small form the office posts from an item's desk page about one of its forwardings or
    replies: the desk role first (login, 403; a GET is then a 405 without any lookup), the record
    in the user's scope (404), then the form through the service (``run_posted_form``) and back
    to the item's page."""

    permission_required = "opinions.view_desk"
    form_class: type[django_forms.Form]
    prefix: str  # the form's prefix on the desk page, followed by the record's pk
    done: Promise

    def get_queryset(self):
        raise NotImplementedError

    def perform(self, record, data: dict) -> object:
        raise NotImplementedError

    def opinion_id(self, record) -> int:
        return record.opinion_id

    def post(self, request, pk):
        record = get_object_for(  # the role was checked by the mixin; 404 outside the scope
            request.user, self.get_queryset(), perm=None, pk=pk
        )
        run_posted_form(
            request,
            self.form_class(request.POST, prefix=f"{self.prefix}{pk}"),
            lambda data: self.perform(record, data),
            self.done,
        )
        return redirect("opinions:desk_detail", pk=self.opinion_id(record))


class ForwardingDecisionView(DeskDecisionView):
    """Staff: accept/refuse a department's return request (申退)."""

    form_class = forms.ReturnDecisionForm
    prefix = "ret"
    done = gettext_lazy("已处理退回申请。")

    def get_queryset(self):
        return Forwarding.objects.visible_to(self.request.user).select_related("opinion")

    def perform(self, record, data):
        return services.forwarding_decide_return(
            forwarding=record,
            by=self.request.user,
            accept=data["decision"] == "accept",
            comment=data["comment"],
        )


class CoOpinionWaiveView(DeskDecisionView):
    """Staff: let the lead's reply go out without a co-handler's 协办意见 (with a reason)."""

    form_class = forms.WaiveCoOpinionForm
    prefix = "waive"
    done = gettext_lazy("已记录免予协办意见。")

    def get_queryset(self):
        return Forwarding.objects.visible_to(self.request.user).select_related(
            "opinion", "department"
        )

    def perform(self, record, data):
        return services.forwarding_waive_opinion(
            forwarding=record, by=self.request.user, reason=data["comment"]
        )


class ReplyReviewView(DeskDecisionView):
    """Staff: accept a department's reply or send it back (答复审核)."""

    form_class = forms.ReplyReviewForm
    prefix = "rev"
    done = gettext_lazy("已审核答复。")

    def get_queryset(self):
        return Reply.objects.filter(
            forwarding__in=Forwarding.objects.visible_to(self.request.user)
        ).select_related("forwarding")

    def perform(self, record, data):
        return services.reply_review(
            reply=record,
            by=self.request.user,
            accept=data["decision"] == "accept",
            comment=data["comment"],
            public_reply=data["public_reply"] or None,
        )

    def opinion_id(self, record):
        return record.forwarding.opinion_id


class ReplyDocumentView(View):
    """A reply letter, served only through here: to the department that wrote it and to the
    office that sees the item (everyone else: 404, the token is the lookup)."""

    def get(self, request, token):
        document = get_object_or_404(
            ReplyDocument.objects.select_related("reply__forwarding__opinion"), token=token[:32]
        )
        if not rules.has_perm("opinions.download_reply_document", request.user, document):
            raise Http404
        return private_file_response(
            document.file,
            content_type=document.content_type,
            filename=document.original_name,
            download=not document.is_image,
        )


class OverdueView(PermissionRequiredMixin, ListView):
    permission_required = "opinions.view_overdue"
    template_name = "opinions/overdue.html"
    context_object_name = "forwardings"
    paginate_by = 30
    title = gettext_lazy("超期未答复的转办件")
    empty = gettext_lazy("没有超期的转办件。")

    def get_queryset(self):
        return selectors.overdue_forwardings(user=self.request.user)

    def get_context_data(self, **kwargs):
        # Each item opens the page its viewer has: the review desk for the office, the 批示 page
        # (the item, its handling and the instruction form) for a leader.
        user = self.request.user
        item_url = (
            "opinions:desk_detail"
            if rules.has_perm("opinions.view_desk", user)
            else "opinions:instruction"
            if rules.has_perm("opinions.give_instructions", user)
            else None
        )
        return super().get_context_data(
            title=self.title, empty=self.empty, item_url=item_url, **kwargs
        )


# The office's forwarding queues (dashboards.queues): slug → selector, heading, empty line.
FORWARDING_QUEUE_PAGES = {
    "replies": (
        selectors.FORWARDING_QUEUES["replies"],
        gettext_lazy("答复待审核"),
        gettext_lazy("没有待审核的答复。"),
    ),
    "returns": (
        selectors.FORWARDING_QUEUES["returns"],
        gettext_lazy("承办单位退回申请"),
        gettext_lazy("没有待处理的退回申请。"),
    ),
}


class ForwardingQueueView(OverdueView):
    """答复待审核 / 退回申请: the forwardings waiting for the office's decision, each opening the
    desk page where the reply is reviewed or the return decided."""

    permission_required = "opinions.view_desk"

    def dispatch(self, request, *args, **kwargs):
        page = FORWARDING_QUEUE_PAGES.get(kwargs["queue"])
        if page is None:
            raise Http404
        self.queue, self.title, self.empty = page
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return self.queue(user=self.request.user)


class DepartmentStatsView(PermissionRequiredMixin, TemplateView):
    permission_required = "opinions.view_department_stats"
    template_name = "opinions/department_stats.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["rows"] = rows = selectors.department_stats(
            user=self.request.user, cache_seconds=settings.DEPARTMENT_STATS_CACHE_SECONDS
        )
        context["counted_at"] = rows[0]["counted_at"] if rows else None
        return context


# --- the department desk ---------------------------------------------------------------------
class DepartmentInboxView(PermissionRequiredMixin, ListView):
    permission_required = "opinions.department_desk"
    template_name = "opinions/dept/inbox.html"
    context_object_name = "forwardings"
    paginate_by = 20

    def show(self) -> str:
        show = self.request.GET.get("show", "open")
        return show if show in ("open", "all", *selectors.DEPARTMENT_QUEUES) else "open"

    def get_queryset(self):
        show = self.show()
        if show in selectors.DEPARTMENT_QUEUES:  # a tile of the department's home page
            return selectors.department_queue(user=self.request.user, queue=show)
        queryset = selectors.department_forwardings(user=self.request.user)
        if show == "open":
            return queryset.filter(status__in=Forwarding.OPEN_STATUSES).order_by("due_date", "pk")
        return queryset

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["show"] = self.show()
        return context


@method_decorator(never_cache, name="dispatch")
class DepartmentForwardingView(ScopedObjectMixin, PermissionRequiredMixin, DetailView):
    """The department role first (login, 403), then the forwardings to the user's own
    department (404)."""

    permission_required = "opinions.department_desk"
    template_name = "opinions/dept/detail.html"
    context_object_name = "forwarding"

    def get_queryset(self):
        return selectors.department_forwarding_detail(user=self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        forwarding = self.object
        if forwarding.role == Forwarding.Role.LEAD:
            context["co_forwardings"] = [
                f
                for f in forwarding.opinion.all_forwardings
                if f.role == Forwarding.Role.CO and f.status != Forwarding.Status.WITHDRAWN
            ]
        user = self.request.user
        context["actions"] = [
            name
            for name, step in DEPARTMENT_STEPS.items()
            if FORWARDING.can(forwarding, step.action, user)
        ]
        context.setdefault("reply_form", forms.DepartmentReplyForm())
        context.setdefault("return_form", forms.ReturnRequestForm())
        context.setdefault("opinion_form", forms.CoOpinionForm())
        return context

    def post(self, request, pk):
        self.object = forwarding = self.get_object()
        step = DEPARTMENT_STEPS.get(request.POST.get("action", ""))
        if step is None:
            raise Http404
        data = {}
        if step.form is not None:
            form = step.form(request.POST, request.FILES)
            if not form.is_valid():
                context = self.get_context_data(object=forwarding, **{step.form_name: form})
                return self.render_to_response(context, status=400)
            data = form.cleaned_data
        try:
            step.perform(forwarding, request.user, data)
        except TransitionError as exc:
            messages.error(request, exc.message)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, step.done)
        return redirect("opinions:dept_detail", pk=forwarding.pk)
