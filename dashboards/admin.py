from django.contrib import admin

from core.admin import ServiceWrittenAdmin, TextTabularInline

from .models import Report, ReportEvent


class ReportEventInline(TextTabularInline):
    model = ReportEvent
    extra = 0
    can_delete = False
    readonly_fields = ["kind", "actor", "from_status", "to_status", "comment", "data", "created_at"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Report)
class ReportAdmin(ServiceWrittenAdmin):
    """Read-only: a report never changes once made; staff make a new version from the report's
    page (重新生成). The beat schedule that makes them is under 周期任务 (django-celery-beat)."""

    list_display = ["__str__", "committee", "kind", "period_start", "version", "created_at"]
    list_filter = ["kind", "committee"]
    date_hierarchy = "period_start"
    list_select_related = ["committee"]
    inlines = [ReportEventInline]
