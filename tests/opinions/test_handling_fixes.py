"""Issue 12's handling fixes: reply letters and the item's attachments for departments (never the
submitter), co-handlers' 协办意见 before the lead's reply is released (or a staff exception),
leaders' own 批示, and bulletins signed off (签发) by someone other than their compiler."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from core.uploads import clean_upload
from ledger.models import PerformanceFact
from notifications.models import OutboxMessage
from opinions import services
from opinions.models import (
    Bulletin,
    BulletinEvent,
    Forwarding,
    LeaderInstruction,
    OpinionEvent,
    ReplyDocument,
    Status,
)
from tests.opinions.conftest import DISTINCT_NAME, DISTINCT_PHONE
from tests.opinions.factories import AttachmentFactory, OpinionFactory
from tests.utils import docx_bytes as shared_docx_bytes

pytestmark = pytest.mark.django_db
Kind = OpinionEvent.Kind


def docx_bytes(*, macro: bool = False) -> bytes:
    return shared_docx_bytes("关于树林召镇排水管网改造建议的答复", macro=macro)


def plain_zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("a.txt", "不是 Word 文档")
    return out.getvalue()


def png_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 20, 20)).save(out, format="PNG")
    return out.getvalue()


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def lead_of(opinion) -> Forwarding:
    return opinion.forwardings.get(role=Forwarding.Role.LEAD)


def co_of(opinion) -> Forwarding:
    return opinion.forwardings.get(role=Forwarding.Role.CO)


# --- uploads: DOCX checked by content ----------------------------------------------------------
class TestDocumentUploads:
    def test_a_word_document_passes_only_where_documents_are_allowed(self):
        clean = clean_upload(upload("答复函.docx", docx_bytes()), documents=True)
        assert clean.content_type == ReplyDocument.DOCX and clean.original_name == "答复函.docx"
        with pytest.raises(ValidationError):  # a citizen's upload: images and PDFs only
            clean_upload(upload("答复函.docx", docx_bytes()))

    @pytest.mark.parametrize(
        "data",
        [
            docx_bytes(macro=True),  # macros
            b"PK\x03\x04not a zip at all",
            plain_zip(),  # a zip that is no Word document
        ],
        ids=["macro", "broken", "plain-zip"],
    )
    def test_refused_documents(self, data):
        with pytest.raises(ValidationError):
            clean_upload(upload("答复函.docx", data), documents=True)


# --- departments: the item's attachments, reply letters, never the submitter --------------------
def test_department_sees_attachments_and_attaches_a_reply_letter(
    client, distinct_forwarded, dept_lead_user, dept_alt_user, staff_dalate
):
    opinion = distinct_forwarded
    photo = AttachmentFactory(
        opinion=opinion, original_name="现场照片.png", content_type="image/png"
    )
    lead = lead_of(opinion)
    services.forwarding_sign(forwarding=lead, by=dept_lead_user)
    client.force_login(dept_lead_user)
    url = reverse("opinions:dept_detail", args=[lead.pk])
    page = client.get(url).content.decode()
    assert reverse("opinions:attachment", args=[photo.token]) in page
    assert 'enctype="multipart/form-data"' in page and 'name="documents"' in page
    for fragment in (DISTINCT_NAME, DISTINCT_PHONE, "136****4321", "欧阳"):
        assert fragment not in page
    # the photo downloads for the department handling the item, for no other department
    assert client.get(reverse("opinions:attachment", args=[photo.token])).status_code == 200
    response = client.post(
        url,
        {
            "action": "reply",
            "text": "已完成改造。",
            "resolution": "solved",
            "documents": [upload("答复函.docx", docx_bytes()), upload("现场.png", png_bytes())],
        },
    )
    assert response.status_code == 302
    reply = lead.replies.get()
    documents = list(reply.documents.order_by("pk"))
    assert [d.content_type for d in documents] == [ReplyDocument.DOCX, "image/png"]
    event = lead.events.get(kind=Kind.REPLY_SUBMITTED)
    assert event.data["documents"] == ["答复函.docx", "现场.png"]
    letter = reverse("opinions:reply_document", args=[documents[0].token])
    assert letter in client.get(url).content.decode()
    assert client.get(letter).status_code == 200
    # the office sees the letter on the desk and downloads it
    client.force_login(staff_dalate)
    assert letter in client.get(reverse("opinions:desk_detail", args=[opinion.pk])).content.decode()
    assert client.get(letter).status_code == 200
    # another department: 404 for both files
    client.force_login(dept_alt_user)
    assert client.get(letter).status_code == 404
    assert client.get(reverse("opinions:attachment", args=[photo.token])).status_code == 404


def test_a_bad_reply_letter_is_a_form_error_and_nothing_is_stored(
    client, distinct_forwarded, dept_lead_user
):
    lead = lead_of(distinct_forwarded)
    services.forwarding_sign(forwarding=lead, by=dept_lead_user)
    client.force_login(dept_lead_user)
    response = client.post(
        reverse("opinions:dept_detail", args=[lead.pk]),
        {
            "action": "reply",
            "text": "已完成改造。",
            "resolution": "solved",
            "documents": [upload("答复函.docm", docx_bytes(macro=True))],
        },
    )
    assert response.status_code == 400 and "不是可接受的 Word 文档" in response.content.decode()
    lead.refresh_from_db()
    assert lead.status == Forwarding.Status.SIGNED and not ReplyDocument.objects.exists()


def test_department_page_query_count_does_not_grow(
    client, distinct_forwarded, dept_lead_user, django_assert_max_num_queries
):
    opinion = distinct_forwarded
    lead = lead_of(opinion)
    services.forwarding_sign(forwarding=lead, by=dept_lead_user)
    AttachmentFactory(opinion=opinion)
    reply = services.forwarding_reply(
        forwarding=lead,
        by=dept_lead_user,
        text="答复",
        resolution="solved",
        documents=[clean_upload(upload("0.png", png_bytes()))],
    )
    url = reverse("opinions:dept_detail", args=[lead.pk])
    client.force_login(dept_lead_user)
    client.get(url)
    with django_assert_max_num_queries(40) as few:
        client.get(url)
    for i in range(5):  # more attachments and reply letters: the same queries
        AttachmentFactory(opinion=opinion)
        ReplyDocument.objects.create(
            reply=reply,
            token=f"{i:032x}",
            original_name=f"{i}.pdf",
            content_type="application/pdf",
            size=8,
            file="private/replies/x.pdf",
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


# --- co-handlers' 协办意见 gate the lead's reply ---------------------------------------------------
def test_lead_reply_waits_for_the_co_handler(
    client,
    distinct_forwarded,
    staff_dalate,
    dept_lead_user,
    dept_co_user,
    django_capture_on_commit_callbacks,
):
    opinion = distinct_forwarded
    lead, co = lead_of(opinion), co_of(opinion)
    services.forwarding_sign(forwarding=lead, by=dept_lead_user)
    services.forwarding_sign(forwarding=co, by=dept_co_user)
    with pytest.raises(services.TransitionError):  # the co-handler does not reply to staff
        services.forwarding_reply(forwarding=co, by=dept_co_user, text="x", resolution="solved")
    reply = services.forwarding_reply(
        forwarding=lead, by=dept_lead_user, text="已完成。", resolution="solved"
    )
    # staff cannot accept yet; the desk says why; nothing changed
    with pytest.raises(services.TransitionError, match="交通运输局尚未提交协办意见"):
        services.reply_review(reply=reply, by=staff_dalate, accept=True)
    client.force_login(staff_dalate)
    desk = client.get(reverse("opinions:desk_detail", args=[opinion.pk])).content.decode()
    assert "尚未提交协办意见" in desk
    opinion.refresh_from_db()
    assert opinion.status == Status.FORWARDED
    # the co-handler's opinion: an event, a notice to the lead department
    with django_capture_on_commit_callbacks(execute=True):
        services.forwarding_give_opinion(forwarding=co, by=dept_co_user, text="同意，配合施工。")
    co.refresh_from_db()
    assert co.status == Forwarding.Status.OPINION_GIVEN and co.co_opinion == "同意，配合施工。"
    event = co.events.get(kind=Kind.CO_OPINION)
    assert (event.from_status, event.to_status, event.actor) == (
        "signed",
        "opinion_given",
        dept_co_user,
    )
    assert OutboxMessage.objects.filter(
        user=dept_lead_user, cause__startswith=f"co-opinion:{event.pk}:"
    ).exists()
    client.force_login(dept_lead_user)
    lead_page = client.get(reverse("opinions:dept_detail", args=[lead.pk])).content.decode()
    assert "同意，配合施工。" in lead_page
    # now the reply is released
    services.reply_review(reply=reply, by=staff_dalate, accept=True)
    opinion.refresh_from_db()
    assert opinion.status == Status.REPLIED


def test_staff_exception_releases_the_reply(
    client, distinct_forwarded, staff_dalate, staff_zhungeer, dept_lead_user, dept_co_user
):
    opinion = distinct_forwarded
    lead, co = lead_of(opinion), co_of(opinion)
    url = reverse("opinions:co_opinion_waive", args=[co.pk])
    # the wrong role: 403; another committee's office: 404; no reason: a message, nothing done
    client.force_login(dept_co_user)
    assert client.post(url, {f"waive{co.pk}-comment": "x"}).status_code == 403
    client.force_login(staff_zhungeer)
    assert client.post(url, {f"waive{co.pk}-comment": "x"}).status_code == 404
    client.force_login(staff_dalate)
    response = client.post(url, {f"waive{co.pk}-comment": ""}, follow=True)
    co.refresh_from_db()
    assert co.status == Forwarding.Status.NEW
    # the lead forwarding is no co-handler's
    with pytest.raises(services.TransitionError):
        services.forwarding_waive_opinion(forwarding=lead, by=staff_dalate, reason="x")
    response = client.post(url, {f"waive{co.pk}-comment": "该局已电话反馈，无补充意见。"})
    assert response.status_code == 302
    co.refresh_from_db()
    assert co.status == Forwarding.Status.WAIVED
    event = co.events.get(kind=Kind.CO_OPINION_WAIVED)
    assert event.comment == "该局已电话反馈，无补充意见。" and event.actor == staff_dalate
    assert OutboxMessage.objects.filter(user=dept_co_user, cause__startswith="co-waived:").exists()
    services.forwarding_sign(forwarding=lead, by=dept_lead_user)
    reply = services.forwarding_reply(
        forwarding=lead, by=dept_lead_user, text="已完成。", resolution="solved"
    )
    services.reply_review(reply=reply, by=staff_dalate, accept=True)
    opinion.refresh_from_db()
    assert opinion.status == Status.REPLIED


# --- leaders record 批示 ----------------------------------------------------------------------
def test_leader_records_an_instruction(
    client,
    distinct_forwarded,
    leader_dalate,
    staff_dalate,
    dept_lead_user,
    member_user,
    make_user,
    zhungeer,
    django_capture_on_commit_callbacks,
):
    opinion = distinct_forwarded
    url = reverse("opinions:instruction", args=[opinion.pk])
    client.force_login(leader_dalate)
    page = client.get(url).content.decode()
    assert 'id="instruction-form"' in page and opinion.title in page
    assert DISTINCT_NAME not in page and DISTINCT_PHONE not in page
    response = client.post(url, {"leader_title": "", "text": ""})
    assert response.status_code == 400 and not LeaderInstruction.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"leader_title": "旗政协主席", "text": "请住建局抓紧落实。"})
    assert response.status_code == 302
    instruction = LeaderInstruction.objects.get()
    assert (instruction.leader_name, instruction.level, instruction.recorded_by) == (
        leader_dalate.display_name,
        LeaderInstruction.Level.BANNER,
        leader_dalate,
    )
    event = opinion.events.get(kind=Kind.INSTRUCTION)
    assert event.actor == leader_dalate and event.data["instruction"] == instruction.pk
    # the departments handling it are told
    assert OutboxMessage.objects.filter(
        user=dept_lead_user, cause__startswith=f"instruction:{instruction.pk}:"
    ).exists()
    # staff: 403 on the leader's page; a leader of another 旗区: 404
    client.force_login(staff_dalate)
    assert client.get(url).status_code == 403
    client.force_login(make_user("leader", zhungeer, username="leader_zhungeer"))
    assert client.get(url).status_code == 404
    assert client.post(url, {"leader_title": "x", "text": "x"}).status_code == 404


def test_leader_instruction_earns_the_authors_ledger_fact(leader_dalate, member_item, staff_dalate):
    opinion = services.opinion_adopt(opinion=member_item, by=staff_dalate, level="banner")
    instruction = services.instruction_give(
        opinion=opinion, by=leader_dalate, leader_title="旗政协主席", text="很好。"
    )
    assert PerformanceFact.objects.filter(
        member=member_item.author, source_key__contains=str(instruction.pk)
    ).exists()


def test_an_item_not_adopted_offers_no_instruction_form(client, public_opinion, leader_dalate):
    client.force_login(leader_dalate)
    page = client.get(reverse("opinions:instruction", args=[public_opinion.pk]))
    assert page.status_code == 200 and 'id="instruction-form"' not in page.content.decode()
    with pytest.raises(services.TransitionError):
        services.instruction_give(
            opinion=public_opinion, by=leader_dalate, leader_title="主席", text="x"
        )


# --- bulletins: compiled → 签发 by a leader or granted staff, never the compiler --------------------
def _compiled(dalate, staff):
    bulletin = services.bulletin_create(by=staff, committee=dalate)
    opinion = OpinionFactory(committee=dalate, status=Status.ADOPTED)
    services.bulletin_add_item(bulletin=bulletin, opinion=opinion, by=staff)
    return services.bulletin_submit(bulletin=bulletin, by=staff)


def test_bulletin_sign_off(
    client,
    dalate,
    staff_dalate,
    leader_dalate,
    make_user,
    zhungeer,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        bulletin = _compiled(dalate, staff_dalate)
    assert bulletin.status == Bulletin.Status.COMPILED and bulletin.submitted_by == staff_dalate
    assert OutboxMessage.objects.filter(user=leader_dalate, cause__startswith="bulletin-submitted:")
    # frozen while it waits
    item = bulletin.items.get()
    with pytest.raises(services.TransitionError):
        services.bulletin_remove_item(item=item, by=staff_dalate)
    # the compiler may not sign it off, even holding the grant
    staff_dalate.user_permissions.add(Permission.objects.get(codename="sign_off_bulletins"))
    compiler = type(staff_dalate).objects.get(pk=staff_dalate.pk)  # fresh permission cache
    with pytest.raises(PermissionDenied):
        services.bulletin_issue(bulletin=bulletin, by=compiler)
    url = reverse("opinions:bulletin_issue", args=[bulletin.pk])
    detail = reverse("opinions:bulletin_detail", args=[bulletin.pk])
    client.force_login(compiler)
    assert "须由其他有签发权限的领导签发" in client.get(detail).content.decode()
    assert client.post(url, {"action": "issue"}).status_code == 403
    # the leader sends it back (a reason is required), the staff re-submit, the leader signs
    client.force_login(leader_dalate)
    client.post(url, {"action": "send_back", "comment": ""})
    bulletin.refresh_from_db()
    assert bulletin.status == Bulletin.Status.COMPILED
    client.post(url, {"action": "send_back", "comment": "第二条标题再精炼。"})
    bulletin.refresh_from_db()
    assert bulletin.status == Bulletin.Status.DRAFT
    services.bulletin_submit(bulletin=bulletin, by=staff_dalate)
    response = client.post(url, {"action": "issue", "comment": "同意签发。"})
    assert response.status_code == 302
    bulletin.refresh_from_db()
    assert bulletin.is_issued and bulletin.signed_by == leader_dalate and bulletin.number == 1
    assert [(e.kind, e.from_status, e.to_status) for e in bulletin.events.all()] == [
        (BulletinEvent.Kind.ITEM_ADDED, "", ""),
        (BulletinEvent.Kind.SUBMITTED, "draft", "compiled"),
        (BulletinEvent.Kind.SENT_BACK, "compiled", "draft"),
        (BulletinEvent.Kind.SUBMITTED, "draft", "compiled"),
        (BulletinEvent.Kind.ISSUED, "compiled", "issued"),
    ]
    # another 旗区's leader: 404
    client.force_login(make_user("leader", zhungeer, username="leader_zhungeer"))
    assert client.post(url, {"action": "issue"}).status_code == 404


def test_staff_holding_the_grant_sign_off_a_colleagues_issue(dalate, staff_dalate, make_user):
    colleague = make_user("staff", dalate, username="staff_dalate_2")
    bulletin = _compiled(dalate, staff_dalate)
    with pytest.raises(PermissionDenied):  # no grant
        services.bulletin_issue(bulletin=bulletin, by=colleague)
    colleague.user_permissions.add(Permission.objects.get(codename="sign_off_bulletins"))
    colleague = type(colleague).objects.get(pk=colleague.pk)
    issued = services.bulletin_issue(bulletin=bulletin, by=colleague)
    assert issued.is_issued and issued.signed_by == colleague


def test_bulletin_status_constraint(dalate):
    from django.db import IntegrityError, transaction

    bulletin = Bulletin.objects.create(committee=dalate, year=2026)
    with pytest.raises(IntegrityError), transaction.atomic():
        Bulletin.objects.filter(pk=bulletin.pk).update(status="signed")
    Bulletin.objects.filter(pk=bulletin.pk).update(status="compiled")  # the new state is valid
