"""Factories for workstations, duty shifts and liaison activities (used by tests/workstations
and tests/members/test_activities*.py, test_ledger*.py)."""

import datetime

import factory
from factory.django import DjangoModelFactory

from liaison.models import Activity, ActivityParticipant, ActivityType
from org.models import Region
from tests.members.factories import CommitteeFactory, MemberFactory
from workstations.models import DutyShift, Workstation, WorkstationMember


def township_of(committee):
    return (
        Region.objects.filter(committee=committee, level=Region.Level.TOWNSHIP)
        .order_by("pk")
        .first()
    )


class WorkstationFactory(DjangoModelFactory):
    class Meta:
        model = Workstation

    committee = factory.SubFactory(CommitteeFactory)
    kind = Workstation.Kind.HOME
    name = factory.Sequence(lambda n: f"测试委员之家{n}")
    region = factory.LazyAttribute(lambda o: township_of(o.committee))
    address = "测试路1号"
    opening_hours = "每周三 9:00-12:00"
    status = Workstation.Status.ACTIVE


class AssignmentFactory(DjangoModelFactory):
    class Meta:
        model = WorkstationMember

    workstation = factory.SubFactory(WorkstationFactory)
    member = factory.SubFactory(
        MemberFactory, committee=factory.SelfAttribute("..workstation.committee")
    )
    role = WorkstationMember.Role.MEMBER
    joined_on = datetime.date(2026, 1, 1)


class DutyShiftFactory(DjangoModelFactory):
    class Meta:
        model = DutyShift

    workstation = factory.SubFactory(WorkstationFactory)
    member = factory.SubFactory(
        MemberFactory, committee=factory.SelfAttribute("..workstation.committee")
    )
    date = datetime.date(2026, 6, 15)
    starts_at = datetime.time(9, 0)
    ends_at = datetime.time(12, 0)


class ActivityFactory(DjangoModelFactory):
    """A member-logged activity; the reporter is a participant (see ``participants``)."""

    class Meta:
        model = Activity
        skip_postgeneration_save = True

    reporter = factory.SubFactory(MemberFactory)
    committee = factory.SelfAttribute("reporter.committee")
    type = ActivityType.SURVEY
    title = factory.Sequence(lambda n: f"走访调研活动{n}")
    occurred_on = datetime.date(2026, 6, 10)
    summary = "走访了解群众生产生活情况。"
    status = Activity.Status.SUBMITTED

    @factory.post_generation
    def participants(self, create, extracted, **kwargs):
        if not create:
            return
        members = [self.reporter] if self.reporter_id else []
        members += list(extracted or [])
        ActivityParticipant.objects.bulk_create(
            [ActivityParticipant(activity=self, member=m) for m in members],
            ignore_conflicts=True,
        )
