from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import DetailView, FormView, TemplateView
from django_filters.views import FilterView
from rules.contrib.views import PermissionRequiredMixin

from core.access import RecordViewMixin
from core.forms import add_service_errors
from core.views import QueryStringMixin, run_posted_form
from org import selectors as org_selectors
from org.filters import VisibleCommitteesFilterViewMixin

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


class MemberFormMixin:
    form_class = MemberForm
    template_name = "members/member_form.html"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["committees"] = org_selectors.committees_changeable_by(self.request.user)
        return kwargs

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
