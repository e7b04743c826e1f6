"""Pages of the 委员讲堂 menu: the public menu; the member's 我的讲堂 and their offerings
(write, submit, withdraw); staff's review of the menu."""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.generic import FormView, ListView, TemplateView
from rules.contrib.views import PermissionRequiredMixin

from core.access import RecordViewMixin
from core.forms import add_service_errors
from core.views import QueryStringMixin, Step, run_step, service_step
from core.workflow import TransitionError
from members.views import MemberOnlyMixin

from .. import selectors as sel
from .. import services
from ..forms import OfferingForm, ReasonForm
from ..models import LectureField, LectureOffering
from ..workflows import OFFERING, OFFERING_EDITABLE
from .common import _committees, _int


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
