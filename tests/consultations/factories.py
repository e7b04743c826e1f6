"""Lecture offerings and orders reached through the services (never by writing a status)."""

from __future__ import annotations

import datetime

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from factory.django import DjangoModelFactory

from consultations import lecture_services as services
from consultations.lecture_models import LectureField, LectureOrder
from consultations.material_models import ConsultationMaterial
from consultations.models import Consultation, Invitation, Topic
from core.uploads import CleanUpload, clean_upload
from tests.members.factories import CommitteeFactory, MemberFactory

ORDER_DETAILS = {
    "requester_kind": LectureOrder.Requester.COMMUNITY,
    "organisation": "天骄社区",
    "contact_name": "李主任",
    "contact_phone": "13800001234",
    "place": "天骄社区活动室",
    "audience_size": 60,
    "preferred_dates": "6月下旬周末",
}


def approved_offering(member, staff, **overrides):
    details = {
        "title": "家庭教育中的沟通",
        "field": LectureField.EDUCATION,
        "audience": "家长",
        "length_minutes": 60,
        "description": "讲家长和孩子怎样沟通。",
        **overrides,
    }
    offering = services.offering_save(by=member.user, member=member, **details)
    services.offering_submit(offering=offering, by=member.user)
    return services.offering_approve(offering=offering, by=staff)


def placed_order(offering=None, *, committee=None, **overrides):
    kwargs = {**ORDER_DETAILS, **overrides}
    if offering is None:
        kwargs.setdefault("topic", "防范电信诈骗")
        kwargs.setdefault("field", LectureField.LAW)
    order, token = services.order_place(
        offering=offering, committee=committee, consent=True, **kwargs
    )
    return order, token


def order_in(state: str, *, offering, staff, member, when: datetime.date):
    """An order of ``offering`` taken to ``state`` by its author and ``staff``."""
    order, token = placed_order(offering)
    if state == "new":
        return order, token
    services.order_dispatch(order=order, by=staff, member=member)
    if state == "dispatched":
        return order, token
    services.order_accept(order=order, by=member.user)
    if state == "accepted":
        return order, token
    services.order_schedule(order=order, by=member.user, agreed_on=when)
    if state == "scheduled":
        return order, token
    services.order_deliver(
        order=order, by=staff, delivered_on=when, people_reached=55, summary="讲得很好。"
    )
    if state == "delivered":
        return order, token
    services.order_rate(order=order, rating=LectureOrder.Rating.SATISFIED, comment="谢谢")
    return order, token


"""Factories for consultations: a planned event (reach later states through the services)."""


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


# --- 会议材料 -------------------------------------------------------------------------------------
MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
    b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n"
    b"xref\n0 3\n0000000000 65535 f \ntrailer\n<< /Size 3 /Root 1 0 R >>\n"
    b"startxref\n100\n%%EOF\n"
)


def pdf_file(name: str = "会议议程.pdf", data: bytes = MINIMAL_PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def pdf_upload(name: str = "会议议程.pdf") -> CleanUpload:
    """A PDF as it comes out of the upload checks (core.uploads)."""
    return clean_upload(pdf_file(name), documents=True)


def stored_material(consultation, *, is_public: bool = False, title: str = "会议议程"):
    """A material stored directly (set-up for a test of what happens to it)."""
    return ConsultationMaterial.store(
        pdf_upload(), consultation=consultation, title=title, is_public=is_public
    )
