"""会议材料: the office attaches files to an event (checked by content and size by core.uploads),
lists them on the event's page, marks them public or not and removes them; each step is a row
of the event's timeline. The file is served only through its view: public materials of a public
event to everyone, the rest to the office and leaders who see the event and to the members
invited to it; everybody else gets a 404. Bad uploads get a message and store nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import User
from consultations import services
from consultations.models import ConsultationEvent, ConsultationMaterial
from consultations.services import materials as material_services
from core.workflow import TransitionError
from tests.consultations.factories import (
    MINIMAL_PDF,
    ConsultationFactory,
    InvitationFactory,
    pdf_file,
    pdf_upload,
    stored_material,
)
from tests.members.factories import MemberUserFactory
from tests.utils import docx_bytes as shared_docx_bytes
from tests.utils import queries_for, unlabelled_controls

pytestmark = pytest.mark.usefixtures("frozen_now")
Kind = ConsultationEvent.Kind


def stored_files(settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def docx_bytes(*, macro: bool = False) -> bytes:
    return shared_docx_bytes("树林召镇老旧小区改造协商会议程", macro=macro)


@pytest.fixture
def open_event(event, office):
    services.consultation_step(consultation=event, by=office, action="open")
    event.refresh_from_db()
    return event


def _upload(client, event, file, **data):
    payload = {"file": file, "title": "", **data}
    return client.post(reverse("consultations:material_upload", args=[event.pk]), payload)


# --- services ---------------------------------------------------------------------------------
def test_material_add_stores_the_file_and_writes_a_timeline_row(event, office, settings):
    material = material_services.material_add(
        consultation=event, by=office, upload=pdf_upload("老旧小区改造方案.pdf"), is_public=True
    )
    assert material.title == "老旧小区改造方案"
    assert material.content_type == "application/pdf" and material.size == len(MINIMAL_PDF)
    assert material.uploaded_by == office
    (path,) = stored_files(settings)
    assert path.read_bytes() == MINIMAL_PDF and path.suffix == ".pdf"
    row = event.events.get(kind=Kind.MATERIAL_ADDED)
    assert row.actor == office and row.data["material"] == material.pk


def test_another_committees_office_may_not_touch_materials(event, office_out):
    with pytest.raises(PermissionDenied):
        material_services.material_add(consultation=event, by=office_out, upload=pdf_upload())
    material = stored_material(event)
    with pytest.raises(PermissionDenied):
        material_services.material_remove(material=material, by=office_out)
    assert ConsultationMaterial.objects.filter(pk=material.pk).exists()


def test_a_cancelled_event_takes_no_new_materials(event, office):
    services.consultation_step(consultation=event, by=office, action="cancel", comment="改期")
    with pytest.raises(TransitionError):
        material_services.material_add(consultation=event, by=office, upload=pdf_upload())
    assert not event.materials.exists()


def test_at_most_twenty_materials(event, office, monkeypatch):
    monkeypatch.setattr(material_services, "MAX_MATERIALS", 2)
    for _ in range(2):
        material_services.material_add(consultation=event, by=office, upload=pdf_upload())
    with pytest.raises(Exception, match="最多 2 份"):
        material_services.material_add(consultation=event, by=office, upload=pdf_upload())
    assert event.materials.count() == 2


def test_remove_deletes_the_file_after_commit(
    event, office, settings, django_capture_on_commit_callbacks
):
    material = stored_material(event)
    assert len(stored_files(settings)) == 1
    with django_capture_on_commit_callbacks(execute=True):
        material_services.material_remove(material=material, by=office)
    assert not event.materials.exists()
    assert stored_files(settings) == []
    assert event.events.get(kind=Kind.MATERIAL_REMOVED).actor == office


# --- the office's page ------------------------------------------------------------------------
def test_staff_upload_a_material_and_see_it_listed(client, office, event, settings):
    client.force_login(office)
    detail = reverse("consultations:detail", args=[event.pk])
    page = client.get(detail).content.decode()
    assert "上传会议材料" in page and not unlabelled_controls(page)
    response = _upload(client, event, pdf_file("协商议程.pdf"), title="协商议程（修订）")
    assert response.status_code == 302
    material = event.materials.get()
    assert material.title == "协商议程（修订）" and not material.is_public
    page = client.get(detail).content.decode()
    assert "协商议程（修订）" in page
    assert reverse("consultations:material", args=[material.token]) in page
    assert "上传会议材料" in page  # the timeline row


def test_staff_upload_a_word_document(client, office, event):
    client.force_login(office)
    file = SimpleUploadedFile("会议须知.docx", docx_bytes())
    assert _upload(client, event, file).status_code == 302
    assert event.materials.get().original_name == "会议须知.docx"


@pytest.mark.parametrize(
    "name, data, message",
    [
        pytest.param(
            "议程.pdf",
            b"<html><script>alert(1)</script></html>",
            "不是支持的文件",
            id="html-as-pdf",
        ),
        pytest.param("议程.docx", docx_bytes(macro=True), "不能含宏", id="macro-docx"),
        pytest.param(
            "议程.pdf",
            b"%PDF-1.4\n1 0 obj << /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >>\n%%EOF",
            "",
            id="pdf-with-javascript",
        ),
    ],
)
def test_bad_uploads_get_a_message_and_store_nothing(
    client, office, event, settings, name, data, message
):
    client.force_login(office)
    response = _upload(client, event, SimpleUploadedFile(name, data))
    assert response.status_code == 400
    body = response.content.decode()
    assert message in body
    assert "invalid-feedback" in body
    assert not event.materials.exists() and stored_files(settings) == []
    assert not event.events.filter(kind=Kind.MATERIAL_ADDED).exists()


def test_too_big_or_missing_file_gets_a_message(client, office, event, settings):
    client.force_login(office)
    settings.UPLOAD_MAX_BYTES = 100
    response = _upload(client, event, pdf_file())
    assert response.status_code == 400 and "超过" in response.content.decode()
    response = client.post(reverse("consultations:material_upload", args=[event.pk]), {})
    assert response.status_code == 400 and "请选择要上传的文件" in response.content.decode()
    assert not event.materials.exists()


def test_staff_mark_public_and_remove(client, office, event):
    client.force_login(office)
    material = stored_material(event)
    url = reverse("consultations:material_action", args=[material.pk, "public"])
    assert client.post(url).status_code == 302
    material.refresh_from_db()
    assert material.is_public
    row = event.events.get(kind=Kind.MATERIAL_CHANGED)
    assert row.actor == office and row.data == {"material": material.pk, "public": True}
    client.post(reverse("consultations:material_action", args=[material.pk, "private"]))
    material.refresh_from_db()
    assert not material.is_public
    assert (
        client.post(
            reverse("consultations:material_action", args=[material.pk, "nope"])
        ).status_code
        == 404
    )
    client.post(reverse("consultations:material_action", args=[material.pk, "remove"]))
    assert not event.materials.exists()


def test_other_committees_staff_and_leaders_cannot_change_materials(
    client, event, office_out, leader_dalate, staff_municipal
):
    material = stored_material(event)
    url = reverse("consultations:material_action", args=[material.pk, "public"])
    client.force_login(office_out)
    assert client.post(url).status_code == 404  # another banner: outside the scope
    client.force_login(staff_municipal)
    assert client.post(url).status_code == 403  # sees the event, may not change it
    client.force_login(leader_dalate)
    assert client.post(url).status_code == 403  # the role
    material.refresh_from_db()
    assert not material.is_public


# --- who may download -------------------------------------------------------------------------
def test_download_rules(client, open_event, office, office_out, leader_dalate, dalate, member_user):
    private = stored_material(open_event, title="内部材料")
    public = stored_material(open_event, title="公开材料", is_public=True)
    invited = MemberUserFactory(committee=dalate, name="受邀委员")
    InvitationFactory(consultation=open_event, member=invited)

    def status(user, material):
        client.logout()
        if user is not None:
            client.force_login(user)
        return client.get(reverse("consultations:material", args=[material.token])).status_code

    assert status(None, public) == 200
    assert status(None, private) == 404
    assert status(member_user, private) == 404  # a member who is not invited
    assert status(invited.user, private) == 200
    assert status(office, private) == 200
    assert status(leader_dalate, private) == 200
    assert status(office_out, private) == 404
    client.logout()
    response = client.get(reverse("consultations:material", args=[private.token + "x"]))
    assert response.status_code == 404


def test_download_is_never_cached_and_keeps_its_name(client, open_event):
    material = stored_material(open_event, is_public=True)
    response = client.get(reverse("consultations:material", args=[material.token]))
    assert b"".join(response.streaming_content) == MINIMAL_PDF
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_public_material_of_an_unannounced_event_stays_private(client, event):
    material = stored_material(event, is_public=True)  # the event is still being planned
    response = client.get(reverse("consultations:material", args=[material.token]))
    assert response.status_code == 404
    internal = ConsultationFactory(committee=event.committee, is_public=False, capacity=0)
    material = stored_material(internal, is_public=True)
    response = client.get(reverse("consultations:material", args=[material.token]))
    assert response.status_code == 404


def test_public_page_lists_public_materials_only(client, open_event):
    stored_material(open_event, title="公开的议程", is_public=True)
    stored_material(open_event, title="内部参阅材料")
    body = client.get(reverse("consultations:public_detail", args=[open_event.pk])).content.decode()
    assert "公开的议程" in body and "内部参阅材料" not in body


def test_invited_member_sees_the_materials_on_their_page(client, member_user, open_event):
    InvitationFactory(consultation=open_event, member=member_user.member)
    material = stored_material(open_event, title="内部参阅材料")
    client.force_login(member_user)
    body = client.get(reverse("consultations:mine")).content.decode()
    assert "内部参阅材料" in body
    assert reverse("consultations:material", args=[material.token]) in body


# --- query counts -----------------------------------------------------------------------------
def test_pages_with_materials_keep_their_query_count(client, office, member_user, dalate):
    def grow(n):
        for _ in range(n):
            event = ConsultationFactory(committee=dalate)
            services.consultation_step(consultation=event, by=office, action="open")
            InvitationFactory(consultation=event, member=member_user.member)
            stored_material(event, is_public=True)
            stored_material(events[0], is_public=True)
            stored_material(events[0])
            events.append(event)

    events = [ConsultationFactory(committee=dalate)]
    services.consultation_step(consultation=events[0], by=office, action="open")
    grow(1)

    def measure():
        client.force_login(office)
        staff = queries_for(client, reverse("consultations:detail", args=[events[0].pk]))[0]
        client.force_login(member_user)
        mine = queries_for(client, reverse("consultations:mine"))[0]
        client.logout()
        public = queries_for(client, reverse("consultations:public_detail", args=[events[0].pk]))[0]
        return staff, mine, public

    few = measure()
    grow(6)
    assert measure() == few


def test_only_the_office_role_uploads(client, leader_dalate, event, make_user, dalate):
    url = reverse("consultations:material_upload", args=[event.pk])
    client.force_login(leader_dalate)
    assert client.post(url, {"file": pdf_file()}).status_code == 403
    client.force_login(make_user(User.Role.MEMBER, dalate, username="m_upload"))
    assert client.post(url, {"file": pdf_file()}).status_code == 403
    assert not event.materials.exists()
