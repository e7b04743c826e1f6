"""Status, grade, review and role columns are guarded by database check constraints: a write that
skips the services and their choices (a raw ``.update()``, SQL from a shell) cannot store a state
the transition tables do not know."""

from __future__ import annotations

import datetime

import pytest
from django.db import IntegrityError, models, transaction

from accounts.models import User
from consultations.models import Consultation, Invitation, Observer, Outcome, Topic
from lectures.models import LectureOffering, LectureOrder
from ledger.models import Grade, MemberYearScore
from liaison.models import Activity
from members.models import Member
from opinions.models import Bulletin, Forwarding, Opinion, Reply, Status
from showcases.models import Showcase
from tests.consultations.factories import ConsultationFactory, InvitationFactory
from tests.members.factories import MemberFactory, UserFactory
from tests.opinions.factories import DepartmentFactory, OpinionFactory
from tests.workstations.factories import ActivityFactory, DutyShiftFactory, WorkstationFactory
from workstations.models import DutyShift, ShiftSwap, Workstation

# (model, field, the choices the column may hold, whether "" is allowed)
GUARDED: list[tuple[type[models.Model], str, list[str], bool]] = [
    (User, "role", User.Role.values, False),
    (Member, "status", Member.Status.values, False),
    (Activity, "status", Activity.Status.values, False),
    (MemberYearScore, "computed_grade", Grade.values, True),
    (MemberYearScore, "grade", Grade.values, True),
    (Workstation, "status", Workstation.Status.values, False),
    (DutyShift, "status", DutyShift.Status.values, False),
    (ShiftSwap, "status", ShiftSwap.Status.values, False),
    (Opinion, "status", Status.values, False),
    (Bulletin, "status", Bulletin.Status.values, False),
    (Forwarding, "status", Forwarding.Status.values, False),
    (Reply, "review", Reply.Review.values, False),
    (LectureOffering, "status", LectureOffering.Status.values, False),
    (LectureOrder, "status", LectureOrder.Status.values, False),
    (LectureOrder, "rating", LectureOrder.Rating.values, True),
    (Showcase, "status", Showcase.Status.values, False),
    (Topic, "source", Topic.Source.values, False),
    (Consultation, "status", Consultation.Status.values, False),
    (Consultation, "kind", Consultation.Kind.values, False),
    (Invitation, "rsvp", Invitation.Rsvp.values, False),
    (Invitation, "attendance", Invitation.Attendance.values, False),
    (Observer, "status", Observer.Status.values, False),
    (Outcome, "status", Outcome.Status.values, False),
]
IDS = [f"{model.__name__}.{field}" for model, field, _values, _blank in GUARDED]


@pytest.fixture
def rows(db, dalate):
    """One row of every guarded model."""
    member = MemberFactory(committee=dalate)
    colleague = MemberFactory(committee=dalate)
    opinion = OpinionFactory(committee=dalate, status=Status.FORWARDED)
    forwarding = Forwarding.objects.create(
        opinion=opinion,
        department=DepartmentFactory(committee=dalate),
        role=Forwarding.Role.LEAD,
        due_date=datetime.date(2026, 7, 15),
    )
    shift = DutyShiftFactory(workstation=WorkstationFactory(committee=dalate), member=member)
    ShiftSwap.objects.create(shift=shift, from_member=member, to_member=colleague, reason="出差")
    Reply.objects.create(forwarding=forwarding, text="已解决。", resolution=Reply.Resolution.SOLVED)
    Bulletin.objects.create(committee=dalate, year=2026)
    ActivityFactory(reporter=member)
    MemberYearScore.objects.create(committee=dalate, member=member, year=2026)
    UserFactory()
    offering = LectureOffering.objects.create(
        committee=dalate,
        member=member,
        title="讲题",
        field="law",
        audience="居民",
        description="内容",
    )
    LectureOrder.objects.create(
        committee=dalate,
        code="JT-2026-00001",
        token_hash="0" * 64,
        offering=offering,
        field="law",
        requester_kind="community",
        organisation="社区",
        contact_name="联系人",
        contact_phone="13800001111",
        place="活动室",
        audience_size=30,
        preferred_dates="下周",
    )
    Showcase.objects.create(committee=dalate, title="经验", summary="摘要", body="正文")
    consultation = ConsultationFactory(
        committee=dalate,
        topic=Topic.objects.create(committee=dalate, source="request", title="议题"),
    )
    InvitationFactory(consultation=consultation)
    Observer.objects.create(
        consultation=consultation,
        name="张三",
        phone="13900000000",
        status="confirmed",
        consent_at=datetime.datetime(2026, 6, 1, tzinfo=datetime.UTC),
    )
    Outcome.objects.create(consultation=consultation, recommendation="建议", submitted_to="市政府")


def _allowed(model: type[models.Model], field: str) -> list[str]:
    """The values the model's check constraint on ``field`` allows."""
    lookup = f"{field}__in"
    for constraint in model._meta.constraints:
        condition = getattr(constraint, "condition", None)
        if isinstance(constraint, models.CheckConstraint) and isinstance(condition, models.Q):
            for child in condition.children:
                if isinstance(child, tuple) and child[0] == lookup:
                    return list(child[1])
    raise AssertionError(f"{model.__name__}.{field} has no check constraint")


@pytest.mark.parametrize(("model", "field", "values", "blank"), GUARDED, ids=IDS)
def test_unknown_state_is_refused_by_the_database(rows, model, field, values, blank):
    assert model._default_manager.exists()
    with pytest.raises(IntegrityError), transaction.atomic():
        model._default_manager.update(**{field: "bogus"})


@pytest.mark.parametrize(("model", "field", "values", "blank"), GUARDED, ids=IDS)
def test_every_known_state_is_allowed(rows, model, field, values, blank):
    """The constraint lists exactly the choices (plus "" where the column may be empty), so a
    new status added to the choices without a migration is caught here."""
    allowed = _allowed(model, field)
    assert sorted(allowed) == sorted([*values, *([""] if blank else [])])
    for value in allowed:
        with transaction.atomic():
            model._default_manager.update(**{field: value})
