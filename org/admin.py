from django.contrib import admin

from core.admin import TextAdmin

from .models import Committee, Expertise, Party, Region, Sector, SpecialCommittee, Term


@admin.register(Committee)
class CommitteeAdmin(TextAdmin):
    list_display = ["name", "short_name", "level", "parent", "order"]
    search_fields = ["name", "short_name"]


@admin.register(Term)
class TermAdmin(TextAdmin):
    list_display = ["committee", "name", "starts_on", "ends_on", "is_current"]
    list_filter = ["committee", "is_current"]


@admin.register(Region)
class RegionAdmin(TextAdmin):
    list_display = ["name", "level", "parent", "committee"]
    list_filter = ["level", "committee"]
    search_fields = ["name"]
    list_select_related = ["parent", "committee"]
    autocomplete_fields = ["parent"]


@admin.register(Sector)
class SectorAdmin(TextAdmin):
    list_display = ["name", "committee", "order"]
    list_filter = ["committee"]
    search_fields = ["name"]


@admin.register(SpecialCommittee)
class SpecialCommitteeAdmin(TextAdmin):
    list_display = ["name", "committee", "order"]
    list_filter = ["committee"]
    filter_horizontal = ["sectors"]


@admin.register(Party)
class PartyAdmin(TextAdmin):
    list_display = ["name", "kind", "order"]


@admin.register(Expertise)
class ExpertiseAdmin(TextAdmin):
    search_fields = ["name"]
