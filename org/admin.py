from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.admin import TextAdmin

from .models import CalendarDay, Committee, Expertise, Party, Region, Sector, SpecialCommittee, Term

WEEKDAYS = [_("周一"), _("周二"), _("周三"), _("周四"), _("周五"), _("周六"), _("周日")]


@admin.register(Committee)
class CommitteeAdmin(TextAdmin):
    list_display = ["name", "short_name", "short_name_mn", "level", "parent", "order"]
    search_fields = ["name", "short_name"]


@admin.register(Term)
class TermAdmin(TextAdmin):
    list_display = ["committee", "name", "starts_on", "ends_on", "is_current"]
    list_filter = ["committee", "is_current"]


@admin.register(Region)
class RegionAdmin(TextAdmin):
    list_display = ["name", "name_mn", "level", "parent", "committee"]
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


class CalendarYearFilter(admin.SimpleListFilter):
    title = _("年份")
    parameter_name = "year"

    def lookups(self, request, model_admin):
        years = CalendarDay.objects.dates("date", "year", order="DESC")
        return [(str(d.year), str(d.year)) for d in years]

    def queryset(self, request, queryset):
        value = self.value()
        if value and value.isdigit():
            return queryset.filter(date__year=int(value))
        return queryset


@admin.register(CalendarDay)
class CalendarDayAdmin(TextAdmin):
    """The working-day calendar (org.calendar): each year's public holidays and make-up working
    days from the State Council's notice. A saved change counts at once for new deadlines and
    reminders; deadlines already set stay as they were."""

    list_display = ["date", "weekday", "kind", "name"]
    list_filter = [CalendarYearFilter, "kind"]
    search_fields = ["name"]
    date_hierarchy = "date"
    ordering = ["-date"]

    @admin.display(description=_("星期"))
    def weekday(self, obj):
        return WEEKDAYS[obj.date.weekday()]
