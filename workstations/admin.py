from django.contrib import admin

from core.admin import TextAdmin, TextTabularInline

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
    inlines = [AssignmentInline]


@admin.register(DutyShift)
class DutyShiftAdmin(TextAdmin):
    list_display = ["date", "starts_at", "ends_at", "workstation", "member", "kind", "status"]
    list_filter = ["status", "kind", "workstation__committee"]
    date_hierarchy = "date"
    list_select_related = ["workstation", "member"]
    raw_id_fields = ["workstation", "member", "opinions"]


@admin.register(ShiftSwap)
class ShiftSwapAdmin(TextAdmin):
    list_display = ["shift", "from_member", "to_member", "status", "created_at"]
    list_filter = ["status"]
    raw_id_fields = ["shift", "from_member", "to_member"]


@admin.register(ShiftEvent)
class ShiftEventAdmin(TextAdmin):
    list_display = ["shift", "kind", "actor", "created_at"]
    list_filter = ["kind"]
    raw_id_fields = ["shift"]
