"""The review desk: the inbox, export, bulk actions, one opinion with its actions (driven by
``opinions.workflows.OPINION``), revealing contacts, staff entry, attachments."""

from __future__ import annotations

import rules
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import DetailView, FormView
from django_filters.views import FilterView
from rules.contrib.views import PermissionRequiredMixin

from core.access import ScopedObjectMixin
from core.exports import FORMATS
from core.forms import add_service_errors
from core.http import private_file_response
from core.pagination import CappedPaginator
from core.views import form_errors_to_messages
from exports.services import over_sync_limit
from exports.views import export_later
from org.filters import VisibleCommitteesFilterViewMixin
from org.views import ChangeableCommitteesMixin

from .. import exports, forms, selectors, services, tasks
from ..filters import OpinionFilter
from ..models import SINGLE_CHARACTER_WINDOW, Attachment, search_term
from ..services import TransitionError
from ..workflows import FORWARDING
from .actions import DESK_ACTIONS, action_forms_for


# --- review desk -----------------------------------------------------------------------------
class DeskMixin(PermissionRequiredMixin):
    permission_required = "opinions.view_desk"


class InboxView(DeskMixin, VisibleCommitteesFilterViewMixin, FilterView):
    """The desk's list, newest first. It counts no further than a cap and pages through the
    first rows up to it (``core.pagination``); past the cap it asks to narrow the filter. A
    text search has a lower cap: its rows are checked one by one (``OpinionQuerySet.search``)."""

    filterset_class = OpinionFilter
    template_name = "opinions/desk/inbox.html"
    paginate_by = 20
    context_object_name = "opinions"
    count_cap = 10_000
    search_count_cap = 500

    def get_queryset(self):
        return selectors.desk_opinions(user=self.request.user)

    def search_term(self) -> str:
        return search_term(getattr(self.filterset.form, "cleaned_data", {}).get("q") or "")

    def get_paginator(self, queryset, per_page, orphans=0, allow_empty_first_page=True, **kwargs):
        term = self.search_term()
        return CappedPaginator(
            queryset,
            per_page,
            cap=self.search_count_cap if term else self.count_cap,
            list_queryset=self.search_listing if len(term) >= 2 else None,
            orphans=orphans,
            allow_empty_first_page=allow_empty_first_page,
        )

    def search_listing(self, rows: int):
        """The same list for reading its first ``rows`` (the page's, or the count's cap + 1): a
        common word walks the ordered index, a rare one asks the pair index (``core.search``)."""
        return self.filterset.listing(rows)

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        kwargs["user"] = self.request.user
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        query = self.request.GET.copy()
        query.pop("page", None)
        context["query_string"] = query.urlencode()
        if len(self.search_term()) == 1:
            context["single_character_window"] = f"{SINGLE_CHARACTER_WINDOW:,}"
        if user.committee_id:
            context["bulk_form"] = forms.BulkForm(
                staff=selectors.assignable_staff(committee_id=user.committee_id)
            )
        return context


class ExportView(DeskMixin, View):
    """The desk's filtered list as CSV/XLSX, contacts masked as on the desk. ``?contacts=1`` asks
    for full contacts: it needs ``opinions.export_contacts`` (403 without it), applies to the rows
    of committees the user may change, and the audit entry lists those rows. A list longer than
    ``EXPORT_SYNC_MAX_ROWS`` becomes an export job: the user is sent to 导出任务 and told when
    the file is ready."""

    def get(self, request, fmt):
        if fmt not in FORMATS:
            raise Http404
        include_contacts = request.GET.get("contacts") == "1"
        if include_contacts and not request.user.has_perm("opinions.export_contacts"):
            raise PermissionDenied
        opinions, listed = exports.desk_querysets(
            user=request.user, data=request.GET, rows=settings.EXPORT_SYNC_MAX_ROWS
        )
        if over_sync_limit(listed):  # counted the way its first rows are found
            return export_later(
                request,
                kind=exports.KIND,
                title=_("社情民意审核列表"),
                fmt=fmt,
                params=dict(request.GET.lists()),
                permission=exports.PERMISSION,
                task=tasks.desk_export_task.delay,
            )
        return exports.desk_export_response(
            listed,
            fmt=fmt,
            user=request.user,
            include_contacts=include_contacts,
            request=request,
        )


class BulkView(DeskMixin, View):
    def post(self, request):
        user = request.user
        if not user.committee_id and not user.is_superuser:
            raise PermissionDenied
        staff = selectors.assignable_staff(committee_id=user.committee_id)
        form = forms.BulkForm(request.POST, staff=staff)
        if not form.is_valid():
            form_errors_to_messages(request, form)
            return redirect(self._back(request))
        opinions = list(selectors.desk_opinions(user=user).filter(pk__in=form.cleaned_data["ids"]))
        if form.cleaned_data["action"] == "assign":
            done = services.opinions_bulk_assign(
                opinions=opinions, by=user, assignee=form.cleaned_data["assignee"]
            )
        else:
            done = services.opinions_bulk_spam(opinions=opinions, by=user)
        skipped = len(opinions) - done
        messages.success(
            request,
            _("已处理 %(done)s 条。") % {"done": done}
            + (_("另有 %(n)s 条因状态或权限未处理。") % {"n": skipped} if skipped else ""),
        )
        return redirect(self._back(request))

    @staticmethod
    def _back(request):
        nxt = request.POST.get("next", "")
        return reverse("opinions:inbox") + (nxt if nxt.startswith("?") else "")


@method_decorator(never_cache, name="dispatch")
class DeskDetailView(ScopedObjectMixin, DeskMixin, DetailView):
    """The role first (``opinions.view_desk``: login, 403), then the desk's scope (404)."""

    template_name = "opinions/desk/detail.html"
    context_object_name = "opinion"

    def get_queryset(self):
        return selectors.desk_detail(user=self.request.user)

    def http_method_not_allowed(self, request, *args, **kwargs):
        self.get_object()  # a POST-only record URL: the scope (404) before the method (405)
        return super().http_method_not_allowed(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        opinion = self.object
        user = self.request.user
        context.setdefault("action_forms", action_forms_for(opinion, user))
        context["can_reveal"] = user.has_perm("opinions.reveal_contact", opinion)
        context["similar"] = selectors.similar_opinions(opinion=opinion)
        forwardings = list(selectors.desk_forwardings(opinion=opinion))
        can_handle = user.has_perm("opinions.handle_opinion", opinion)
        for forwarding in forwardings:
            forwarding.decision_form = forwarding.waive_form = None
            if can_handle and FORWARDING.can(forwarding, "accept_return"):
                forwarding.decision_form = forms.ReturnDecisionForm(prefix=f"ret{forwarding.pk}")
            if can_handle and FORWARDING.can(forwarding, "waive_opinion"):
                forwarding.waive_form = forms.WaiveCoOpinionForm(prefix=f"waive{forwarding.pk}")
            for reply in forwarding.replies.all():
                reply.review_form = reply.accept_blocked = None
                if (
                    can_handle
                    and reply.review == "pending"
                    and FORWARDING.can(forwarding, "reject_reply")
                ):
                    reply.review_form = forms.ReplyReviewForm(
                        prefix=f"rev{reply.pk}", initial={"public_reply": reply.text}
                    )
                    # the lead's reply waits for the co-handlers' 协办意见 (the table's guard)
                    reply.accept_blocked = FORWARDING.refusal(forwarding, "accept_reply")
        context["forwardings"] = forwardings
        return context


class DeskActionView(DeskDetailView):
    http_method_names = ["post"]

    def post(self, request, pk, action):
        if action not in DESK_ACTIONS:
            raise Http404
        self.object = opinion = self.get_object()
        if not request.user.has_perm("opinions.handle_opinion", opinion):
            raise PermissionDenied
        action_forms = action_forms_for(opinion, request.user, data=request.POST, action=action)
        form = action_forms.get(action)
        if form is None:
            messages.error(
                request,
                _("该建言的当前状态（%(status)s）不允许此操作，可能已被他人处理。")
                % {"status": opinion.get_status_display()},
            )
            return redirect("opinions:desk_detail", pk=opinion.pk)
        if form.is_valid():
            try:
                DESK_ACTIONS[action].perform(opinion, request.user, form.cleaned_data)
            except TransitionError as exc:
                messages.error(request, exc.message)
                return redirect("opinions:desk_detail", pk=opinion.pk)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("操作已完成。"))
                return redirect("opinions:desk_detail", pk=opinion.pk)
        context = self.get_context_data(object=opinion, action_forms=action_forms)
        context["open_action"] = action
        return self.render_to_response(context, status=400)


@method_decorator(never_cache, name="dispatch")
class RevealView(DeskDetailView):
    """POST: show the submitter's contact details to the handler, and log it."""

    http_method_names = ["post"]

    def post(self, request, pk):
        self.object = opinion = self.get_object()
        if not request.user.has_perm("opinions.reveal_contact", opinion):
            raise PermissionDenied
        revealed = services.opinion_reveal_contact(
            opinion=opinion, by=request.user, request=request
        )
        self.object = self.get_object()  # the timeline now shows the reveal
        context = self.get_context_data(object=self.object)
        context["revealed"] = revealed
        return self.render_to_response(context)


class StaffEntryView(PermissionRequiredMixin, ChangeableCommitteesMixin, FormView):
    permission_required = "opinions.enter_opinion"
    form_class = forms.StaffEntryForm
    template_name = "opinions/desk/entry.html"

    def form_valid(self, form):
        data = dict(form.cleaned_data)
        try:
            opinion, key = services.opinion_enter_on_behalf(
                by=self.request.user,
                channel=data["channel"],
                comment=data["comment"],
                **forms.matter_kwargs(data),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("已录入，查询码 %(code)s，查询密码 %(key)s。请告知反映人妥善保存（只显示这一次）。")
            % {"code": opinion.tracking_code, "key": key},
        )
        return redirect("opinions:desk_detail", pk=opinion.pk)


@method_decorator(never_cache, name="dispatch")
class AttachmentView(View):
    """Attachments are served only through here: to the committee's office (in scope) and to the
    member who wrote the item."""

    def get(self, request, token):
        attachment = get_object_or_404(
            Attachment.objects.select_related("opinion", "opinion__author"), token=token[:32]
        )
        # Outside the user's reach it does not exist (404), like every scoped object. The rule
        # itself, not user.has_perm, which says yes to any superuser: a draft is its author's alone.
        if not rules.has_perm("opinions.download_attachment", request.user, attachment.opinion):
            raise Http404
        return private_file_response(
            attachment.file,
            content_type=attachment.content_type,
            filename=attachment.original_name,
            download=not attachment.is_image,
        )
