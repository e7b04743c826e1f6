from django.contrib import admin

from core.admin import ServiceWrittenAdmin, TextAdmin, TextTabularInline

from .models import (
    EvaluationEvent,
    LedgerEntry,
    MemberYearScore,
    PerformanceFact,
    ScoringRule,
    ScoringRuleSet,
)


class ScoringRuleInline(TextTabularInline):
    model = ScoringRule
    extra = 0


@admin.register(ScoringRuleSet)
class ScoringRuleSetAdmin(TextAdmin):
    """积分规则: edit points, caps, splits and grade thresholds; run ``rebuild_ledger --year``
    afterwards to apply new points to entries already written."""

    list_display = [
        "__str__",
        "committee",
        "year",
        "coauthor_split",
        "coattend_split",
        "excellent_from",
        "competent_from",
        "basic_from",
    ]
    inlines = [ScoringRuleInline]


@admin.register(LedgerEntry)
class LedgerEntryAdmin(ServiceWrittenAdmin):
    """Read-only: entries are written by the services and reversed, never deleted."""

    list_display = ["occurred_on", "member", "item", "points", "source_key", "reversed_at"]
    list_filter = ["year", "item", "source_type", "committee"]
    search_fields = ["member__name", "source_key"]
    raw_id_fields = ["member"]
    list_select_related = ["member"]


@admin.register(PerformanceFact)
class PerformanceFactAdmin(ServiceWrittenAdmin):
    """Read-only: facts are appended by the sources' services and retracted by a new fact,
    never changed or deleted."""

    list_display = ["occurred_on", "member", "kind", "item", "source_key", "created_at"]
    list_filter = ["year", "kind", "source_type", "committee"]
    search_fields = ["member__name", "source_key"]
    raw_id_fields = ["member", "retracts"]
    list_select_related = ["member"]


class EvaluationEventInline(TextTabularInline):
    model = EvaluationEvent
    extra = 0
    can_delete = False
    readonly_fields = ["kind", "actor", "from_status", "to_status", "comment", "created_at"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(MemberYearScore)
class MemberYearScoreAdmin(ServiceWrittenAdmin):
    """Read-only: totals follow the ledger; grades change on the evaluation page (logged)."""

    list_display = ["member", "year", "committee", "total", "grade"]
    list_filter = ["year", "committee", "grade"]
    search_fields = ["member__name"]
    raw_id_fields = ["member"]
    inlines = [EvaluationEventInline]
