from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from core.admin import ServiceWrittenAdmin

from .models import OutboxMessage, Reminder

if TYPE_CHECKING:  # ModelAdmin is generic only in django-stubs, not at run time
    from django_stubs_ext import StrPromise

    _ModelAdmin = admin.ModelAdmin[OutboxMessage]
else:
    _ModelAdmin = admin.ModelAdmin


@admin.register(OutboxMessage)
class OutboxMessageAdmin(_ModelAdmin):
    """Read-only: what was sent, what is waiting, what failed and why."""

    list_display = [
        "created_at",
        "channel",
        "recipient",
        "cause",
        "status",
        "attempts",
        "next_attempt_at",
        "sent_at",
        "last_error",
    ]
    list_filter = ["status", "channel"]
    search_fields = ["recipient", "cause"]
    date_hierarchy = "created_at"
    fields = (
        "channel",
        "recipient",
        "cause",
        "subject",
        "shown_body",
        "link",
        "status",
        "attempts",
        "next_attempt_at",
        "sent_at",
        "last_error",
        "created_at",
    )
    readonly_fields = fields

    @admin.display(description=_("内容"))
    def shown_body(self, obj: OutboxMessage) -> str | StrPromise:
        if obj.sensitive:
            return _("（含查询密码或重置链接，不显示）")
        return obj.body

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: OutboxMessage | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: OutboxMessage | None = None) -> bool:
        return False


@admin.register(Reminder)
class ReminderAdmin(ServiceWrittenAdmin):
    """The reminders sent (read-only): the key names the thing and its period."""

    list_display = ["sent_at", "key"]
    search_fields = ["key"]
    date_hierarchy = "sent_at"
