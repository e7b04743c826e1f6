"""Pages of 典型经验: the public list and page, and the staff's desk, form and publishing."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import DetailView, FormView, ListView
from rules.contrib.views import PermissionRequiredMixin

from core.access import RecordViewMixin, require_perm
from core.forms import add_service_errors
from core.http import private_file_response
from core.workflow import TransitionError
from org import selectors as org_selectors

from . import selectors as sel
from . import services
from .forms import ReasonForm, ShowcaseForm
from .models import ShowcasePhoto
from .workflows import SHOWCASE

LINKS = ("activity", "opinion", "lecture_order", "consultation", "outcome")


# --- public ----------------------------------------------------------------------------------
# What a public page needs to link a write-up to its consultation event and outcome.
CONSULTATION_JOINS = (
    "consultation",
    "outcome",
    "outcome__consultation",
    "outcome__consultation__minutes",
)


class ShowcaseListView(ListView):
    template_name = "showcases/list.html"
    context_object_name = "showcases"
    paginate_by = 12

    def get_queryset(self):
        return sel.public_showcases().select_related(*CONSULTATION_JOINS)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        for showcase in context["showcases"]:
            showcase.sources = consultation_sources(showcase)
        return context


class ShowcaseDetailView(DetailView):
    template_name = "showcases/detail.html"
    context_object_name = "showcase"

    def get_queryset(self):
        return sel.public_showcases().select_related(*CONSULTATION_JOINS)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["sources"] = consultation_sources(self.object)
        return context


def _public_page(consultation) -> bool:
    return consultation.is_public and consultation.status != consultation.Status.PLANNED


def consultation_sources(showcase) -> list[dict]:
    """The consultation event and outcome a write-up is about, as the public page lists them:
    a link to the event's public page when it has one (to the outcome's place on it once the
    minutes, which show the outcomes, are published), else the name alone."""
    sources = []
    consultation = showcase.consultation
    if consultation is not None:
        sources.append(
            {
                "label": _("协商活动"),
                "text": consultation.title,
                "url": reverse("consultations:public_detail", args=[consultation.pk])
                if _public_page(consultation)
                else "",
            }
        )
    outcome = showcase.outcome
    if outcome is not None:
        event = outcome.consultation
        minutes = getattr(event, "minutes", None)
        shown = _public_page(event) and minutes is not None and minutes.published_at
        url = reverse("consultations:public_detail", args=[event.pk]) if shown else ""
        sources.append(
            {
                "label": _("协商成果"),
                "text": f"{event.title}：{outcome.get_status_display()}",
                "url": f"{url}#outcome-{outcome.pk}" if url else "",
            }
        )
    return sources


@method_decorator(never_cache, name="dispatch")
class ShowcasePhotoView(View):
    """Photos only through here: to everyone once published, else to staff in scope (404)."""

    def get(self, request, token):
        photo = get_object_or_404(
            ShowcasePhoto.objects.select_related("showcase"), token=token[:32]
        )
        showcase = photo.showcase
        if not showcase.is_public and not (
            request.user.has_perm("showcases.manage")
            and sel.showcase_desk(user=request.user).filter(pk=showcase.pk).exists()
        ):
            raise Http404
        return private_file_response(
            photo.file, content_type=photo.content_type, public=showcase.is_public
        )


# --- staff -----------------------------------------------------------------------------------
class ShowcaseDeskView(PermissionRequiredMixin, ListView):
    permission_required = "showcases.manage"
    template_name = "showcases/desk.html"
    context_object_name = "showcases"
    paginate_by = 20

    def get_queryset(self):
        return sel.showcase_desk(user=self.request.user)


class ShowcaseCreateView(PermissionRequiredMixin, FormView):
    permission_required = "showcases.manage"
    form_class = ShowcaseForm
    template_name = "showcases/form.html"
    extra_context = {"title": gettext_lazy("撰写典型经验")}

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["committees"] = org_selectors.committees_changeable_by(self.request.user)
        kwargs["initial_links"] = {
            name: self.request.GET.get(name) for name in LINKS if self.request.GET.get(name)
        }
        return kwargs

    def get_initial(self):
        initial = super().get_initial()
        for name in LINKS:
            value = self.request.GET.get(name, "")
            if value.isascii() and value.isdigit() and len(value) < 10:
                initial[name] = int(value)
        committee = getattr(self.request.user, "committee_id", None)
        if committee:
            initial["committee"] = committee
        return initial

    def form_valid(self, form):
        data = dict(form.cleaned_data)
        try:
            showcase = services.showcase_create(
                by=self.request.user, photos=data.pop("photos") or [], **data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("已保存。核对无误后点击“发布”，即在典型经验栏目公开。"))
        return redirect("showcase:edit", pk=showcase.pk)


@method_decorator(never_cache, name="dispatch")
class ShowcaseEditView(RecordViewMixin, FormView):
    """Staff's page of one write-up: the form, its photos, publish/unpublish and the timeline."""

    permission_required = "showcases.manage"
    record_name = "showcase"
    form_class = ShowcaseForm
    template_name = "showcases/form.html"

    def record_queryset(self, user):
        return sel.showcase_detail(user=user)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["committees"] = org_selectors.committees_changeable_by(self.request.user).filter(
            pk=self.showcase.committee_id
        )
        kwargs["initial_links"] = {name: getattr(self.showcase, f"{name}_id") for name in LINKS}
        return kwargs

    def get_initial(self):
        s = self.showcase
        initial = {name: getattr(s, name) for name in ("title", "summary", "body")}
        initial["committee"] = s.committee_id
        initial.update({name: getattr(s, f"{name}_id") for name in LINKS})
        return initial

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context.update(
            title=_("编辑典型经验"),
            showcase=self.showcase,
            actions=SHOWCASE.allowed_actions(self.showcase, user),
            unpublish_form=ReasonForm(prefix="unpublish"),
        )
        return context

    def post(self, request, *args, **kwargs):
        require_perm(request.user, "showcases.edit", self.showcase)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        data = dict(form.cleaned_data)
        data.pop("committee")
        remove = [
            int(v) for v in self.request.POST.getlist("remove_photo") if v.isascii() and v.isdigit()
        ]
        try:
            services.showcase_update(
                showcase=self.showcase,
                by=self.request.user,
                photos=data.pop("photos") or [],
                remove_photos=remove,
                **data,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        except TransitionError as exc:
            messages.error(self.request, exc.message)
        else:
            messages.success(self.request, _("修改已保存。"))
        return redirect("showcase:edit", pk=self.showcase.pk)


class ShowcaseActionView(RecordViewMixin, View):
    http_method_names = ["post"]
    permission_required = "showcases.manage"
    record_name = "showcase"

    def record_queryset(self, user):
        return sel.showcase_desk(user=user)

    def post(self, request, pk, action):
        if action not in ("publish", "unpublish"):
            raise Http404
        SHOWCASE.check_actor(self.showcase, action, request.user)
        try:
            if action == "publish":
                services.showcase_publish(showcase=self.showcase, by=request.user)
                messages.success(request, _("已发布，公众可以在典型经验栏目和首页看到。"))
            else:
                form = ReasonForm(request.POST, prefix="unpublish")
                reason = form.cleaned_data["reason"] if form.is_valid() else ""
                services.showcase_unpublish(showcase=self.showcase, by=request.user, reason=reason)
                messages.success(request, _("已撤下。"))
        except TransitionError as exc:
            messages.error(request, exc.message)
        return redirect("showcase:edit", pk=pk)
