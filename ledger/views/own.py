"""A member's 履职档案: their own, and a member's as the staff in scope see it."""

from __future__ import annotations

import re

from django.utils import timezone
from django.views.generic import TemplateView
from rules.contrib.views import PermissionRequiredMixin

from core.access import get_object_for
from members.models import Member
from members.views import MemberOnlyMixin

from .. import selectors as sel
from .. import services as ledger
from ..forms import GradeAdjustForm
from ..models import ITEM_LABELS, Grade


def _year(request) -> int:
    """The ``year`` asked for, or this year. ASCII digits only: "²".isdigit() is true but int()
    refuses it."""
    value = request.GET.get("year", "")
    if re.fullmatch(r"[0-9]{4}", value) and 2000 <= int(value) <= 2100:
        return int(value)
    return timezone.localdate().year


class LedgerContextMixin:
    def ledger_context(self, member: Member, year: int) -> dict:
        score = sel.score_for(member=member, year=year)
        entries = sel.ledger_entries(member=member, year=year)
        breakdown = sel.ledger_breakdown(member=member, year=year)
        rule_set, rules = ledger.rules_for(committee_id=member.committee_id, year=year)
        for row in breakdown:
            row["label"] = ITEM_LABELS.get(row["item"], row["item"])
            rule = rules.get(row["item"])
            row["cap"] = rule.annual_cap if rule else None
        this_year = timezone.localdate().year
        return {
            "member": member,
            "year": year,
            "score": score,
            "entries": entries,
            "breakdown": breakdown,
            "ranks": sel.ranks(score=score, member=member),
            "rule_set": rule_set,
            "years": list(range(this_year, this_year - 5, -1)),
            "provisional_grade_label": Grade(ledger.grade_for(score.total, rule_set)).label
            if score
            else None,
        }


class MyLedgerView(MemberOnlyMixin, LedgerContextMixin, TemplateView):
    permission_required = "ledger.view_own_ledger"
    template_name = "ledger/member.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        member = Member.objects.select_related("committee", "sector").get(user=self.request.user)
        context.update(self.ledger_context(member, _year(self.request)), is_own=True)
        return context


class MemberLedgerView(PermissionRequiredMixin, LedgerContextMixin, TemplateView):
    permission_required = "ledger.view_member_ledger"
    template_name = "ledger/member.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        member = get_object_for(  # the role was checked by the mixin; 404 outside the scope
            self.request.user,
            Member.objects.visible_to(self.request.user).select_related("committee", "sector"),
            perm=None,
            pk=kwargs["pk"],
        )
        context.update(self.ledger_context(member, _year(self.request)))
        score = context["score"]
        if (
            score is not None
            and score.evaluated_at
            and self.request.user.has_perm("ledger.adjust_grade", score)
        ):
            context["adjust_form"] = GradeAdjustForm(initial={"grade": score.grade})
        return context
