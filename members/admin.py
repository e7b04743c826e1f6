from django.contrib import admin

from core.admin import TextAdmin

from .models import GridManager, GridPairing, Member, MemberGroup


@admin.register(Member)
class MemberAdmin(TextAdmin):
    list_display = ["name", "committee", "sector", "party", "level", "status"]
    list_filter = ["committee", "level", "status"]
    search_fields = ["name", "work_unit"]
    list_select_related = ["committee", "sector", "party"]
    raw_id_fields = ["user", "region"]
    filter_horizontal = ["expertise"]
    readonly_fields = ["status"]  # changed on the member page, through members.services


@admin.register(MemberGroup)
class MemberGroupAdmin(TextAdmin):
    list_display = ["name", "kind", "committee"]
    list_filter = ["committee", "kind"]
    raw_id_fields = ["leader", "members", "region"]


@admin.register(GridManager)
class GridManagerAdmin(TextAdmin):
    list_display = ["name", "region", "committee", "is_active"]
    list_filter = ["committee", "is_active"]
    search_fields = ["name"]
    raw_id_fields = ["region"]


@admin.register(GridPairing)
class GridPairingAdmin(TextAdmin):
    list_display = ["member", "grid_manager", "started_on", "ended_on"]
    raw_id_fields = ["member", "grid_manager"]


# --- Liaison activities and the performance ledger -------------------------------------------
