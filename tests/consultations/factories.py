"""Factories for consultations: a planned event (reach later states through the services)."""

from __future__ import annotations

import datetime

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from factory.django import DjangoModelFactory

from accounts.models import User
from consultations.models import Consultation, ConsultationMaterial, Invitation, Topic
from core.uploads import CleanUpload, clean_upload
from opinions.models import Status
from tests.members.factories import CommitteeFactory, MemberFactory, MemberUserFactory
from tests.opinions.factories import DepartmentFactory, OpinionFactory
from tests.workstations.factories import WorkstationFactory


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


def demo_world(ref, make_user):
    """What ``load_demo_consultations`` needs in three committees: staff, members (one with an
    account), adopted opinions, a workstation and departments."""
    for code in ("ordos", "dalate", "zhungeer"):
        committee = ref[code]
        make_user(User.Role.STAFF, committee)
        MemberFactory.create_batch(8, committee=committee)
        MemberUserFactory(committee=committee)
        OpinionFactory.create_batch(2, committee=committee, status=Status.ADOPTED)
        WorkstationFactory(committee=committee)
        for name in ("住房和城乡建设局", "交通运输局", "教育局"):
            DepartmentFactory(committee=committee, name=f"{committee.short_name}{name}")
