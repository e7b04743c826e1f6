from django.contrib import admin

from core.admin import ServiceWrittenAdmin, TextAdmin

from .models import (
    Consultation,
    ConsultationEvent,
    ConsultationMaterial,
    Invitation,
    Minutes,
    Observer,
    Outcome,
    Topic,
)


@admin.register(Topic)
class TopicAdmin(TextAdmin):
    list_display = ["title", "committee", "source", "created_at"]
    list_filter = ["committee", "source"]
    search_fields = ["title"]
    raw_id_fields = ["opinions"]


@admin.register(Consultation)
class ConsultationAdmin(TextAdmin):
    list_display = ["title", "committee", "kind", "starts_at", "status", "is_public", "capacity"]
    list_filter = ["committee", "kind", "status", "is_public"]
    search_fields = ["title"]
    date_hierarchy = "starts_at"
    list_select_related = ["committee"]
    raw_id_fields = ["topic", "workstation"]
    readonly_fields = ["status"]  # the event page's steps (consultations.workflows)


@admin.register(Invitation)
class InvitationAdmin(TextAdmin):
    list_display = ["consultation", "member", "rsvp", "attendance", "spoke"]
    list_filter = ["rsvp", "attendance"]
    raw_id_fields = ["consultation", "member"]
    # the answer and the attendance (which feeds the ledger) are the services'
    readonly_fields = ["rsvp", "responded_at", "attendance", "spoke"]


@admin.register(Observer)
class ObserverAdmin(ServiceWrittenAdmin):
    """View-only: personal data of the public, written and changed by the services."""

    list_display = ["consultation", "masked_name", "masked_phone", "status", "created_at"]
    list_filter = ["status"]
    exclude = ["name", "phone", "token", "entry_code"]


@admin.register(Minutes)
class MinutesAdmin(TextAdmin):
    list_display = ["consultation", "published_at", "updated_at"]
    raw_id_fields = ["consultation"]
    readonly_fields = ["published_at"]


@admin.register(Outcome)
class OutcomeAdmin(TextAdmin):
    list_display = ["consultation", "submitted_to", "status", "updated_at"]
    list_filter = ["status"]
    raw_id_fields = ["consultation"]
    readonly_fields = ["status", "decided_on", "implemented_on", "closed_on"]


@admin.register(ConsultationEvent)
class ConsultationEventAdmin(ServiceWrittenAdmin):
    list_display = ["consultation", "kind", "actor", "created_at"]
    list_filter = ["kind"]
    raw_id_fields = ["consultation", "invitation", "observer", "outcome"]


@admin.register(ConsultationMaterial)
class ConsultationMaterialAdmin(ServiceWrittenAdmin):
    """View-only: uploaded, made public and removed on the event's page (consultations.services.materials),
    where each step is a row of the timeline; the file is served by its view, not from here."""

    list_display = ["title", "consultation", "is_public", "content_type", "size", "created_at"]
    list_filter = ["is_public"]
    list_select_related = ["consultation"]
    exclude = ["token", "file"]
