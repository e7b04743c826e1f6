from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.admin import TextAdmin
from core.exports import export_response

from .models import AuditCheckpoint, AuditLog
from .services import audit_log


@admin.register(AuditLog)
class AuditLogAdmin(TextAdmin):
    """Read-only: the audit log is append-only. Filter, search and export to CSV."""

    list_display = ["created_at", "actor_label", "action", "target", "ip_address"]
    list_filter = ["action", ("created_at", admin.DateFieldListFilter)]
    search_fields = ["actor_label", "target", "action"]
    date_hierarchy = "created_at"
    actions = ["export_csv"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("导出所选审计日志（CSV）"))
    def export_csv(self, request, queryset):
        """Streamed in constant memory: the entries are read in chunks while the file is sent
        (the audit entry of the export is written first)."""
        entries = queryset.order_by("pk")
        audit_log(
            actor=request.user,
            action="export_audit_log",
            target="audit_log",
            detail={"rows": entries.count()},
            request=request,
        )
        return export_response(
            fmt="csv",
            filename="audit-log",
            header=["time", "actor", "action", "target", "ip", "detail", "hash"],
            rows=(
                [
                    e.created_at.isoformat(),
                    e.actor_label,
                    e.action,
                    e.target,
                    e.ip_address or "",
                    e.detail,
                    e.entry_hash,
                ]
                for e in entries.iterator(chunk_size=2000)
            ),
        )


@admin.register(AuditCheckpoint)
class AuditCheckpointAdmin(admin.ModelAdmin):
    """Read-only: signed checkpoints of the audit chain (audit.chain)."""

    list_display = ["created_at", "reason", "first_entry_id", "last_entry_id", "entries"]
    list_filter = ["reason"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
