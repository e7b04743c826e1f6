"""Fixtures for the security tests: one 达拉特旗 user per role, and a "world" of objects — one in
达拉特旗 (the users' scope) and one in 准格尔旗 (outside it) — for every kind of record a URL can
point at. The authorization matrix and the header test build their URLs from it."""

from __future__ import annotations

import dataclasses
import datetime

import pytest
from django.core.files.base import ContentFile
from django.test import Client

from accounts.models import User
from api.services import api_token_create
from consultations.models import Consultation, Invitation, Observer, Outcome
from dashboards.reports.services import generate_report
from exports.models import ExportJob
from lectures import services as lecture_services
from ledger.models import MemberYearScore
from liaison.models import ActivityPhoto
from notifications.models import Notification
from opinions import abuse
from opinions.models import (
    Bulletin,
    BulletinItem,
    Channel,
    Forwarding,
    Reply,
    ReplyDocument,
    Status,
)
from org.models import Region
from showcases import services as showcase_services
from showcases.models import ShowcasePhoto
from tests.consultations.factories import ConsultationFactory, TopicFactory, stored_material
from tests.members.factories import GridPairingFactory, MemberUserFactory
from tests.opinions.factories import (
    AttachmentFactory,
    DepartmentFactory,
    OpinionFactory,
)
from tests.workstations.factories import (
    ActivityFactory,
    AssignmentFactory,
    DutyShiftFactory,
    WorkstationFactory,
)
from workstations.models import ShiftSwap

ROLES = ["anonymous", "citizen", "member", "staff", "leader", "department", "admin"]
SCOPES = ["in", "out"]
YEAR, MONTH = 2026, 6

# A 1x1 PNG (for activity photos served through their view).
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploads land in a temporary directory, never in var/media."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


@pytest.fixture
def role_users(make_user, dalate, member_user):
    """One 达拉特旗 user per role (citizens and the administrator have no committee; the
    administrator is a superuser and sees every committee)."""
    return {
        "anonymous": None,
        "citizen": make_user(User.Role.CITIZEN, None, username="sec_citizen"),
        "member": member_user,
        "staff": make_user(User.Role.STAFF, dalate, username="sec_staff"),
        "leader": make_user(User.Role.LEADER, dalate, username="sec_leader"),
        "department": make_user(User.Role.DEPARTMENT, dalate, username="sec_dept"),
        "admin": make_user(User.Role.ADMIN, None, username="sec_admin"),
    }


@pytest.fixture
def role_clients(role_users):
    """A logged-in test client per role (CSRF checks off, as in the rest of the suite)."""
    clients = {}
    for role, user in role_users.items():
        client = Client()
        if user is not None:
            client.force_login(user)
        clients[role] = client
    return clients


@dataclasses.dataclass
class Scope:
    """The records of one committee that URLs can point at."""

    committee: object
    member: object  # a member with an account (the owner of the items below)
    colleague: object  # a second member of the same committee
    village: object
    pairing: object
    activity: object
    photo: object
    score: object
    item: object  # the member's 社情民意 item (submitted, with an attachment)
    attachment: object
    bulletin: object
    bulletin_item: object
    department: object
    forwarding: object
    reply: object
    reply_document: object  # the department's reply letter (a PDF)
    workstation: object
    assignment: object
    shift: object
    swap: object
    export_job: object  # a finished export of this committee's office user (only they download)
    notice: object  # an in-app notice of this committee's office user (only they open it)
    api_token: object  # a device token of this committee's office user (only they revoke it)
    offering: object  # the member's 委员讲堂 offering, on the menu
    order: object  # an order of that offering, dispatched to the member
    order_token: str  # the requester's private link
    showcase: object  # a published 典型经验 of this committee
    showcase_photo: object
    topic: object  # a consultation topic
    consultation: object  # a public event open for registration (the member is invited)
    invitation: object  # the member's invitation to it
    observer: object  # a citizen's registration (pending approval)
    outcome: object  # an outcome of the event
    material: object  # a meeting material of the event (not public: office, leaders, invited)
    report: object  # the committee's monthly report (May 2026)


def _export_job(requester):
    job = ExportJob(
        requested_by=requester,
        kind="opinions.desk",
        title="社情民意审核列表",
        fmt="csv",
        permission="opinions.view_desk",
        token=f"{requester.pk:032x}",
        original_name="opinions.csv",
        content_type="text/csv; charset=utf-8",
        size=4,
        status=ExportJob.Status.READY,
        row_count=1,
    )
    job.file.save("opinions.csv", ContentFile(b"a\r\n1"), save=False)
    job.save()
    return job


def _lectures(member, office):
    """The member's offering on the menu and an order of it dispatched to them; a published
    典型经验 with a photo."""
    offering = lecture_services.offering_save(
        by=member.user,
        member=member,
        title="讲题",
        field="law",
        audience="居民",
        length_minutes=60,
        description="内容",
    )
    lecture_services.offering_submit(offering=offering, by=member.user)
    lecture_services.offering_approve(offering=offering, by=office)
    order, token = lecture_services.order_place(
        offering=offering,
        consent=True,
        requester_kind="community",
        organisation="社区",
        contact_name="联系人",
        contact_phone="13800001111",
        place="活动室",
        audience_size=30,
        preferred_dates="下周",
    )
    lecture_services.order_dispatch(order=order, by=office, member=member)
    showcase = showcase_services.showcase_create(
        by=office, committee=member.committee, title="典型经验", summary="摘要", body="正文"
    )
    photo = ShowcasePhoto(
        showcase=showcase,
        token=f"{showcase.pk:031x}s",
        original_name="photo.png",
        content_type="image/png",
        size=len(PNG),
    )
    photo.file.save("photo.png", ContentFile(PNG), save=False)
    photo.save()
    showcase_services.showcase_publish(showcase=showcase, by=office)
    return {
        "offering": offering,
        "order": order,
        "order_token": token,
        "showcase": showcase,
        "showcase_photo": photo,
    }


def _scope(committee, member, department, office) -> Scope:
    colleague = MemberUserFactory(committee=committee)
    village = (
        Region.objects.filter(committee=committee, level=Region.Level.VILLAGE)
        .order_by("pk")
        .first()
    )
    activity = ActivityFactory(reporter=member, status="returned")
    photo = ActivityPhoto(
        activity=activity,
        token=f"{activity.pk:032x}",
        original_name="photo.png",
        content_type="image/png",
        size=len(PNG),
    )
    photo.file.save("photo.png", ContentFile(PNG), save=False)
    photo.save()
    item = OpinionFactory(
        committee=committee,
        author=member,
        channel=Channel.MEMBER,
        status=Status.SUBMITTED,
        submitter_name="",
        submitter_phone="",
    )
    adopted = OpinionFactory(committee=committee, status=Status.ADOPTED)
    bulletin = Bulletin.objects.create(committee=committee, year=YEAR)
    bulletin_item = BulletinItem.objects.create(
        bulletin=bulletin, opinion=adopted, editorial_title="编辑标题", editorial_body="正文"
    )
    forwarded = OpinionFactory(committee=committee, status=Status.FORWARDED)
    forwarding = Forwarding.objects.create(
        opinion=forwarded,
        department=department,
        role=Forwarding.Role.LEAD,
        status=Forwarding.Status.REPLIED,
        due_date=datetime.date(2026, 7, 15),
    )
    reply = Reply.objects.create(
        forwarding=forwarding, text="已解决。", resolution=Reply.Resolution.SOLVED
    )
    reply_document = ReplyDocument(
        reply=reply,
        token=f"{reply.pk:031x}r",
        original_name="答复函.pdf",
        content_type="application/pdf",
        size=8,
    )
    reply_document.file.save("reply.pdf", ContentFile(b"%PDF-1.4"), save=False)
    reply_document.save()
    workstation = WorkstationFactory(committee=committee)
    assignment = AssignmentFactory(workstation=workstation, member=member)
    AssignmentFactory(workstation=workstation, member=colleague)
    shift = DutyShiftFactory(
        workstation=workstation, member=member, date=datetime.date(2026, 6, 20)
    )
    swap = ShiftSwap.objects.create(
        shift=shift, from_member=member, to_member=colleague, reason="出差"
    )
    topic = TopicFactory(committee=committee)
    consultation = ConsultationFactory(
        committee=committee,
        topic=topic,
        status=Consultation.Status.OPEN,
        needs_approval=True,
        starts_at=datetime.datetime(2026, 6, 25, 9, tzinfo=datetime.UTC),
        ends_at=datetime.datetime(2026, 6, 25, 11, tzinfo=datetime.UTC),
    )
    observer = Observer.objects.create(
        consultation=consultation,
        name="赵群众",
        phone=f"1390000{committee.pk:04d}",
        status=Observer.Status.PENDING,
        consent_at=datetime.datetime(2026, 6, 14, tzinfo=datetime.UTC),
    )
    return Scope(
        committee=committee,
        member=member,
        colleague=colleague,
        village=village,
        pairing=GridPairingFactory(member=member),
        activity=activity,
        photo=photo,
        score=MemberYearScore.objects.create(committee=committee, member=member, year=YEAR),
        item=item,
        attachment=AttachmentFactory(opinion=item),
        bulletin=bulletin,
        bulletin_item=bulletin_item,
        department=department,
        forwarding=forwarding,
        reply=reply,
        reply_document=reply_document,
        workstation=workstation,
        assignment=assignment,
        shift=shift,
        swap=swap,
        export_job=_export_job(office),
        notice=Notification.objects.create(user=office, text="新建言待审核", link="/home/"),
        api_token=api_token_create(user=office, name="办公室平板", mfa_passed=True).token,
        **_lectures(member, office),
        topic=topic,
        consultation=consultation,
        invitation=Invitation.objects.create(consultation=consultation, member=member),
        material=stored_material(consultation, title="内部参阅材料"),
        observer=observer,
        outcome=Outcome.objects.create(
            consultation=consultation, recommendation="建议", submitted_to="市住建局"
        ),
        report=generate_report(
            committee=committee, kind="monthly", period_start=datetime.date(YEAR, MONTH - 1, 1)
        ),
    )


@pytest.fixture
def world(role_users, make_user, dalate, zhungeer):
    """``world["in"]``: 达拉特旗 records (the member's own, the department's own forwarding);
    ``world["out"]``: the same kinds of records in 准格尔旗."""
    outsider = MemberUserFactory(committee=zhungeer, name="准格尔委员")
    return {
        "in": _scope(
            dalate,
            role_users["member"].member,
            role_users["department"].department,
            role_users["staff"],
        ),
        "out": _scope(
            zhungeer,
            outsider,
            DepartmentFactory(committee=zhungeer),
            make_user(User.Role.STAFF, zhungeer, username="sec_staff_out"),
        ),
        "captcha": abuse.captcha_new(),
    }
