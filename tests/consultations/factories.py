"""Factories for consultations: a planned event (reach later states through the services)."""

import datetime

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from consultations.models import Consultation, Invitation, Topic
from tests.members.factories import CommitteeFactory, MemberFactory


class TopicFactory(DjangoModelFactory):
    class Meta:
        model = Topic

    committee = factory.SubFactory(CommitteeFactory)
    source = Topic.Source.REQUEST
    title = factory.Sequence(lambda n: f"关于老旧小区改造的协商议题{n}")


class ConsultationFactory(DjangoModelFactory):
    """A planned public event three days ahead with 3 observer places."""

    class Meta:
        model = Consultation

    committee = factory.SubFactory(CommitteeFactory)
    kind = Consultation.Kind.OPEN_DAY
    title = factory.Sequence(lambda n: f"政协开放日活动{n}")
    address = "鄂尔多斯市康巴什区政协会议室"
    leading_body = "政协办公室"
    starts_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=3))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=2))
    is_public = True
    capacity = 3


class InvitationFactory(DjangoModelFactory):
    class Meta:
        model = Invitation

    consultation = factory.SubFactory(ConsultationFactory)
    member = factory.SubFactory(
        MemberFactory, committee=factory.SelfAttribute("..consultation.committee")
    )
