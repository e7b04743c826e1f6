from django.contrib import admin

from core.admin import TextAdmin, TextTabularInline

from .models import Activity, ActivityParticipant


class ActivityParticipantInline(TextTabularInline):
    model = ActivityParticipant
    extra = 0
    raw_id_fields = ["member"]


@admin.register(Activity)
class ActivityAdmin(TextAdmin):
    list_display = ["occurred_on", "title", "type", "committee", "reporter", "status", "is_public"]
    list_filter = ["status", "type", "committee", "is_public"]
    search_fields = ["title"]
    date_hierarchy = "occurred_on"
    list_select_related = ["committee", "reporter"]
    raw_id_fields = [
        "reporter",
        "workstation",
        "region",
        "group",
        "special_committee",
        "shift",
        "opinions",
        "created_by",
    ]
    # the workflow's state changes only through liaison.services (submit, confirm, return)
    readonly_fields = ["status", "return_reason", "submitted_at", "confirmed_at", "confirmed_by"]
    inlines = [ActivityParticipantInline]
