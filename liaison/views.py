"""Pages for liaison activities (members log, staff confirm, the public feed) and the
performance ledger (履职档案, ranking, annual evaluation)."""

from __future__ import annotations

import re
from functools import partial

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms.models import model_to_dict
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import FormView, ListView, TemplateView
from django_filters.views import FilterView
from rules.contrib.views import PermissionRequiredMixin

from core.access import RecordViewMixin
from core.forms import add_service_errors
from core.http import private_file_response
from core.pagination import CappedPaginator
from core.views import QueryStringMixin, Step, run_posted_form, run_step, service_step
from members.views import (
    MemberDraftFormView,
    MemberDraftMixin,
    MemberDraftSubmitView,
    MemberDraftUpdateMixin,
    MemberOnlyMixin,
)
from org.filters import VisibleCommitteesFilterViewMixin
from org.views import ChangeableCommitteesMixin
from workstations.forms import MatterForm

from . import selectors as sel
from . import services as services
from .filters import ActivityFilter
from .forms import (
    ActivityForm,
    CommentForm,
    OrganiseForm,
    ReasonForm,
)
from .models import SINGLE_CHARACTER_WINDOW, Activity, ActivityPhoto
from .workflows import ACTIVITY, EDITABLE


# --- members ---------------------------------------------------------------------------------
class MyActivityListView(MemberOnlyMixin, ListView):
    template_name = "liaison/mine.html"
    context_object_name = "activities"
    paginate_by = 20

    def get_queryset(self):
        queue = self.request.GET.get("queue", "")
        self.queue = queue if queue in sel.MEMBER_QUEUES else ""  # anything else: the whole list
        return sel.MEMBER_QUEUES.get(self.queue, sel.my_activities)(member=self.member)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["queue"] = self.queue
        return context


class ActivityDraftMixin(MemberDraftMixin):
    draft_name = "activity"
    detail_url = "liaison:activity_detail"
    list_url = "liaison:activity_mine"

    def own_drafts(self):
        return sel.activity_detail(user=self.request.user).filter(reporter=self.member)


class ActivityFormView(ActivityDraftMixin, MemberDraftFormView):
    form_class = ActivityForm
    template_name = "liaison/form.html"

    def draft_save(self, data):
        token = data.pop("token", "") or None
        activity = self.get_draft()
        return services.activity_save(
            by=self.request.user,
            reporter=self.member,
            activity=activity,
            dedupe_token=token if activity is None else None,
            photos=data.pop("photos"),
            **data,
        )

    def draft_submit(self, draft):
        activity = Activity.objects.get(pk=draft.pk)
        if ACTIVITY.can(activity, "submit"):
            services.activity_submit(activity=activity, by=self.request.user)
        return _("已提交，等待工作人员确认。")

    def refused_url(self, draft):
        return reverse(self.list_url)


class ActivityCreateView(ActivityFormView):
    extra_context = {"title": gettext_lazy("填报联系群众活动")}


class ActivityUpdateView(MemberDraftUpdateMixin, ActivityFormView):
    extra_context = {"title": gettext_lazy("修改联系群众活动")}
    not_editable = gettext_lazy("已提交或已确认的活动不能修改。")

    def is_editable(self, draft):
        return draft.status in EDITABLE

    def get_initial(self):
        a = self.activity
        # the fields the service writes (one list: services.ACTIVITY_FIELDS), foreign keys as pks
        initial = model_to_dict(a, fields=services.ACTIVITY_FIELDS)
        initial["co_members"] = [
            p.member_id for p in a.participants.all() if p.member_id != a.reporter_id
        ]
        initial["opinions"] = [o.pk for o in a.opinions.all()]
        return initial


class ActivityMixin(RecordViewMixin):
    """One activity: the role first (login, 403), then the user's scope (404)."""

    permission_required = "liaison.view_activity"
    record_name = "activity"

    def record_queryset(self, user):
        return sel.activity_detail(user=user)


@method_decorator(never_cache, name="dispatch")
class ActivityDetailView(ActivityMixin, TemplateView):
    template_name = "liaison/detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        activity = self.activity
        user = self.request.user
        member = getattr(user, "member", None)
        is_reporter = member is not None and activity.reporter_id == member.pk
        # the buttons: what the transition table lets this user do now
        actions = ACTIVITY.allowed_actions(activity, user)
        context.update(
            activity=activity,
            is_reporter=is_reporter,
            can_edit=is_reporter and activity.status in EDITABLE,
            actions=actions,
        )
        if is_reporter and activity.status != Activity.Status.DRAFT:
            context.setdefault("matter_form", MatterForm(prefix="matter"))
        for action, step in STAFF_ACTIONS.items():
            if action in actions and step.form is not None:
                context.setdefault(f"{action}_form", step.form(prefix=action))
        return context


class ActivitySubmitView(ActivityDraftMixin, MemberDraftSubmitView):
    incomplete_url = "liaison:activity_detail"
    submitted = gettext_lazy("已提交，等待工作人员确认。")

    def own_drafts(self):
        return Activity.objects.filter(reporter=self.member)

    def draft_submit(self, draft):
        services.activity_submit(activity=draft, by=self.request.user)


class ActivityMatterView(MemberOnlyMixin, View):
    """A matter raised by the public during the activity → a 社情民意 item in one step."""

    http_method_names = ["post"]

    def post(self, request, pk):

        activity = get_object_or_404(Activity.objects.filter(reporter=self.member), pk=pk)
        run_posted_form(
            request,
            MatterForm(request.POST, prefix="matter"),
            lambda data: services.activity_add_opinion(activity=activity, by=request.user, **data),
            lambda opinion: (
                _("已转为社情民意信息，查询码 %(code)s。") % {"code": opinion.tracking_code}
            ),
        )
        return redirect("liaison:activity_detail", pk=pk)


@method_decorator(never_cache, name="dispatch")
class ActivityPhotoView(View):
    """Photos are served only through here: to whoever may open the activity, and to everyone
    once staff published it."""

    def get(self, request, token):
        photo = get_object_or_404(
            ActivityPhoto.objects.select_related("activity"), token=token[:32]
        )
        activity = photo.activity
        public = activity.is_public and activity.status == Activity.Status.CONFIRMED
        if (
            not public
            and not sel.activity_detail(user=request.user).filter(pk=activity.pk).exists()
        ):
            raise Http404
        return private_file_response(photo.file, content_type=photo.content_type, public=public)


# --- staff -----------------------------------------------------------------------------------
class ActivityDeskView(
    PermissionRequiredMixin, VisibleCommitteesFilterViewMixin, QueryStringMixin, FilterView
):
    permission_required = "liaison.view_activity_desk"
    filterset_class = ActivityFilter
    template_name = "liaison/desk.html"
    paginate_by = 20
    context_object_name = "activities"
    count_cap = 10_000
    # As the opinions desk: a keyword's rows are checked one by one, and so are a 界别's (each
    # activity's participants are probed).
    search_count_cap = 500

    def get_filterset_kwargs(self, filterset_class):
        """Without a status in the query (the menu's link, the dashboard's tile), the desk
        opens on the activities waiting for confirmation; "全部" is an empty status."""
        kwargs = super().get_filterset_kwargs(filterset_class)
        if "status" not in self.request.GET:
            kwargs["data"] = {**self.request.GET.dict(), "status": Activity.Status.SUBMITTED}
        return kwargs

    def get_queryset(self):
        if "status" not in self.request.GET:
            return sel.activities_awaiting_confirmation(user=self.request.user)
        return sel.activity_desk(user=self.request.user)

    def get_paginator(self, queryset, per_page, orphans=0, allow_empty_first_page=True, **kwargs):
        """Counted no further than a cap; each page's ids first, then their rows with the
        participant count (``core.pagination``). A keyword's count and page walk the ordered
        index for a common word, ask the title's pair index for a rare one (``core.search``)."""
        term = self.filterset.keyword()
        return CappedPaginator(
            queryset,
            per_page,
            cap=self.search_count_cap if term or self.filterset.sector_asked() else self.count_cap,
            list_queryset=self.filterset.listing if len(term) >= 2 else None,
            orphans=orphans,
            allow_empty_first_page=allow_empty_first_page,
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if len(self.filterset.keyword()) == 1:
            context["single_character_window"] = f"{SINGLE_CHARACTER_WINDOW:,}"
        return context


def _attendance_ids(request, activity: Activity, name: str) -> set[int]:
    # ASCII digits only: "²".isdigit() is true, but int("²") raises.
    ids = {p.member_id for p in activity.participants.all()}
    values = request.POST.getlist(name)
    return {int(v) for v in values if re.fullmatch(r"[0-9]{1,18}", v)} & ids


PUBLIC_SAVED = gettext_lazy("已更新公开展示设置。")
_step = partial(service_step, record="activity")

STAFF_ACTIONS: dict[str, Step] = {
    "confirm": _step(
        CommentForm,
        services.activity_confirm,
        gettext_lazy("已确认，积分已记入参加委员的履职档案。"),
    ),
    "return": _step(ReasonForm, services.activity_return, gettext_lazy("已退回委员修改。")),
    "unconfirm": _step(
        ReasonForm, services.activity_unconfirm, gettext_lazy("已撤销确认，相应积分已冲销。")
    ),
    "publish": _step(None, services.activity_set_public, PUBLIC_SAVED, public=True),
    "unpublish": _step(None, services.activity_set_public, PUBLIC_SAVED, public=False),
    "attendance": Step(
        None,
        lambda request, activity, data: services.activity_set_attendance(
            activity=activity,
            by=request.user,
            attended=_attendance_ids(request, activity, "attended"),
            excused=_attendance_ids(request, activity, "excused"),
        ),
        gettext_lazy("出席情况已保存。"),
    ),
}


class ActivityActionView(ActivityDetailView):
    """Staff's actions on one activity, driven by the transition table: the role before any
    lookup (403), the activity in scope (404), the row's permission on it (403), then the
    service; a state the row does not start from is a message, bad input the form again."""

    http_method_names = ["post"]
    post_permission = "liaison.view_activity_desk"  # the office (the desk's role)

    def post(self, request, pk, action):
        activity = self.activity
        step = STAFF_ACTIONS.get(action)
        if step is None:
            raise Http404
        ACTIVITY.check_actor(activity, action, request.user)
        form = step.form(request.POST, prefix=action) if step.form is not None else None
        again = run_step(request, step, activity, form, lambda f: self._again(action, f))
        return again or redirect("liaison:activity_detail", pk=pk)

    def _again(self, action, form):
        context = self.get_context_data(**{f"{action}_form": form})
        return self.render_to_response(context, status=400)


class ActivityOrganiseView(PermissionRequiredMixin, ChangeableCommitteesMixin, FormView):
    permission_required = "liaison.organise_activity"
    form_class = OrganiseForm
    template_name = "liaison/organise.html"

    def form_valid(self, form):
        data = dict(form.cleaned_data)
        try:
            activity = services.activity_organise(by=self.request.user, **data)
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("活动已登记，请核对出席情况后确认。"))
        return redirect("liaison:activity_detail", pk=activity.pk)


# --- public ----------------------------------------------------------------------------------
class PublicFeedView(ListView):
    template_name = "liaison/feed.html"
    context_object_name = "activities"
    paginate_by = 12

    def get_queryset(self):
        return sel.public_feed()
