from django.contrib import admin

from core.admin import ServiceWrittenAdmin

from .models import ExportJob


@admin.register(ExportJob)
class ExportJobAdmin(ServiceWrittenAdmin):
    """View-only, without the file: only the user who asked for an export downloads it."""

    list_display = ["created_at", "requested_by", "title", "fmt", "status", "row_count"]
    list_filter = ["status", "fmt", "kind"]
    exclude = ["file", "token"]
