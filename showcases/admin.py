"""典型经验 in the admin: view-only (writing, publishing and taking one down are the desk's
services and transition table; ``showcases.workflows``)."""

from django.contrib import admin

from core.admin import ServiceWrittenAdmin

from .models import Showcase


@admin.register(Showcase)
class ShowcaseAdmin(ServiceWrittenAdmin):
    list_display = ["title", "committee", "status", "published_at", "updated_at"]
    list_filter = ["committee", "status"]
    search_fields = ["title"]
    list_select_related = ["committee"]
