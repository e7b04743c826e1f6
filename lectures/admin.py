"""委员讲堂 in the admin: view-only (the menu's review and every step of an order are the pages'
services and transition tables; ``lectures.workflows``)."""

from django.contrib import admin

from core.admin import ServiceWrittenAdmin

from .models import LectureOffering, LectureOrder


@admin.register(LectureOffering)
class LectureOfferingAdmin(ServiceWrittenAdmin):
    list_display = ["title", "member", "committee", "field", "status", "approved_at"]
    list_filter = ["committee", "field", "status"]
    search_fields = ["title"]
    list_select_related = ["member", "committee"]


@admin.register(LectureOrder)
class LectureOrderAdmin(ServiceWrittenAdmin):
    """The requester's contact (personal data) and their link's hash stay out of the admin."""

    list_display = ["code", "committee", "organisation", "field", "status", "created_at"]
    list_filter = ["committee", "field", "status"]
    search_fields = ["code", "organisation"]
    list_select_related = ["committee"]
    exclude = ["contact_name", "contact_phone", "token_hash", "dedupe_token"]
