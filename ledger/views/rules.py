"""The scoring rules staff edit for their committee and a year (积分规则)."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from rules.contrib.views import PermissionRequiredMixin

from core.forms import add_service_errors
from org import selectors

from .. import services as ledger
from ..models import ITEM_CHOICES, ScoringRuleSet

SETTINGS_FIELDS = [
    "coauthor_split",
    "lead_share",
    "coattend_split",
    "excellent_from",
    "competent_from",
    "basic_from",
]


class RuleSetForm(forms.ModelForm):
    class Meta:
        model = ScoringRuleSet
        fields = SETTINGS_FIELDS


class ItemsForm(forms.Form):
    """Points and yearly cap for every ledger item."""

    def __init__(self, *args, rules: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = []
        for value, label in ITEM_CHOICES:
            rule = rules.get(value)
            deduction = value in ("duty_absence", "consultation_absence")
            points = forms.DecimalField(
                label=gettext_lazy("%(item)s：每项分值") % {"item": label},
                max_digits=6,
                decimal_places=2,
                min_value=Decimal("-100"),
                max_value=Decimal("100"),
                initial=rule.points if rule else Decimal("0"),
            )
            cap = forms.DecimalField(
                label=gettext_lazy("%(item)s：年度上限") % {"item": label},
                max_digits=7,
                decimal_places=2,
                min_value=Decimal("0"),
                max_value=Decimal("10000"),
                required=False,
                initial=rule.annual_cap if rule else None,
                disabled=deduction,
                help_text=gettext_lazy("不填为不设上限") if not deduction else "",
            )
            self.fields[f"points__{value}"] = points
            self.fields[f"cap__{value}"] = cap
            self.items.append((label, self[f"points__{value}"], self[f"cap__{value}"]))

    def cleaned_items(self) -> dict:
        return {
            value: (self.cleaned_data[f"points__{value}"], self.cleaned_data.get(f"cap__{value}"))
            for value, _label in ITEM_CHOICES
        }


class ScoringRulesView(PermissionRequiredMixin, View):
    permission_required = "ledger.edit_scoring_rules"
    template_name = "ledger/rules.html"

    def setup_target(self, request):
        committee = selectors.committees_changeable_by(request.user).order_by("order").first()
        if committee is None:
            raise PermissionDenied
        try:
            year = int(request.GET.get("year") or request.POST.get("year") or 0)
        except ValueError:
            year = 0
        this_year = timezone.localdate().year
        if not this_year - 5 <= year <= this_year + 1:
            year = this_year
        return committee, year

    def forms_for(self, committee, year, data=None):
        rule_set, rules = ledger.rules_for(committee_id=committee.pk, year=year)
        own = rule_set.committee_id == committee.pk and rule_set.year == year
        settings_form = RuleSetForm(
            data, instance=ScoringRuleSet(**{f: getattr(rule_set, f) for f in SETTINGS_FIELDS})
        )
        return settings_form, ItemsForm(data, rules=rules), own

    def render_page(self, request, committee, year, settings_form, items_form, own, status=200):
        this_year = timezone.localdate().year
        return render(
            request,
            self.template_name,
            {
                "committee": committee,
                "year": year,
                "own": own,
                "years": list(range(this_year + 1, this_year - 6, -1)),
                "settings_form": settings_form,
                "items_form": items_form,
            },
            status=status,
        )

    def get(self, request):
        committee, year = self.setup_target(request)
        settings_form, items_form, own = self.forms_for(committee, year)
        return self.render_page(request, committee, year, settings_form, items_form, own)

    def post(self, request):
        committee, year = self.setup_target(request)
        settings_form, items_form, own = self.forms_for(committee, year, data=request.POST)
        if settings_form.is_valid() and items_form.is_valid():
            try:
                ledger.scoring_rules_save(
                    by=request.user,
                    committee=committee,
                    year=year,
                    settings={f: settings_form.cleaned_data[f] for f in SETTINGS_FIELDS},
                    items=items_form.cleaned_items(),
                )
            except ValidationError as exc:
                add_service_errors(settings_form, exc)
            else:
                message = _("已保存%(c)s %(y)s 年度积分规则。") % {
                    "c": committee.short_name,
                    "y": year,
                }
                if request.POST.get("recompute"):
                    totals = ledger.ledger_rebuild(year=year, committee_ids=[committee.pk])
                    message += _("已按新规则重算 %(n)s 位委员的积分。") % {"n": len(totals)}
                messages.success(request, message)
                return redirect(f"{request.path}?year={year}")
        return self.render_page(
            request, committee, year, settings_form, items_form, own, status=400
        )
