"""Records shared by the cockpit's and the reports' tests."""

from __future__ import annotations

import datetime

from consultations.models import Consultation, ConsultationEvent, Invitation, Observer, Outcome
from lectures.models import LectureField, LectureOrder
from tests.consultations.factories import ConsultationFactory, InvitationFactory


def decide(outcome, status):
    ConsultationEvent.objects.create(
        consultation=outcome.consultation,
        outcome=outcome,
        kind=ConsultationEvent.Kind.FOLLOW_UP,
        from_status=Outcome.Status.SUBMITTED,
        to_status=status,
    )


def consultation_world(committee, members, when, n):
    """A consultation held two days after ``when`` (one member present, one absent, one
    observer checked in, one only registered), its outcomes (one adopted — since implemented —
    or partly adopted, one not adopted), an event still planned, a lecture delivered and one
    only scheduled."""
    held = ConsultationFactory(
        committee=committee,
        kind=Consultation.Kind.GRASSROOTS if n % 2 else Consultation.Kind.SECTOR,
        status=Consultation.Status.CLOSED if n % 2 else Consultation.Status.MINUTES,
        starts_at=when + datetime.timedelta(days=2),
        ends_at=when + datetime.timedelta(days=2, hours=2),
    )
    ConsultationFactory(committee=committee, starts_at=when)  # planned: not counted
    InvitationFactory(
        consultation=held, member=members[0], attendance=Invitation.Attendance.ATTENDED, spoke=True
    )
    InvitationFactory(consultation=held, member=members[1], attendance=Invitation.Attendance.ABSENT)
    for status, phone in (
        (Observer.Status.CHECKED_IN, "13900000001"),
        (Observer.Status.CONFIRMED, "13900000002"),
    ):
        Observer.objects.create(
            consultation=held,
            name="王芳",
            phone=phone,
            status=status,
            consent_at=when,
            checked_in_at=held.starts_at if status == Observer.Status.CHECKED_IN else None,
        )
    decided = (when + datetime.timedelta(days=12)).date()
    adopted = Outcome.objects.create(
        consultation=held,
        recommendation="建议加快老旧小区加装电梯。",
        submitted_to="市住房和城乡建设局",
        submitted_on=decided,
        status=Outcome.Status.PARTLY if n % 2 else Outcome.Status.IMPLEMENTED,
        decided_on=decided,
    )
    decide(adopted, Outcome.Status.PARTLY if n % 2 else Outcome.Status.ADOPTED)
    refused = Outcome.objects.create(
        consultation=held,
        recommendation="建议增设公交线路。",
        submitted_to="市交通运输局",
        submitted_on=decided,
        status=Outcome.Status.NOT_ADOPTED,
        decided_on=decided,
    )
    decide(refused, Outcome.Status.NOT_ADOPTED)
    for status in (LectureOrder.Status.RATED, LectureOrder.Status.SCHEDULED):
        serial = LectureOrder.objects.count() + 1
        LectureOrder.objects.create(
            committee=committee,
            code=f"JT{serial:06d}",
            token_hash=f"{serial:064d}",
            topic="防范电信诈骗",
            field=LectureField.LAW,
            requester_kind=LectureOrder.Requester.COMMUNITY,
            organisation="天骄社区",
            contact_name="李主任",
            contact_phone="13800001234",
            place="天骄社区活动室",
            audience_size=60,
            preferred_dates="周末",
            status=status,
            member=members[1],
            delivered_on=decided if status == LectureOrder.Status.RATED else None,
            people_reached=40 + n if status == LectureOrder.Status.RATED else None,
        )
