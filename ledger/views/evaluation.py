"""The annual evaluation of a committee and the adjustment of one member's grade."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from rules.contrib.views import PermissionRequiredMixin

from core.access import RecordViewMixin
from core.views import form_errors_to_messages, run_posted_form
from org import selectors

from .. import services as ledger
from ..forms import EvaluationRunForm, GradeAdjustForm
from ..models import MemberYearScore


class EvaluationRunView(PermissionRequiredMixin, View):
    permission_required = "ledger.run_evaluation"
    http_method_names = ["post"]

    def get_permission_object(self):
        return None

    def post(self, request):
        form = EvaluationRunForm(
            request.POST, committees=selectors.committees_changeable_by(request.user)
        )
        if not form.is_valid():
            form_errors_to_messages(request, form)
            return redirect("ledger:ledger_ranking")
        committee, year = form.cleaned_data["committee"], form.cleaned_data["year"]
        try:
            count = ledger.evaluation_run(committee=committee, year=year, by=request.user)
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
        else:
            messages.success(
                request,
                _("已完成 %(year)s 年度评定，共 %(n)s 位委员。") % {"year": year, "n": count},
            )
        return redirect(reverse("ledger:ledger_ranking") + f"?year={year}&committee={committee.pk}")


class GradeAdjustView(RecordViewMixin, View):
    permission_required = object_permission = "ledger.adjust_grade"
    http_method_names = ["post"]
    record_name = "score"

    def record_queryset(self, user):
        return MemberYearScore.objects.visible_to(user)

    def post(self, request, pk):
        run_posted_form(
            request,
            GradeAdjustForm(request.POST),
            lambda data: ledger.evaluation_adjust(score=self.score, by=request.user, **data),
            _("等次已调整。"),
        )
        return redirect(
            reverse("ledger:ledger_member", args=[self.score.member_id])
            + f"?year={self.score.year}"
        )
