"""The records the cockpit's metrics count, each a queryset of the app that owns them
(``metrics.METRICS`` names them; the periodic reports reuse the consultations', outcomes' and
lectures' for their own periods)."""

from __future__ import annotations

import datetime

from django.db.models import F, OuterRef, QuerySet, Subquery
from django.utils import timezone

from consultations.models import Consultation, ConsultationEvent, Invitation, Observer, Outcome
from lectures.models import LectureOrder
from liaison.models import Activity, ActivityParticipant
from members.models import Member
from opinions.models import Bulletin, Forwarding, Opinion, Satisfaction, Status

INACTIVE_DAYS = 30


def opinions() -> QuerySet:
    return Opinion.objects.exclude(status=Status.DRAFT).filter(is_spam=False)


def adopted() -> QuerySet:
    return Opinion.objects.filter(is_spam=False).exclude(adoption_level="")


def lead_forwardings() -> QuerySet:
    return Forwarding.objects.filter(role=Forwarding.Role.LEAD).exclude(
        status=Forwarding.Status.WITHDRAWN
    )


def replied() -> QuerySet:
    return lead_forwardings().filter(first_replied_at__isnull=False)


def replied_on_time() -> QuerySet:
    return replied().filter(first_replied_at__date__lte=F("due_date"))


def rated() -> QuerySet:
    return Opinion.objects.exclude(satisfaction="")


def rated_satisfied() -> QuerySet:
    return rated().filter(satisfaction__in=[Satisfaction.SATISFIED, Satisfaction.BASICALLY])


def issued_bulletins() -> QuerySet:
    return Bulletin.objects.filter(status=Bulletin.Status.ISSUED)


def confirmed_activities() -> QuerySet:
    return Activity.objects.filter(status=Activity.Status.CONFIRMED)


def participations() -> QuerySet:
    return ActivityParticipant.objects.filter(
        attended=True, activity__status=Activity.Status.CONFIRMED
    )


def active_members() -> QuerySet:
    return Member.objects.filter(status=Member.Status.ACTIVE)


def inactive_members(today: datetime.date | None = None) -> QuerySet:
    today = today or timezone.localdate()
    since = today - datetime.timedelta(days=INACTIVE_DAYS)
    recent = participations().filter(activity__occurred_on__gte=since).values("member_id")
    return active_members().exclude(pk__in=recent)


# A consultation event counts once it took place (held, its minutes published, closed).
HELD_STATUSES = (
    Consultation.Status.HELD,
    Consultation.Status.MINUTES,
    Consultation.Status.CLOSED,
)
ADOPTED_DECISIONS = (Outcome.Status.ADOPTED, Outcome.Status.PARTLY)
DELIVERED_STATUSES = (LectureOrder.Status.DELIVERED, LectureOrder.Status.RATED)


def consultations_held() -> QuerySet:
    return Consultation.objects.filter(status__in=HELD_STATUSES)


def consultation_attendances() -> QuerySet:
    """Members recorded as present (出席) at an event that took place: one row a member and
    event (人次)."""
    return Invitation.objects.filter(
        attendance=Invitation.Attendance.ATTENDED, consultation__status__in=HELD_STATUSES
    )


def observers_checked_in() -> QuerySet:
    return Observer.objects.filter(
        status=Observer.Status.CHECKED_IN, consultation__status__in=HELD_STATUSES
    )


def outcomes_adopted() -> QuerySet:
    """Outcomes whose decision (the follow-up step from 已报送) was 已采纳 or 部分采纳, dated by
    ``decided_on``; ``decision`` is that decision — an adopted outcome stays counted after it
    is implemented or closed (its status moves on, its decision does not)."""
    decision = (
        ConsultationEvent.objects.filter(
            outcome=OuterRef("pk"),
            kind=ConsultationEvent.Kind.FOLLOW_UP,
            from_status=Outcome.Status.SUBMITTED,
            to_status__in=ADOPTED_DECISIONS,
        )
        .order_by("-created_at", "-pk")
        .values("to_status")[:1]
    )
    return Outcome.objects.annotate(decision=Subquery(decision)).filter(
        decision__isnull=False, decided_on__isnull=False
    )


def lectures_delivered() -> QuerySet:
    return LectureOrder.objects.filter(status__in=DELIVERED_STATUSES, delivered_on__isnull=False)
