"""The consultation events' pages: the public list and event page (with the observer sign-up
form), and the office's list, new event, edit, event page (transition buttons, invitations,
attendance, minutes, outcomes, observers, 会议材料) with its POST base view and the state steps.
Topics: ``topics``; invitations and answers: ``invitations``; observers' pass, approval and
check-in: ``observers``; attendance, minutes and outcomes: ``records``.

Every page follows the one rule (core.access): login, the role (403) before any lookup, the
record in the user's scoped queryset (404), the transition's rule on it (403)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView, ListView, TemplateView
from django_filters.views import FilterView
from rules.contrib.views import PermissionRequiredMixin

from core.access import RecordViewMixin, get_object_for
from core.forms import add_service_errors
from core.http import client_ip
from core.views import Step
from core.workflow import TransitionError
from opinions import abuse
from org import selectors as org_selectors
from org.views import ChangeableCommitteesMixin

from .. import filters, forms, selectors, services
from ..forms import MaterialForm
from ..models import Consultation, Invitation, Observer
from ..workflows import CONSULTATION, HAS_TAKEN_PLACE, INVITATION, OUTCOME, STEP_ACTIONS

SIGNUPS_PER_HOUR = 20  # per client address


def _flash_errors(request, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


# --- the public -------------------------------------------------------------------------------
class PublicListView(ListView):
    template_name = "consultations/public_list.html"
    context_object_name = "consultations"
    paginate_by = 12

    def get_queryset(self):
        return selectors.public_upcoming()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["past"] = list(selectors.public_past()[:10])
        return context


class PublicDetailView(TemplateView):
    """One public event: what, when, where, places left; the sign-up form while registration is
    open; afterwards the published minutes summary and the outcomes' follow-up."""

    template_name = "consultations/public_detail.html"

    def dispatch(self, request, *args, **kwargs):
        self.consultation = get_object_for(
            request.user, selectors.public_detail(), perm=None, pk=kwargs["pk"]
        )
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        consultation = self.consultation
        taken = selectors.places_taken(consultation)
        minutes = getattr(consultation, "minutes", None)
        context.update(
            consultation=consultation,
            places_left=max(consultation.capacity - taken, 0),
            signup_open=services.signup_refusal(consultation) is None,
            minutes=minutes if minutes is not None and minutes.published_at else None,
            outcomes=list(consultation.outcomes.all()),
            materials=list(selectors.public_materials_of(consultation)),
        )
        context.setdefault("form", forms.SignUpForm())
        return context

    def post(self, request, pk):
        form = forms.SignUpForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        if form.cleaned_data.get("website"):  # the honeypot: a robot
            return redirect("consultations:public_detail", pk=pk)
        if abuse.hit("consult_signup", client_ip(request), 3600) > SIGNUPS_PER_HOUR:
            form.add_error(None, _("报名过于频繁，请稍后再试。"))
            return self.render_to_response(self.get_context_data(form=form), status=429)
        try:
            observer = services.observer_sign_up(
                consultation=self.consultation,
                name=form.cleaned_data["name"],
                phone=form.cleaned_data["phone"],
                consent=form.cleaned_data["consent"],
            )
        except TransitionError as exc:
            form.add_error(None, exc.message)
            return self.render_to_response(self.get_context_data(form=form), status=400)
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.render_to_response(self.get_context_data(form=form), status=400)
        return redirect("consultations:observer_pass", token=observer.token)


# --- the office: events -----------------------------------------------------------------------
class ConsultationListView(PermissionRequiredMixin, FilterView):
    permission_required = "consultations.view_desk"
    template_name = "consultations/list.html"
    context_object_name = "consultations"
    paginate_by = 20
    filterset_class = filters.ConsultationFilter
    strict = False  # an unusable filter value is ignored, not an empty list

    def get_queryset(self):
        return selectors.consultations_for(user=self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_create"] = self.request.user.has_perm("consultations.manage")
        return context


class ConsultationCreateView(PermissionRequiredMixin, ChangeableCommitteesMixin, FormView):
    permission_required = "consultations.manage"
    form_class = forms.ConsultationForm
    template_name = "consultations/form.html"
    extra_context = {"title": gettext_lazy("新建协商活动"), "back": "consultations:list"}

    def get_initial(self):
        initial = super().get_initial()
        topic = self.request.GET.get("topic", "")
        if topic.isdigit():
            initial["topic"] = int(topic)
        return initial

    def form_valid(self, form):
        data = {k: v for k, v in form.cleaned_data.items() if k in Consultation.EDITABLE_FIELDS}
        try:
            consultation = services.consultation_create(by=self.request.user, **data)
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("已创建协商活动，接下来可以邀请委员。"))
        return redirect("consultations:detail", pk=consultation.pk)


class ConsultationUpdateView(RecordViewMixin, FormView):
    """Staff correct an event still ahead (the table's ``edit`` row): the role (403), the event
    in scope (404), the row's rule and state on it (403 / a message)."""

    permission_required = "consultations.manage"
    record_name = "consultation"
    form_class = forms.ConsultationForm
    template_name = "consultations/form.html"

    def record_queryset(self, user):
        return selectors.consultation_detail(user=user)

    def get(self, request, *args, **kwargs):
        if refusal := self.refused():
            return refusal
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if refusal := self.refused():
            return refusal
        return super().post(request, *args, **kwargs)

    def refused(self):
        CONSULTATION.check_actor(self.consultation, "edit", self.request.user)
        message = CONSULTATION.refusal(self.consultation, "edit")
        if message:
            messages.error(self.request, message)
            return redirect("consultations:detail", pk=self.consultation.pk)
        return None

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["committees"] = org_selectors.committees_changeable_by(self.request.user).filter(
            pk=self.consultation.committee_id
        )
        kwargs["instance"] = self.consultation
        return kwargs

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        del form.fields["committee"]  # an event stays with its committee
        return form

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(title=_("修改活动信息"), back="consultations:list")
        return context

    def form_valid(self, form):
        data = {k: v for k, v in form.cleaned_data.items() if k in Consultation.EDITABLE_FIELDS}
        try:
            services.consultation_update(
                consultation=self.consultation, by=self.request.user, **data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        except TransitionError as exc:
            messages.error(self.request, exc.message)
        else:
            messages.success(self.request, _("活动信息已保存。"))
        return redirect("consultations:detail", pk=self.consultation.pk)


class ConsultationMixin(RecordViewMixin):
    """One event: the role first (login, 403), then the user's scope (404 outside it)."""

    permission_required = "consultations.view_desk"
    post_permission = "consultations.manage"
    record_name = "consultation"

    def record_queryset(self, user):
        return selectors.consultation_detail(user=user)


class ConsultationDetailView(ConsultationMixin, TemplateView):
    template_name = "consultations/detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        consultation = self.consultation
        user = self.request.user
        available = {t.action for t in CONSULTATION.available(consultation, user)}
        observers = list(selectors.observers_of(consultation))
        outcomes = list(selectors.outcomes_of(consultation))
        invitations = list(selectors.invitations_of(consultation))
        context.update(
            consultation=consultation,
            steps=[CONSULTATION[a] for a in STEP_ACTIONS if a in available],
            available=available,
            invitations=invitations,
            observers=observers,
            places_taken=sum(o.status in Observer.PLACE_STATUSES for o in observers),
            outcomes=outcomes,
            outcome_actions={
                o.pk: [t.action for t in OUTCOME.available(o, user)] for o in outcomes
            },
            can_decide_observers=user.has_perm("consultations.manage_observers", consultation),
            minutes=getattr(consultation, "minutes", None),
            timeline=list(selectors.timeline_of(consultation)),
            attendance_choices=Invitation.Attendance.choices,
        )
        # 会议材料 (consultations.views.materials) and answers recorded for members without an
        # account (InvitationRecordView)
        context["materials"] = list(selectors.materials_of(consultation))
        context["showcase_source"] = consultation.status in HAS_TAKEN_PLACE
        if "add_material" in available:
            context.setdefault("material_form", MaterialForm())
        for invitation in invitations:
            invitation.record_actions = []
            if invitation.member.user_id is None:
                invitation.consultation = consultation  # no query per row
                invitation.record_actions = [
                    t.action
                    for t in INVITATION.available(invitation, user)
                    if t.action.startswith("record_")
                ]
        if "invite" in available:
            context.setdefault(
                "invite_form",
                forms.InviteForm(members=services.invitable_members(consultation=consultation)),
            )
        if "save_minutes" in available:
            minutes = context["minutes"]
            context.setdefault(
                "minutes_form",
                forms.MinutesForm(
                    initial={"text": minutes.text, "public_summary": minutes.public_summary}
                    if minutes
                    else None
                ),
            )
        if "add_outcome" in available:
            context.setdefault("outcome_form", forms.OutcomeForm())
        if any(outcome_actions for outcome_actions in context["outcome_actions"].values()):
            context["follow_up_form"] = forms.FollowUpForm()
        return context


class ConsultationPostView(ConsultationMixin, View):
    """A POST on one event: the row's rule on it (403), then the service; a state the row does
    not start from is a message; bad input the page again with the form's errors (400)."""

    http_method_names = ["post"]
    action = ""

    def post(self, request, pk, **kwargs):
        action = kwargs.get("action", self.action)
        if action not in CONSULTATION:
            raise Http404
        CONSULTATION.check_actor(self.consultation, action, request.user)
        try:
            result = self.run(request, action)
        except TransitionError as exc:
            messages.error(request, exc.message)
        except ValidationError as exc:
            if self.form_name and self.form is not None:
                add_service_errors(self.form, exc)
                return self.page_again()
            _flash_errors(request, exc)
        else:
            if result is not None:
                return result
        return redirect("consultations:detail", pk=pk)

    form_name = ""
    form = None

    def page_again(self):
        detail = ConsultationDetailView()
        detail.setup(self.request, pk=self.consultation.pk)
        detail.consultation = self.consultation
        context = detail.get_context_data(**{self.form_name: self.form})
        return detail.render_to_response(context, status=400)

    # a form whose fields are the service's keyword arguments (core.views.service_step)
    step: Step | None = None

    def run(self, request, action):
        if self.step is None or self.step.form is None:
            raise NotImplementedError
        self.form = self.step.form(request.POST)
        if not self.form.is_valid():
            return self.page_again()
        self.step.call(request, self.consultation, self.form.cleaned_data)
        messages.success(request, str(self.step.done))
        return None


class ConsultationStepView(ConsultationPostView):
    def run(self, request, action):
        if action not in STEP_ACTIONS:
            raise Http404
        form = forms.StepForm(request.POST)
        comment = form.cleaned_data["comment"] if form.is_valid() else ""
        services.consultation_step(
            consultation=self.consultation, by=request.user, action=action, comment=comment
        )
        messages.success(request, _("已%(action)s。") % {"action": CONSULTATION[action].label})
