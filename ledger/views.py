"""The performance ledger's pages: a member's 履职档案, the ranking and its export, the annual
evaluation and grade adjustments, and the scoring rules staff edit for a year (积分规则)."""

from __future__ import annotations

import re
from decimal import Decimal

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView
from django_filters.views import FilterView
from rules.contrib.views import PermissionRequiredMixin

from audit.services import audit_log
from core.access import get_object_for
from core.exports import export_response
from core.forms import add_service_errors
from core.views import QueryStringMixin, form_errors_to_messages, run_posted_form
from members.models import Member
from members.views import MemberOnlyMixin
from org import selectors
from org.filters import VisibleCommitteesFilterViewMixin

from . import selectors as sel
from . import services as ledger
from .filters import RankingFilter
from .forms import EvaluationRunForm, GradeAdjustForm
from .models import Grade, LedgerItem, MemberYearScore, ScoringRuleSet

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
        for value, label in LedgerItem.choices:
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
            for value, _label in LedgerItem.choices
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
            row["label"] = (
                LedgerItem(row["item"]).label if row["item"] in LedgerItem.values else row["item"]
            )
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


class RankingView(
    PermissionRequiredMixin, VisibleCommitteesFilterViewMixin, QueryStringMixin, FilterView
):
    permission_required = "ledger.view_ranking"
    filterset_class = RankingFilter
    template_name = "ledger/ranking.html"
    paginate_by = 30
    context_object_name = "scores"

    def get_queryset(self):
        return sel.ranking(user=self.request.user)

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        data = (kwargs.get("data") or self.request.GET).copy()
        if not data.get("year"):
            data["year"] = str(timezone.localdate().year)
        kwargs["data"] = data
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        changeable = selectors.committees_changeable_by(self.request.user)
        if self.request.user.has_perm("ledger.run_evaluation", None) and changeable.exists():
            context["run_form"] = EvaluationRunForm(committees=changeable)
        context["page_offset"] = (
            context["page_obj"].start_index() - 1 if context.get("page_obj") else 0
        )
        return context


EXPORT_MAX_ROWS = 5000


class RankingExportView(PermissionRequiredMixin, View):
    permission_required = "ledger.view_ranking"

    def get(self, request, fmt):
        if fmt not in ("csv", "xlsx"):
            raise Http404
        data = request.GET.copy()
        if not data.get("year"):
            data["year"] = str(timezone.localdate().year)
        filterset = RankingFilter(
            data,
            queryset=sel.ranking(user=request.user),
            committees=selectors.committees_visible_to(request.user),
        )
        if not filterset.is_valid():
            # e.g. ?year=%00: say what is wrong (the page shows the same form errors) instead of
            # exporting every year under a file name made from the bad value.
            errors = "; ".join(
                f"{filterset.form.fields[name].label}: {' '.join(messages_)}"
                if name in filterset.form.fields
                else " ".join(messages_)
                for name, messages_ in filterset.form.errors.items()
            )
            return HttpResponseBadRequest(
                _("筛选条件有误：%(errors)s") % {"errors": errors},
                content_type="text/plain; charset=utf-8",
            )
        year = filterset.form.cleaned_data.get("year")
        header = [
            _("名次"),
            _("姓名"),
            _("所属政协"),
            _("界别"),
            _("年度"),
            _("总分"),
            _("记录数"),
            _("评定等次"),
            _("最终等次"),
        ]
        rows = [
            [
                i,
                s.member.name,
                s.committee.short_name,
                s.member.sector.name if s.member.sector else "",
                s.year,
                float(s.total),
                s.entry_count,
                s.get_computed_grade_display(),
                s.get_grade_display(),
            ]
            for i, s in enumerate(filterset.qs[:EXPORT_MAX_ROWS], start=1)
        ]
        audit_log(
            actor=request.user,
            action="export_ranking",
            target=fmt,
            detail={"query": request.GET.urlencode()[:500]},
            request=request,
        )
        return export_response(
            fmt=fmt,
            filename=f"ranking-{int(year)}" if year is not None else "ranking",
            header=header,
            rows=rows,
            sheet_title=_("履职积分排名"),
        )


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


class GradeAdjustView(PermissionRequiredMixin, View):
    permission_required = "ledger.adjust_grade"
    http_method_names = ["post"]

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.score = get_object_for(
            request.user,
            MemberYearScore.objects.visible_to(request.user),
            perm=self.permission_required,
            pk=kwargs["pk"],
        )
        return super().dispatch(request, *args, **kwargs)

    def get_permission_object(self):
        return self.score

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
