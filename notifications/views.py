"""The notification centre: a signed-in user's own notices (list, open, mark read) and their
e-mail settings. Every role has it; nobody sees another's notices (404)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import ListView, TemplateView

from . import selectors, services
from .forms import EmailSettingsForm, NoticeFilterForm
from .models import Notification

if TYPE_CHECKING:  # ListView is generic only in django-stubs, not at run time
    _NoticeListBase = ListView[Notification]
else:
    _NoticeListBase = ListView


def _back_to_list(request: HttpRequest) -> HttpResponseRedirect:
    """Back to the list as the user filtered it (a relative path of this site only)."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect("notifications:list")


@method_decorator(never_cache, name="dispatch")
class NoticeListView(LoginRequiredMixin, _NoticeListBase):
    template_name = "notifications/list.html"
    context_object_name = "notices"
    paginate_by = 20

    def get_queryset(self) -> QuerySet[Notification]:
        self.filter_form = NoticeFilterForm(self.request.GET or None)
        unread, kind = False, ""
        if self.filter_form.is_valid():
            unread = self.filter_form.cleaned_data["unread"]
            kind = self.filter_form.cleaned_data["kind"]
        return selectors.notices_for(user=self.request.user, unread=unread, kind=kind)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["filter_form"] = self.filter_form
        context["filtered"] = bool(self.request.GET.get("unread") or self.request.GET.get("kind"))
        context["here"] = self.request.get_full_path()
        return context


class NoticeOpenView(LoginRequiredMixin, View):
    """Opening a notice marks it read and goes to what it is about."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        notice = selectors.notice_for(user=request.user, pk=pk)
        services.notice_mark_read(notice=notice)
        link = notice.link
        if link and url_has_allowed_host_and_scheme(link, allowed_hosts={request.get_host()}):
            return redirect(link)
        return redirect("notifications:list")


class NoticeReadView(LoginRequiredMixin, View):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        notice = selectors.notice_for(user=request.user, pk=pk)
        services.notice_mark_read(notice=notice)
        return _back_to_list(request)


class NoticeReadAllView(LoginRequiredMixin, View):
    def post(self, request: HttpRequest) -> HttpResponse:
        count = services.notices_mark_all_read(user=request.user)
        if count:
            messages.success(request, _("已将 %(n)s 条通知标为已读。") % {"n": count})
        else:
            messages.info(request, _("没有未读通知。"))
        return _back_to_list(request)


@method_decorator(never_cache, name="dispatch")
class NoticeSettingsView(LoginRequiredMixin, TemplateView):
    """Which kinds of notice also come by e-mail."""

    template_name = "notifications/settings.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.setdefault(
            "form",
            EmailSettingsForm(opted_out=selectors.email_opt_outs(user=self.request.user)),
        )
        return context

    def post(self, request: HttpRequest) -> HttpResponse:
        form = EmailSettingsForm(
            request.POST, opted_out=selectors.email_opt_outs(user=request.user)
        )
        if not form.is_valid():  # check boxes cannot be invalid; kept for safety
            return self.render_to_response(self.get_context_data(form=form), status=400)
        services.email_opt_outs_set(user=request.user, kinds=form.opted_out())
        messages.success(request, _("通知设置已保存。"))
        return redirect("notifications:settings")
