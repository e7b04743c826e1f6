from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import (
    Committee,
    Expertise,
    GridManager,
    GridPairing,
    Member,
    MemberGroup,
    Party,
    Region,
    Sector,
    SpecialCommittee,
    Term,
    User,
)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "name", "role", "committee", "department", "is_active"]
    list_filter = ["role", "committee", "is_active"]
    search_fields = ["username", "name", "phone", "email"]
    list_select_related = ["committee", "department"]
    autocomplete_fields = ["committee", "department"]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("身份与范围"), {"fields": ("name", "role", "committee", "department", "phone", "email")}),
        (_("状态"), {"fields": ("is_active", "is_staff", "is_superuser", "last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("username", "password1", "password2")}),
        (_("身份与范围"), {"fields": ("name", "role", "committee", "department", "phone", "email")}),
    )
    readonly_fields = ["last_login", "date_joined"]


@admin.register(Committee)
class CommitteeAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "level", "parent", "order"]
    search_fields = ["name", "short_name"]


@admin.register(Term)
class TermAdmin(admin.ModelAdmin):
    list_display = ["committee", "name", "starts_on", "ends_on", "is_current"]
    list_filter = ["committee", "is_current"]


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "level", "parent", "committee"]
    list_filter = ["level", "committee"]
    search_fields = ["name"]
    list_select_related = ["parent", "committee"]
    autocomplete_fields = ["parent"]


@admin.register(Sector)
class SectorAdmin(admin.ModelAdmin):
    list_display = ["name", "committee", "order"]
    list_filter = ["committee"]
    search_fields = ["name"]


@admin.register(SpecialCommittee)
class SpecialCommitteeAdmin(admin.ModelAdmin):
    list_display = ["name", "committee", "order"]
    list_filter = ["committee"]
    filter_horizontal = ["sectors"]


@admin.register(Party)
class PartyAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "order"]


@admin.register(Expertise)
class ExpertiseAdmin(admin.ModelAdmin):
    search_fields = ["name"]


@admin.register(Member)
class MemberAdmin(admin.ModelAdmin):
    list_display = ["name", "committee", "sector", "party", "level", "status"]
    list_filter = ["committee", "level", "status"]
    search_fields = ["name", "work_unit"]
    list_select_related = ["committee", "sector", "party"]
    raw_id_fields = ["user", "region"]
    filter_horizontal = ["expertise"]


@admin.register(MemberGroup)
class MemberGroupAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "committee"]
    list_filter = ["committee", "kind"]
    raw_id_fields = ["leader", "members", "region"]


@admin.register(GridManager)
class GridManagerAdmin(admin.ModelAdmin):
    list_display = ["name", "region", "committee", "is_active"]
    list_filter = ["committee", "is_active"]
    search_fields = ["name"]
    raw_id_fields = ["region"]


@admin.register(GridPairing)
class GridPairingAdmin(admin.ModelAdmin):
    list_display = ["member", "grid_manager", "started_on", "ended_on"]
    raw_id_fields = ["member", "grid_manager"]
