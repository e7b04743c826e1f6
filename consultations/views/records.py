"""What an event leaves behind, recorded from its page: attendance, minutes, outcomes and
their follow-up.

Every page follows the one rule (core.access): login, the role (403) before any lookup, the
record in the user's scoped queryset (404), the transition's rule on it (403)."""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from core.access import RecordViewMixin
from core.views import service_step
from core.workflow import TransitionError

from .. import forms, services
from ..models import Invitation, Outcome
from ..workflows import OUTCOME
from .events import ConsultationPostView, _flash_errors


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
