from django.contrib import admin

from core.admin import ServiceWrittenAdmin, TextAdmin, TextTabularInline

from .models import DutyShift, ShiftEvent, ShiftSwap, Workstation, WorkstationMember


class AssignmentInline(TextTabularInline):
    model = WorkstationMember
    extra = 0
    autocomplete_fields = ["member"]


@admin.register(Workstation)
class WorkstationAdmin(TextAdmin):
    list_display = ["name", "committee", "kind", "region", "sector", "is_pilot", "status"]
    list_filter = ["committee", "kind", "status", "is_pilot"]
    search_fields = ["name", "address"]
    list_select_related = ["committee", "region", "sector"]
    readonly_fields = ["status"]  # changed on the workstation page, through the services
    inlines = [AssignmentInline]


@admin.register(DutyShift)
class DutyShiftAdmin(TextAdmin):
    list_display = ["date", "starts_at", "ends_at", "workstation", "member", "kind", "status"]
    list_filter = ["status", "kind", "workstation__committee"]
    date_hierarchy = "date"
    list_select_related = ["workstation", "member"]
    raw_id_fields = ["workstation", "member", "opinions"]
    readonly_fields = ["status", "checked_in_at"]  # check-in, absence, swaps: the services


@admin.register(ShiftSwap)
class ShiftSwapAdmin(TextAdmin):
    list_display = ["shift", "from_member", "to_member", "status", "created_at"]
    list_filter = ["status"]
    raw_id_fields = ["shift", "from_member", "to_member"]
    readonly_fields = ["status", "decided_by", "decided_at", "decision_comment"]


@admin.register(ShiftEvent)
class ShiftEventAdmin(ServiceWrittenAdmin):
    list_display = ["shift", "kind", "actor", "created_at"]
    list_filter = ["kind"]
    raw_id_fields = ["shift"]
