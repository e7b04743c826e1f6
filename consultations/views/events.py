"""Consultation pages: the public list, event page, observer sign-up, private pass (entry code
and QR), cancellation and calendar file; the office's topics, events (transition buttons,
invitations, attendance, minutes, outcomes and their follow-up, observers) and the door check-in
page; the member's invitations.

Every page follows the one rule (core.access): login, the role (403) before any lookup, the
record in the user's scoped queryset (404), the transition's rule on it (403)."""

from __future__ import annotations

from functools import partial

import segno
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView, ListView, TemplateView
from django_filters.views import FilterView
from icalendar import Calendar
from icalendar import Event as IcsEvent
from rules.contrib.views import PermissionRequiredMixin

from audit.services import audit_log
from core.access import RecordViewMixin, get_object_for
from core.exports import export_response
from core.forms import add_service_errors
from core.http import client_ip
from core.views import Step, service_step
from core.workflow import TransitionError
from members.views import MemberOnlyMixin
from opinions import abuse
from org import selectors as org_selectors
from org.views import ChangeableCommitteesMixin

from .. import filters, forms, selectors, services
from ..forms import MaterialForm
from ..models import Consultation, Invitation, Observer, Outcome
from ..workflows import (
    CONSULTATION,
    HAS_TAKEN_PLACE,
    INVITATION,
    OBSERVER,
    OUTCOME,
    STEP_ACTIONS,
)

SIGNUPS_PER_HOUR = 20  # per client address


def _flash_errors(request, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


def _post_answer(request, run, done, *, accept: bool) -> None:
    """An invitation's answer as posted (the member's own, or one the office records for a
    member without an account): the form's reason, the service ``run(accept=…, reason=…)``,
    then ``done()``'s message, or what was wrong."""
    form = forms.RsvpForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请假原因最多 200 字。"))
        return
    try:
        run(accept=accept, reason=form.cleaned_data["reason"])
    except TransitionError as exc:
        messages.error(request, exc.message)
    except ValidationError as exc:
        _flash_errors(request, exc)
    else:
        messages.success(request, done())


def _qr_svg(text: str) -> str:
    """The QR code as inline SVG markup (no inline style or script: the CSP allows it)."""
    return segno.make(text, error="m").svg_inline(scale=6, dark="#000", light="#fff")


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


class ObserverMixin:
    """A registration found by its private link's token (404 for anything else)."""

    def dispatch(self, request, *args, **kwargs):
        self.observer = selectors.observer_by_token(kwargs["token"])
        if self.observer is None:
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class ObserverPassView(ObserverMixin, TemplateView):
    """The observer's private page: status, place on the waiting list, the entry code with its
    QR code (it opens the office's check-in page with the code filled in), cancel, calendar."""

    template_name = "consultations/observer_pass.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        observer = self.observer
        context.update(
            observer=observer,
            consultation=observer.consultation,
            position=selectors.waitlist_position(observer),
            cancellable=OBSERVER.can(observer, "cancel"),
        )
        cancelled = observer.consultation.status == Consultation.Status.CANCELLED
        if observer.status == Observer.Status.CONFIRMED and observer.entry_code and not cancelled:
            url = self.request.build_absolute_uri(
                reverse("consultations:check_in") + f"?code={observer.entry_code}"
            )
            context["qr"] = mark_safe(_qr_svg(url))  # segno's own markup, no user text
        return context

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        # a private page: never cached by a proxy (the portal's Referrer-Policy, same-origin,
        # keeps the token in its URL from other sites)
        response["Cache-Control"] = "no-store"
        return response


class ObserverCancelView(ObserverMixin, View):
    http_method_names = ["post"]

    def post(self, request, token):
        try:
            services.observer_cancel(observer=self.observer)
        except TransitionError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("已取消报名。名额已让给候补的群众。"))
        return redirect("consultations:observer_pass", token=token)


class CalendarView(View):
    """The event as an iCalendar file (.ics) for the visitor's calendar."""

    def get(self, request, pk):
        consultation = get_object_for(request.user, selectors.public_detail(), perm=None, pk=pk)
        calendar = Calendar()
        calendar.add("prodid", "-//Ordos CPPCC liaison portal//consultations//ZH")
        calendar.add("version", "2.0")
        event = IcsEvent()
        event.add("uid", f"consultation-{consultation.pk}@{request.get_host().split(':')[0]}")
        event.add("summary", consultation.title)
        event.add("dtstart", consultation.starts_at)
        event.add("dtend", consultation.ends_at)
        event.add("dtstamp", timezone.now())
        event.add("location", consultation.place)
        event.add(
            "url", request.build_absolute_uri(reverse("consultations:public_detail", args=[pk]))
        )
        if consultation.status == Consultation.Status.CANCELLED:
            event.add("status", "CANCELLED")
        calendar.add_component(event)
        response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="consultation-{pk}.ics"'
        return response


# --- members ----------------------------------------------------------------------------------
class MyConsultationsView(MemberOnlyMixin, ListView):
    permission_required = "consultations.view_my_invitations"
    template_name = "consultations/mine.html"
    context_object_name = "invitations"
    paginate_by = 20

    def get_queryset(self):
        if self.request.GET.get("queue") == "pending":
            queryset = selectors.my_pending_invitations(member=self.member)
        else:
            queryset = selectors.my_invitations(member=self.member)
        return selectors.with_materials(queryset)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["upcoming"] = list(selectors.my_upcoming(member=self.member)[:5])
        context["queue"] = self.request.GET.get("queue", "")
        for invitation in context["invitations"]:
            invitation.actions = [
                t.action for t in INVITATION.available(invitation, self.request.user)
            ]
        context["rsvp_form"] = forms.RsvpForm()
        return context


class RsvpView(MemberOnlyMixin, View):
    """The member answers an invitation: the role (403), their own invitation (404 for any
    other), the state (a message)."""

    http_method_names = ["post"]
    permission_required = "consultations.view_my_invitations"

    def post(self, request, pk, answer):
        if answer not in {"accept", "decline"}:
            raise Http404
        invitation = get_object_for(
            request.user, selectors.my_invitations(member=self.member), perm=None, pk=pk
        )
        _post_answer(
            request,
            lambda **answered: services.invitation_respond(
                invitation=invitation, by=request.user, **answered
            ),
            lambda: (
                _("已确认参加。") if answer == "accept" else _("已请假，工作人员会收到您的原因。")
            ),
            accept=answer == "accept",
        )
        return redirect("consultations:mine")


# --- the office: topics -----------------------------------------------------------------------
class TopicListView(PermissionRequiredMixin, FilterView):
    permission_required = "consultations.view_desk"
    template_name = "consultations/topic_list.html"
    context_object_name = "topics"
    paginate_by = 20
    filterset_class = filters.TopicFilter
    strict = False  # an unusable filter value is ignored, not an empty list

    def get_queryset(self):
        return selectors.topics_for(user=self.request.user)


class TopicCreateView(PermissionRequiredMixin, ChangeableCommitteesMixin, FormView):
    permission_required = "consultations.manage"
    form_class = forms.TopicForm
    template_name = "consultations/form.html"
    extra_context = {"title": gettext_lazy("新建协商议题"), "back": "consultations:topic_list"}

    def get_initial(self):
        initial = super().get_initial()
        code = self.request.GET.get("opinion", "")[:20]
        if code:  # from the desk's 转为协商议题 link
            initial.update(opinion_codes=code, source="opinions")
        return initial

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            topic = services.topic_create(
                by=self.request.user,
                committee_id=data["committee"].pk,
                source=data["source"],
                title=data["title"],
                description=data.get("description", ""),
                proposal_reference=data.get("proposal_reference", ""),
                opinions=data["opinions"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        except TransitionError as exc:
            form.add_error(None, exc.message)
            return self.form_invalid(form)
        messages.success(self.request, _("已创建协商议题“%(title)s”。") % {"title": topic.title})
        return redirect("consultations:topic_detail", pk=topic.pk)


class TopicDetailView(RecordViewMixin, TemplateView):
    permission_required = "consultations.view_desk"
    post_permission = "consultations.manage"
    record_name = "topic"
    template_name = "consultations/topic_detail.html"

    def record_queryset(self, user):
        return selectors.topic_detail(user=user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        topic = self.topic
        context.update(
            topic=topic,
            opinions=list(topic.opinions.order_by("-pk")[:50]),
            consultations=list(topic.consultations.order_by("-starts_at")[:20]),
            can_manage=self.request.user.has_perm("consultations.manage_consultation", topic),
        )
        context.setdefault("link_form", forms.LinkOpinionsForm(topic=topic))
        return context

    def post(self, request, pk):
        if not request.user.has_perm("consultations.manage_consultation", self.topic):
            raise PermissionDenied
        form = forms.LinkOpinionsForm(request.POST, topic=self.topic)
        if form.is_valid():
            try:
                linked = services.topic_link_opinions(
                    topic=self.topic, by=request.user, opinions=form.cleaned_data["opinions"]
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            except TransitionError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("已关联 %(n)s 条社情民意。") % {"n": len(linked)})
                return redirect("consultations:topic_detail", pk=pk)
        return self.render_to_response(self.get_context_data(link_form=form), status=400)


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


class ObserverExportView(ConsultationMixin, View):
    """The observers of one event as CSV or XLSX: the event's own office gets names and phones
    in full (the door list; the reveal is audit-logged), everybody else who may see the event
    (leaders, another committee's office) gets them masked."""

    def get(self, request, pk, fmt):
        if fmt not in {"csv", "xlsx"}:
            raise Http404
        consultation = self.consultation
        full = request.user.has_perm("consultations.manage_observers", consultation)
        if full:
            audit_log(
                actor=request.user,
                action="observers_export",
                target=f"consultations.consultation:{consultation.pk}",
                detail={"fmt": fmt},
                request=request,
            )

        def rows():
            for n, observer in enumerate(selectors.observers_of(consultation), start=1):
                yield (
                    n,
                    observer.name if full else observer.masked_name,
                    observer.phone if full else observer.masked_phone,
                    observer.get_status_display(),
                    timezone.localtime(observer.created_at).strftime("%Y-%m-%d %H:%M"),
                    timezone.localtime(observer.checked_in_at).strftime("%H:%M")
                    if observer.checked_in_at
                    else "",
                )

        header = [_("序号"), _("姓名"), _("手机号码"), _("状态"), _("报名时间"), _("入场时间")]
        return export_response(
            fmt=fmt,
            filename=f"observers-{consultation.pk}",
            header=header,
            rows=rows(),
            sheet_title=str(_("旁听名单")),
        )


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


class InviteView(ConsultationPostView):
    action = "invite"
    form_name = "invite_form"

    def run(self, request, action):
        self.form = forms.InviteForm(
            request.POST, members=services.invitable_members(consultation=self.consultation)
        )
        if not self.form.is_valid():
            return self.page_again()
        created = services.invitations_send(
            consultation=self.consultation,
            by=request.user,
            members=self.form.cleaned_data["members"],
        )
        messages.success(request, _("已邀请 %(n)s 位委员。") % {"n": len(created)})


class AttendanceView(ConsultationPostView):
    action = "attendance"

    def run(self, request, action):
        rows = {}
        for invitation in self.consultation.invitations.all():
            value = request.POST.get(f"att-{invitation.pk}")
            if value is None:
                continue
            if value not in Invitation.Attendance.values:
                raise ValidationError(_("出席情况无效。"))
            rows[invitation.pk] = (value, request.POST.get(f"spoke-{invitation.pk}") == "on")
        if not rows:
            raise ValidationError(_("没有要登记的出席情况。"))
        changed = services.attendance_record(
            consultation=self.consultation, by=request.user, rows=rows
        )
        messages.success(request, _("已登记出席情况（%(n)s 人有变更）。") % {"n": changed})


_step = partial(service_step, record="consultation")


class MinutesView(ConsultationPostView):
    action = "save_minutes"
    form_name = "minutes_form"
    step = _step(forms.MinutesForm, services.minutes_save, gettext_lazy("纪要已保存。"))


class OutcomeAddView(ConsultationPostView):
    action = "add_outcome"
    form_name = "outcome_form"
    step = _step(forms.OutcomeForm, services.outcome_add, gettext_lazy("已登记协商成果。"))


class OutcomeFollowUpView(RecordViewMixin, View):
    http_method_names = ["post"]
    permission_required = "consultations.manage"
    record_name = "outcome"

    def record_queryset(self, user):
        return Outcome.objects.visible_to(user).select_related("consultation")

    def post(self, request, pk):
        form = forms.FollowUpForm(request.POST)
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
            return redirect("consultations:detail", pk=self.outcome.consultation_id)
        data = form.cleaned_data
        OUTCOME.check_actor(self.outcome, data["action"], request.user)
        try:
            services.outcome_follow_up(
                outcome=self.outcome,
                by=request.user,
                action=data["action"],
                status=data.get("status") or None,
                on=data.get("on"),
                note=data.get("note", ""),
            )
        except TransitionError as exc:
            messages.error(request, exc.message)
        except ValidationError as exc:
            _flash_errors(request, exc)
        else:
            messages.success(request, _("已登记成果跟踪情况。"))
        return redirect("consultations:detail", pk=self.outcome.consultation_id)


class InvitationRecordView(RecordViewMixin, View):
    """The office records the answer of an invited member without an account (by phone or in
    person): the role (403), the invitation's event in the user's scope (404), the table's
    rule on it (403), its state and the member having no account (a message)."""

    http_method_names = ["post"]
    permission_required = "consultations.manage"
    record_name = "invitation"

    def record_queryset(self, user):
        return Invitation.objects.filter(
            consultation__in=Consultation.objects.visible_to(user)
        ).select_related("consultation", "member")

    def post(self, request, pk, answer):
        if answer not in {"accept", "decline"}:
            raise Http404
        invitation = self.invitation
        INVITATION.check_actor(invitation, f"record_{answer}", request.user)
        _post_answer(
            request,
            lambda **answered: services.invitation_record_answer(
                invitation=invitation, by=request.user, **answered
            ),
            lambda: (
                _("已代%(name)s登记：%(answer)s。")
                % {"name": invitation.member.name, "answer": invitation.get_rsvp_display()}
            ),
            accept=answer == "accept",
        )
        return redirect("consultations:detail", pk=invitation.consultation_id)


class ObserverDecideView(RecordViewMixin, View):
    http_method_names = ["post"]
    permission_required = "consultations.manage"
    record_name = "observer"

    def record_queryset(self, user):
        return Observer.objects.filter(
            consultation__in=Consultation.objects.visible_to(user)
        ).select_related("consultation")

    def post(self, request, pk, decision):
        if decision not in {"approve", "reject"}:
            raise Http404
        OBSERVER.check_actor(self.observer, decision, request.user)
        try:
            services.observer_decide(
                observer=self.observer, by=request.user, approve=decision == "approve"
            )
        except TransitionError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("已审核。"))
        return redirect("consultations:detail", pk=self.observer.consultation_id)


class CheckInView(PermissionRequiredMixin, TemplateView):
    """The door, from a phone: the entry code typed or scanned (the QR opens this page with the
    code filled in); the observer shown masked; one tap checks them in — once."""

    permission_required = "consultations.manage"
    template_name = "consultations/check_in.html"

    def find(self, code):
        observer = services.observer_by_code(code=code)
        if observer is None:
            return None
        visible = Consultation.objects.visible_to(self.request.user)
        if not visible.filter(pk=observer.consultation_id).exists():
            return None  # another committee's code: as unknown as a wrong one
        return observer

    def get(self, request, *args, **kwargs):
        code = request.GET.get("code", "")[:32]
        context = self.get_context_data(form=forms.CheckInForm(initial={"code": code}))
        if code:
            context["observer"] = self.find(code)
            context["looked_up"] = True
        return self.render_to_response(context)

    def post(self, request):
        form = forms.CheckInForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        code = form.cleaned_data["code"].strip()
        observer = self.find(code)
        if observer is None:
            form.add_error("code", _("入场码无效。"))
            return self.render_to_response(self.get_context_data(form=form), status=400)
        OBSERVER.check_actor(observer, "check_in", request.user)
        try:
            services.observer_check_in(observer=observer, by=request.user)
        except TransitionError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request,
                format_html(
                    "{} {}",
                    _("核验通过，请入场："),
                    f"{observer.masked_name}（{observer.masked_phone}）",
                ),
            )
        return redirect("consultations:check_in")
