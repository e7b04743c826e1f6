from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import DetailView, FormView, TemplateView
from django_filters.views import FilterView
from rules.contrib.views import PermissionRequiredMixin

from core.access import RecordViewMixin
from core.forms import add_service_errors
from core.views import QueryStringMixin, run_posted_form
from core.workflow import TransitionError
from org.filters import VisibleCommitteesFilterViewMixin
from org.views import ChangeableCommitteesMixin

from . import selectors, services
from .filters import GridManagerFilter, MemberFilter
from .forms import ContactForm, MemberForm, PairingForm
from .models import GridManager, GridPairing, Member


class MemberDirectoryView(
    PermissionRequiredMixin, VisibleCommitteesFilterViewMixin, QueryStringMixin, FilterView
):
    permission_required = "members.view_member_directory"
    filterset_class = MemberFilter
    template_name = "members/member_list.html"
    paginate_by = 20
    context_object_name = "members"

    def get_queryset(self):
        return selectors.member_directory(user=self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_add"] = self.request.user.has_perm("members.add_member")
        return context


class MemberDetailView(PermissionRequiredMixin, DetailView):
    permission_required = "members.view_member_directory"
    template_name = "members/member_detail.html"
    context_object_name = "member"

    def get_permission_object(self):
        return None  # role check here; scope by the queryset (404 outside it)

    def get_queryset(self):
        return selectors.member_detail(user=self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        member = self.object
        user = self.request.user
        context["can_change"] = user.has_perm("members.change_member", member)
        if user.has_perm("members.change_pairing", member):
            context["pairing_form"] = PairingForm(
                grid_managers=selectors.grid_managers(user=user).filter(
                    committee_id=member.committee_id, is_active=True
                ),
                initial={"started_on": timezone.localdate()},
            )
        return context


class MemberFormMixin(ChangeableCommitteesMixin):
    form_class = MemberForm
    template_name = "members/member_form.html"

    def form_valid(self, form):
        data = dict(form.cleaned_data)
        expertise = data.pop("expertise", [])
        try:
            member = self.save(data=data, expertise=expertise)
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("已保存委员“%(name)s”的资料。") % {"name": member.name})
        return redirect("members:detail", pk=member.pk)


class MemberCreateView(PermissionRequiredMixin, MemberFormMixin, FormView):
    permission_required = "members.add_member"
    extra_context = {"title": gettext_lazy("新增委员")}

    def save(self, *, data, expertise):
        return services.member_create(by=self.request.user, expertise=expertise, **data)


class MemberUpdateView(RecordViewMixin, MemberFormMixin, FormView):
    permission_required = object_permission = "members.change_member"
    record_name = "member"

    def record_queryset(self, user):
        return selectors.member_detail(user=user)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.member
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = _("编辑委员资料")
        context["member"] = self.member
        return context

    def save(self, *, data, expertise):
        return services.member_update(
            member=self.member, by=self.request.user, expertise=expertise, **data
        )


class MemberOnlyMixin(PermissionRequiredMixin):
    """Pages of the signed-in member's own record (profile, activities, ledger, 社情民意 items,
    shifts): the one place that refuses an account without a member profile — a superuser passes
    every permission check but has no profile (a 500 without this)."""

    permission_required = "members.view_own_profile"

    def has_permission(self):
        return super().has_permission() and getattr(self.request.user, "member", None) is not None

    @property
    def member(self):
        return self.request.user.member


class MemberDraftMixin(MemberOnlyMixin):
    """A member's own record kept as a draft until they submit it (a 社情民意 item, an activity
    they log): writing it, changing it while it may still change and submitting it take the same
    steps on each app's pages; the app names its records, its services and its pages."""

    draft_name: str  # the record's name on the view and in the template ("opinion", "activity")
    detail_url: str  # the record's page (a URL name taking ``pk``)
    list_url: str  # the member's list of them

    def own_drafts(self):
        """The member's own records: anybody else's is a 404."""
        raise NotImplementedError

    def get_draft(self):
        return getattr(self, self.draft_name, None)


class MemberDraftFormView(MemberDraftMixin, FormView):
    """Write a draft (or change one: ``MemberDraftUpdateMixin``) and, with the 提交 button (POST
    ``action=submit``), submit it in the same step: the service's refusals go back on the form
    (``ValidationError``) or come as a message (``TransitionError``, to ``refused_url``)."""

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["member"] = self.member
        return kwargs

    def draft_save(self, data: dict):
        """Save the form's ``data`` to the draft (``get_draft()``, or a new one): the record."""
        raise NotImplementedError

    def draft_submit(self, draft) -> str:
        """Submit the saved draft: the message to show."""
        raise NotImplementedError

    def refused_url(self, draft) -> str:
        return reverse(self.detail_url, args=[draft.pk]) if draft else reverse(self.list_url)

    def form_valid(self, form):
        draft = self.get_draft()
        try:
            draft = self.draft_save(dict(form.cleaned_data))
            if self.request.POST.get("action") == "submit":
                done = self.draft_submit(draft)
            else:
                done = _("草稿已保存。")
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        except TransitionError as exc:
            messages.error(self.request, exc.message)
            return redirect(self.refused_url(draft))
        messages.success(self.request, done)
        return redirect(self.detail_url, pk=draft.pk)


class MemberDraftUpdateMixin:
    """Change one of the member's drafts (``own_drafts``; 404 for anybody else's) while it is
    editable (``is_editable``), else back to its page with ``not_editable`` as the message."""

    not_editable: str | Promise

    def is_editable(self, draft) -> bool:
        raise NotImplementedError

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and getattr(request.user, "member", None):
            draft = get_object_or_404(self.own_drafts(), pk=kwargs["pk"])
            setattr(self, self.draft_name, draft)
            if not self.is_editable(draft):
                messages.error(request, self.not_editable)
                return redirect(self.detail_url, pk=draft.pk)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context[self.draft_name] = self.get_draft()
        return context


class MemberDraftSubmitView(MemberDraftMixin, View):
    """Submit one of the member's drafts from its page: an incomplete one is told what is
    missing (and sent to ``incomplete_url``), a refused transition says why."""

    http_method_names = ["post"]
    submitted: str | Promise  # the message once submitted
    incomplete_url: str  # where an incomplete draft sends the member (a URL name taking ``pk``)

    def draft_submit(self, draft) -> None:
        raise NotImplementedError

    def post(self, request, pk):
        draft = get_object_or_404(self.own_drafts(), pk=pk)
        try:
            self.draft_submit(draft)
        except ValidationError as exc:
            messages.error(request, _("内容不完整，请修改后再提交：") + " ".join(exc.messages))
            return redirect(self.incomplete_url, pk=pk)
        except TransitionError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, self.submitted)
        return redirect(self.detail_url, pk=pk)


class MyProfileView(MemberOnlyMixin, TemplateView):
    template_name = "members/me.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["member"] = selectors.own_profile(user=self.request.user)
        return context


class MyContactView(MemberOnlyMixin, FormView):
    form_class = ContactForm
    template_name = "members/contact_form.html"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.member
        return kwargs

    def form_valid(self, form):
        try:
            services.member_update_contact(
                member=self.member, by=self.request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("联系方式已更新。"))
        return redirect("members:me")


class PairingCreateView(RecordViewMixin, View):
    permission_required = object_permission = "members.change_pairing"
    http_method_names = ["post"]
    record_name = "member"

    def record_queryset(self, user):
        return Member.objects.visible_to(user)

    def post(self, request, pk):
        form = PairingForm(
            request.POST,
            grid_managers=GridManager.objects.visible_to(request.user).filter(
                committee_id=self.member.committee_id, is_active=True
            ),
        )
        run_posted_form(
            request,
            form,
            lambda data: services.pairing_create(member=self.member, by=request.user, **data),
            _("已建立结对联系。"),
        )
        return redirect(reverse("members:detail", args=[self.member.pk]) + "#pairings")


class PairingEndView(RecordViewMixin, View):
    permission_required = object_permission = "members.change_pairing"
    http_method_names = ["post"]
    record_name = "pairing"

    def record_queryset(self, user):
        return GridPairing.objects.visible_to(user).select_related("member")

    def permission_object(self, record):
        return record.member

    def post(self, request, pk):
        try:
            services.pairing_end(
                pairing=self.pairing, ended_on=timezone.localdate(), by=request.user
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("已结束结对联系。"))
        return redirect(reverse("members:detail", args=[self.pairing.member_id]) + "#pairings")


class GridManagerListView(PermissionRequiredMixin, QueryStringMixin, FilterView):
    permission_required = "members.view_grid_managers"
    filterset_class = GridManagerFilter
    template_name = "members/gridmanager_list.html"
    paginate_by = 30
    context_object_name = "grid_managers"

    def get_queryset(self):
        return selectors.grid_managers(user=self.request.user)

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        kwargs["villages"] = selectors.villages(user=self.request.user)
        return kwargs


class VillageDetailView(PermissionRequiredMixin, DetailView):
    permission_required = "members.view_grid_managers"
    template_name = "members/village_detail.html"
    context_object_name = "village"

    def get_permission_object(self):
        return None

    def get_queryset(self):
        return selectors.village_detail(user=self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["grid_managers"] = self.object.grid_managers.all()
        context["pairings"] = selectors.pairings_in_village(village=self.object)
        return context
