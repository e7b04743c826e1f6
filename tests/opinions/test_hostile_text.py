"""Issue 9 — hostile text and the files made from it: XML-illegal and invisible characters are
cleaned at input, the exporters and the bulletin DOCX survive what is already stored, every
spreadsheet cell that looks like a formula is inert, and a draft's attachment is its author's
alone (superusers included)."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from opinions.models import BulletinItem, Opinion
from tests.opinions.conftest import public_form_data
from tests.opinions.test_handling_bulletins import issued, paragraphs  # noqa: F401 (fixture)
from tests.opinions.test_uploads import png_bytes, upload

pytestmark = pytest.mark.django_db

SUBMIT = reverse("opinions:submit")


# --- input ----------------------------------------------------------------------------------
def test_xml_illegal_and_invisible_characters_are_cleaned_from_a_public_submission(
    client, dalate, category
):
    data = public_form_data(
        dalate,
        category,
        title="\ufeff路灯\ufffe坏了\uffff\u061c\U000e0041",
        content="第一行\u2028第二行\u2029\u202e反转\u200e",
        submitter_name="李\ufffe四",
    )
    response = client.post(SUBMIT, data)
    assert response.status_code == 302
    opinion = Opinion.objects.get()
    assert opinion.title == "路灯坏了"
    assert opinion.content == "第一行\n第二行\n反转"
    assert opinion.submitter_name == "李四"


def test_mongolian_title_is_stored_unchanged(client, dalate, category):
    title = "ᠮᠣᠩᠭᠣᠯ\u202fᠤᠨ ᠭ\u180bᠠᠵᠠᠷ ᠬᠠᠷ\u180eᠠ"
    response = client.post(SUBMIT, public_form_data(dalate, category, title=title))
    assert response.status_code == 302
    assert Opinion.objects.get().title == title


# --- files made from what is already stored ---------------------------------------------------
BAD = "路灯\ufffe坏了\uffff\x0b"


def xlsx_sheet(response):
    return load_workbook(io.BytesIO(response.getvalue())).active


def csv_rows(response) -> list[list]:
    return list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig"))))


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_desk_export_survives_stored_xml_illegal_text(
    client, staff_dalate, make_public, dalate, fmt
):
    opinion, _ = make_public(dalate)
    Opinion.objects.filter(pk=opinion.pk).update(title=BAD, submitter_name="李\uffff四")
    client.force_login(staff_dalate)
    response = client.get(reverse("opinions:export", args=[fmt]), {"contacts": "1"})
    assert response.status_code == 200
    if fmt == "xlsx":
        sheet = xlsx_sheet(response)
        assert sheet["B2"].value == "路灯坏了"
        assert sheet["K2"].value == "李四"
    else:
        assert csv_rows(response)[1][1] == "路灯坏了"


def test_issued_bulletin_docx_survives_stored_xml_illegal_text(client, issued, staff_dalate):  # noqa: F811
    item = issued.items.order_by("position").first()
    BulletinItem.objects.filter(pk=item.pk).update(
        editorial_title="关于\ufffe路灯\uffff的建议", editorial_body="第一段\ufffe。\n\x1b第二段。"
    )
    type(issued).objects.filter(pk=issued.pk).update(recipients="报：\ufffe市委\n送：市政府")
    client.force_login(staff_dalate)
    response = client.get(reverse("opinions:bulletin_docx", args=[issued.pk]))
    assert response.status_code == 200
    texts = paragraphs(response.content)
    assert "关于路灯的建议" in texts
    assert "第一段。" in texts and "第二段。" in texts
    assert "报：市委" in texts


# --- formulas ---------------------------------------------------------------------------------
FORMULAS = [
    '=HYPERLINK("http://evil.example","点我")',
    '  =HYPERLINK("http://evil.example")',
    "＝1+1",
    "＋1",
    "－1",
    "＠SUM(A1)",
    "+1",
    "-1+2",
    "@SUM(A1)",
    "\t=1+1",
    "\u3000=1+1",
]


@pytest.mark.parametrize("title", FORMULAS)
def test_desk_export_cells_are_never_formulas(client, staff_dalate, make_public, dalate, title):
    opinion, _ = make_public(dalate)
    Opinion.objects.filter(pk=opinion.pk).update(title=title)  # as stored before any cleaning
    client.force_login(staff_dalate)
    cell = xlsx_sheet(client.get(reverse("opinions:export", args=["xlsx"])))["B2"]
    assert cell.data_type == "s" and cell.value == "'" + title
    rows = csv_rows(client.get(reverse("opinions:export", args=["csv"])))
    assert rows[1][1] == "'" + title


# --- a draft's attachment ---------------------------------------------------------------------
def test_a_drafts_attachment_is_hidden_from_superusers_too(
    client, member_user, admin, make_member_item
):
    from core.uploads import clean_upload
    from opinions import services

    draft = make_member_item(
        member_user, submit=False, uploads=[clean_upload(upload("d.png", png_bytes(), "image/png"))]
    )
    url = reverse("opinions:attachment", args=[draft.attachments.get().token])
    assert admin.is_superuser
    client.force_login(admin)
    assert client.get(url).status_code == 404
    client.force_login(member_user)
    assert client.get(url).status_code == 200
    services.opinion_submit_member(opinion=draft, by=member_user)
    client.force_login(admin)  # once submitted, the office (and the administrator) may see it
    assert client.get(url).status_code == 200


# --- the data migration ------------------------------------------------------------------------
def test_stored_text_is_cleaned_by_the_data_migration(make_public, dalate, staff_dalate):
    from django.apps import apps

    from audit import chain as audit
    from audit.models import AuditLog
    from core.text import normalize_stored_text
    from members.models import Member
    from tests.members.factories import MemberFactory

    opinion, _ = make_public(dalate)
    Opinion.objects.filter(pk=opinion.pk).update(
        title=BAD, content="正文\u2028第二行\u202e", submitter_name="李\ufeff四"
    )
    member = MemberFactory(committee=dalate, name="ᠮᠣᠩᠭᠣᠯ\u202fᠤᠨ\ufffe")
    entry = audit.append(actor=None, action="x", target="目标\ufffe", detail=None, ip=None)

    assert normalize_stored_text(apps, "opinions") >= 1
    normalize_stored_text(apps, "members")

    opinion.refresh_from_db()
    assert (opinion.title, opinion.content, opinion.submitter_name) == (
        "路灯坏了",
        "正文\n第二行",
        "李四",
    )
    assert Member.objects.get(pk=member.pk).name == "ᠮᠣᠩᠭᠣᠯ\u202fᠤᠨ"
    assert AuditLog.objects.get(pk=entry.pk).target == "目标\ufffe"  # the chain is not rewritten
    assert normalize_stored_text(apps, "opinions") == 0  # idempotent


def test_the_desk_offers_the_contacts_export_to_who_may_use_it(
    client, staff_dalate, public_opinion
):
    client.force_login(staff_dalate)
    html = client.get(reverse("opinions:inbox")).content.decode()
    assert "contacts=1" in html


def test_bulletin_docx_sets_a_mongolian_font_on_mongolian_runs(issued):  # noqa: F811
    """Issue 16: a Mongolian title keeps its text and gets a font that has the script."""
    import io

    from docx import Document
    from docx.oxml.ns import qn

    from opinions.documents import MONGOLIAN_FONT, bulletin_docx

    title = "ᠮᠣᠩᠭᠣᠯ\u202fᠤᠨ ᠭ\u180bᠠᠵᠠᠷ ᠬᠠᠷ\u180eᠠ"
    item = issued.items.first()
    item.editorial_title = title
    item.save(update_fields=["editorial_title"])
    document = Document(io.BytesIO(bulletin_docx(issued)))
    runs = [r for p in document.paragraphs for r in p.runs]
    mongolian = [r for r in runs if r.text == title]
    assert mongolian, "the Mongolian title is in the document, unchanged"
    fonts = mongolian[0]._element.rPr.rFonts
    assert fonts.get(qn("w:ascii")) == fonts.get(qn("w:cs")) == MONGOLIAN_FONT
    chinese = next(r for r in runs if r.text == "社情民意信息")
    assert chinese._element.rPr.rFonts.get(qn("w:cs")) is None
