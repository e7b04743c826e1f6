from django.contrib import admin

from core.admin import TextAdmin, TextTabularInline
from org.models import Department


@admin.register(Department)
class DepartmentAdmin(TextAdmin):
    list_display = ["name", "committee", "contact_name", "is_active"]
    list_filter = ["committee", "is_active"]
    search_fields = ["name"]


from .models import Category, Opinion, OpinionEvent, SensitiveWord  # noqa: E402


@admin.register(Category)
class CategoryAdmin(TextAdmin):
    list_display = ["name", "name_mn", "order", "is_active"]
    list_editable = ["order", "is_active"]


class OpinionEventInline(TextTabularInline):
    model = OpinionEvent
    extra = 0
    can_delete = False
    readonly_fields = ["kind", "actor", "from_status", "to_status", "comment", "created_at"]
    fields = readonly_fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Opinion)
class OpinionAdmin(TextAdmin):
    """Read-mostly: state changes go through the review desk's services."""

    list_display = ["tracking_code", "title", "committee", "status", "channel", "submitted_at"]
    list_filter = ["status", "channel", "committee", "is_spam"]
    search_fields = ["tracking_code", "title"]
    list_select_related = ["committee"]
    readonly_fields = [f.name for f in Opinion._meta.fields if f.name not in ("title",)]
    exclude = ["submitter_phone", "submitter_email", "submitter_name", "lookup_key_hash"]
    inlines = [OpinionEventInline]

    def has_add_permission(self, request):
        return False


@admin.register(SensitiveWord)
class SensitiveWordAdmin(TextAdmin):
    list_display = ["word", "is_active", "note"]
    list_editable = ["is_active"]
    search_fields = ["word"]
