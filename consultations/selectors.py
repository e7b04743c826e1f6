"""Reads shared by the consultation pages, the workspaces, the tasks and the demo loader; each
scoped to what the user may see (org.scope) with its joins already applied."""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.utils import timezone

from org.models import Department

from .models import (
    Consultation,
    ConsultationMaterial,
    Invitation,
    Observer,
    Outcome,
    Topic,
)

C = Consultation.Status


# --- the office and leaders -----------------------------------------------------------------
def topics_for(*, user):
    return (
        Topic.objects.visible_to(user)
        .select_related("committee")
        .annotate(n_opinions=Count("opinions", distinct=True))
        .order_by("-created_at", "-pk")
    )


def topic_detail(*, user):
    return Topic.objects.visible_to(user).select_related("committee", "created_by")


def consultations_for(*, user):
    return (
        Consultation.objects.visible_to(user)
        .select_related("committee", "workstation", "topic")
        .annotate(
            n_invited=Count("invitations", distinct=True),
            n_observers=Count(
                "observers",
                filter=Q(observers__status__in=Observer.PLACE_STATUSES),
                distinct=True,
            ),
            n_pending=Count(
                "observers", filter=Q(observers__status=Observer.Status.PENDING), distinct=True
            ),
        )
        .order_by("-starts_at", "-pk")
    )


def with_observers_awaiting(queryset):
    """The events of ``queryset`` with registrations waiting for the office's approval."""
    pending = Observer.objects.filter(consultation=OuterRef("pk"), status=Observer.Status.PENDING)
    return queryset.filter(Exists(pending))


def observers_awaiting_approval(*, user):
    """旁听待审核: events in the user's view with registrations to approve — the office's tile;
    the event list's ``?awaiting=true`` is the same rows."""
    return with_observers_awaiting(consultations_for(user=user))


# 列席部门 in the pages' order (pinyin), one query for the event
_DEPARTMENTS = Prefetch(
    "departments", queryset=Department.objects.order_by("sort_key", "name", "pk")
)


def consultation_detail(*, user):
    return (
        Consultation.objects.visible_to(user)
        .select_related("committee", "workstation", "topic", "minutes")
        .prefetch_related(_DEPARTMENTS)
    )


def invitations_of(consultation):
    return consultation.invitations.select_related("member", "member__committee").order_by(
        "member__committee__order", "member__name", "pk"
    )


def observers_of(consultation):
    return consultation.observers.order_by("created_at", "pk")


def outcomes_of(consultation):
    return consultation.outcomes.order_by("pk")


def timeline_of(consultation):
    return consultation.events.select_related("actor").order_by("created_at", "pk")


# --- members ----------------------------------------------------------------------------------
def my_invitations(*, member):
    return (
        Invitation.objects.filter(member=member)
        .select_related(
            "member", "consultation", "consultation__workstation", "consultation__committee"
        )
        .order_by("-consultation__starts_at", "-pk")
    )


def my_pending_invitations(*, member):
    """Invitations the member has not answered, to events still ahead (the member's tile)."""
    return my_invitations(member=member).filter(
        rsvp=Invitation.Rsvp.PENDING,
        consultation__status__in=[C.PLANNED, C.OPEN],
        consultation__ends_at__gte=timezone.now(),
    )


def my_upcoming(*, member):
    return (
        my_invitations(member=member)
        .filter(
            consultation__status__in=[C.PLANNED, C.OPEN],
            consultation__ends_at__gte=timezone.now(),
        )
        .exclude(rsvp=Invitation.Rsvp.DECLINED)
        .order_by("consultation__starts_at", "pk")
    )


# --- the public -------------------------------------------------------------------------------
def public_upcoming():
    return (
        Consultation.objects.public()
        .upcoming()
        .filter(status__in=[C.OPEN, C.HELD])
        .select_related("committee", "workstation")
        .order_by("starts_at", "pk")
    )


def public_past():
    """Public events that took place and published their minutes (newest first)."""
    return (
        Consultation.objects.public()
        .filter(status__in=[C.MINUTES, C.CLOSED])
        .select_related("committee", "workstation")
        .order_by("-starts_at", "-pk")
    )


def public_detail():
    return (
        Consultation.objects.public()
        .select_related("committee", "workstation", "topic", "minutes")
        .prefetch_related(
            Prefetch("outcomes", queryset=Outcome.objects.order_by("pk")), _DEPARTMENTS
        )
    )


def places_taken(consultation) -> int:
    return consultation.observers.holding_places().count()


def observer_by_token(token: str):
    if not token or len(token) > 40:
        return None
    return (
        Observer.objects.select_related(
            "consultation", "consultation__workstation", "consultation__committee"
        )
        .filter(token=token)
        .first()
    )


def waitlist_position(observer) -> int | None:
    if observer.status != Observer.Status.WAITLISTED:
        return None
    return (
        observer.consultation.observers.waitlist()
        .filter(
            Q(created_at__lt=observer.created_at)
            | Q(created_at=observer.created_at, pk__lt=observer.pk)
        )
        .count()
        + 1
    )


# --- 会议材料 -------------------------------------------------------------------------------------
def materials_of(consultation):
    return consultation.materials.select_related("uploaded_by").order_by("pk")


def public_materials_of(consultation):
    return consultation.materials.filter(is_public=True).order_by("pk")


def with_materials(invitations):
    """Invitations with their event's materials (``consultation.material_list``): an invited
    member downloads every material of the event, public or not."""
    return invitations.prefetch_related(
        Prefetch(
            "consultation__materials",
            queryset=ConsultationMaterial.objects.order_by("pk"),
            to_attr="material_list",
        )
    )
