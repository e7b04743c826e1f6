"""领导批示: a leader records their own instruction on an item of their scope (the office records
one on a leader's behalf from the review desk)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache
from rules.contrib.views import PermissionRequiredMixin

from core.access import get_object_for
from core.forms import add_service_errors

from .. import forms, selectors, services
from ..services import TransitionError
from ..workflows import OPINION


@method_decorator(never_cache, name="dispatch")
class InstructionView(PermissionRequiredMixin, View):
    """The leader role first (login, 403), the items the leader sees (404), then the item's
    state and the rule ``opinions.record_instruction`` (403)."""

    permission_required = "opinions.give_instructions"
    template_name = "opinions/instruction.html"

    def get_opinion(self):
        return get_object_for(
            self.request.user,
            selectors.instruction_items(user=self.request.user),
            perm=None,  # the role was checked by the mixin
            object_perm="opinions.record_instruction",
            pk=self.kwargs["pk"],
        )

    def render_form(self, opinion, form, status=200):
        return render(
            self.request,
            self.template_name,
            {
                "opinion": opinion,
                "form": form,
                "instructions": opinion.instructions.all(),
                # not adopted (yet), merged…: the page says why instead of offering the form
                "refusal": OPINION.refusal(opinion, "instruction"),
            },
            status=status,
        )

    def get(self, request, pk):
        return self.render_form(self.get_opinion(), forms.LeaderInstructionForm())

    def post(self, request, pk):
        opinion = self.get_opinion()
        form = forms.LeaderInstructionForm(request.POST)
        if form.is_valid():
            try:
                services.instruction_give(opinion=opinion, by=request.user, **form.cleaned_data)
            except TransitionError as exc:
                messages.error(request, exc.message)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("批示已登记，已通知经办人和承办单位。"))
                return redirect("opinions:instruction", pk=opinion.pk)
        return self.render_form(opinion, form, status=400)
