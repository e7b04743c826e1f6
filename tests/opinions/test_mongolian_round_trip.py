"""Issue 16: a submission written in Mongolian script (traditional), with free variation
selectors (U+180B–180D, U+180F), the vowel separator (U+180E) and narrow no-break spaces
(U+202F), submitted through the public form in Mongolian, comes out code point for code point in
everything made from it: the desk and its search and similar-item detection, the 办理查询
result, the e-mails (UTF-8, decoded back to the same text), the desk's CSV and XLSX exports and
the bulletin (DOCX, in a font that has the script, and the printable page)."""

import csv
import email
import email.policy
import io
import re
import unicodedata
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import translation
from docx import Document
from docx.oxml.ns import qn
from openpyxl import load_workbook

from notifications import delivery
from notifications.models import OutboxMessage
from opinions import services
from opinions.documents import MONGOLIAN_FONT, MONGOLIAN_LANGUAGE
from opinions.models import AdoptionLevel, Opinion
from tests.opinions.conftest import public_form_data
from tests.utils import issue_bulletin

pytestmark = pytest.mark.django_db

FVS = "\u180b\u180c\u180d\u180f"
MVS = "\u180e"
NNBSP = "\u202f"
# "The road of our village is bad: when rain comes the water collects." — every selector, the
# vowel separator and the narrow no-break space (before the case suffixes) in real words.
TITLE = "ᠮᠠᠨ ᠤ ᠭ\u180bᠠᠴᠠᠭ\u180eᠠ ᠶᠢᠨ ᠵᠠᠮ\u202fᠤᠨ ᠲᠤᠬᠠᠢ ᠰᠠᠨᠠᠯ"
CONTENT = (
    "ᠪᠢᠳᠡᠨ\u202fᠦ ᠭᠠᠴᠠᠭ\u180eᠠ ᠶᠢᠨ ᠵᠠᠮ ᠮᠠᠭᠤ᠂ ᠬᠤᠷ\u180eᠠ ᠣᠷᠣᠬᠤ ᠳᠤ ᠤᠰᠤ ᠬᠤᠷᠠᠨ᠎ᠠ᠃\n"
    "ᠠ\u180cᠳ\u180dᠤ ᠮᠠᠯ ᠤᠨ ᠭᠠᠷᠤᠭ\u180f ᠢ ᠰᠠᠢᠵᠢᠷᠠᠭᠤᠯᠬᠤ ᠬᠡᠷᠡᠭᠲᠡᠢ᠃"
)
NAME = "ᠪᠠᠲᠤ\u202fᠪᠠᠶᠠᠷ"


def test_the_sample_holds_what_it_claims():
    """A test that could not fail otherwise: the sample has each selector, the separator, NNBSP,
    and is not changed by NFC (the normaliser's last step)."""
    text = TITLE + CONTENT + NAME
    assert all(c in text for c in FVS + MVS + NNBSP)
    assert unicodedata.normalize("NFC", text) == text


@pytest.fixture
def mongolian(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "mn"
    return client


@pytest.fixture
def submitted(
    mongolian, dalate, category, staff_dalate, django_capture_on_commit_callbacks, mailoutbox
):
    """The citizen's submission through the public form on the Mongolian pages, with its code and
    lookup key read from the receipt page; the outbox's e-mails delivered (to the citizen, and to
    the committee's staff, who read their notices by e-mail too)."""
    staff_dalate.email = "office@example.org"
    staff_dalate.save(update_fields=["email"])
    data = public_form_data(
        dalate,
        category,
        title=TITLE,
        content=CONTENT,
        submitter_name=NAME,
        submitter_email="batu@example.com",
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = mongolian.post(reverse("opinions:submit"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    receipt = mongolian.get(response["Location"]).content.decode()
    code = re.search(r'id="tracking-code">([^<]+)<', receipt).group(1)
    key = re.search(r'id="lookup-key">([^<]+)<', receipt).group(1)
    for row in OutboxMessage.objects.exclude(address=""):
        delivery.outbox_deliver(message_id=row.pk)
    opinion = Opinion.objects.get(tracking_code=code)
    opinion.lookup_key_shown = key
    return opinion


def test_stored_as_typed(submitted):
    assert (submitted.title, submitted.content, submitted.submitter_name) == (
        TITLE,
        CONTENT,
        NAME,
    )


def test_tracking_shows_the_title_intact(mongolian, submitted):
    response = mongolian.post(
        reverse("opinions:track"),
        {"code": submitted.tracking_code, "key": submitted.lookup_key_shown},
    )
    html = response.content.decode()
    assert response.status_code == 200 and 'id="public-status"' in html
    assert f">{TITLE}</h2>" in html


def test_the_desk_shows_it_and_finds_it(client, submitted, staff_dalate):
    client.force_login(staff_dalate)
    html = client.get(reverse("opinions:desk_detail", args=[submitted.pk])).content.decode()
    assert f'lang="mn-Mong">{TITLE}</h1>' in html
    assert f'lang="mn-Mong">{CONTENT}</div>' in html
    for term in ("ᠵᠠᠮ\u202fᠤᠨ", "ᠭ\u180bᠠᠴᠠᠭ\u180eᠠ", "ᠭᠠᠷᠤᠭ\u180f ᠢ"):
        listing = client.get(reverse("opinions:inbox"), {"q": term}).content.decode()
        assert f'<span lang="mn-Mong">{TITLE}</span>' in listing, term


def test_a_second_submission_alike_is_detected_as_similar(
    client, mongolian, submitted, dalate, category, staff_dalate
):
    mongolian.post(
        reverse("opinions:submit"),
        public_form_data(dalate, category, title=TITLE + " ᠬᠣᠶᠠᠷ", content=CONTENT),
    )
    second = Opinion.objects.exclude(pk=submitted.pk).get()
    client.force_login(staff_dalate)
    html = client.get(reverse("opinions:desk_detail", args=[second.pk])).content.decode()
    assert f'{submitted.tracking_code}</a> <span lang="mn-Mong">{TITLE}</span>' in html


def test_the_emails_keep_the_text_in_utf8(submitted, mailoutbox):
    to_citizen = [m for m in mailoutbox if m.to == ["batu@example.com"]]
    assert len(to_citizen) == 1
    message = to_citizen[0]
    assert TITLE in message.body and NAME in message.body
    # what goes over the wire: a UTF-8 text part that decodes back to the same code points
    parsed = email.message_from_bytes(message.message().as_bytes(), policy=email.policy.default)
    assert parsed.get_content_type() == "text/plain"
    assert parsed.get_content_charset() == "utf-8"
    assert TITLE in parsed.get_content() and NAME in parsed.get_content()
    # the office is told too, by e-mail as well: the title quoted intact
    office = [m for m in mail.outbox if m.to == ["office@example.org"]]
    assert len(office) == 1
    parsed = email.message_from_bytes(office[0].message().as_bytes(), policy=email.policy.default)
    assert parsed.get_content_charset() == "utf-8" and TITLE in parsed.get_content()


def _export(client, fmt):
    response = client.get(reverse("opinions:export", args=[fmt]), {"contacts": "1"})
    assert response.status_code == 200
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_the_exports_hold_the_same_code_points(client, submitted, staff_dalate):
    client.force_login(staff_dalate)
    data = _export(client, "csv")
    assert data.startswith("\ufeff".encode())
    assert TITLE.encode() in data and NAME.encode() in data  # byte for byte, in UTF-8
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[1][1] == TITLE and NAME in rows[1]
    sheet = load_workbook(io.BytesIO(_export(client, "xlsx"))).active
    values = [cell.value for cell in sheet[2]]
    assert values[1] == TITLE and NAME in values


def _bulletin_of(opinion, staff):
    services.opinion_adopt(opinion=opinion, by=staff, level=AdoptionLevel.BANNER)
    bulletin = services.bulletin_create(by=staff, committee=opinion.committee)
    services.bulletin_add_item(bulletin=bulletin, opinion=opinion, by=staff)
    return issue_bulletin(bulletin, by=staff)


def test_the_bulletin_docx_holds_it_in_a_mongolian_font(client, submitted, staff_dalate):
    bulletin = _bulletin_of(submitted, staff_dalate)
    client.force_login(staff_dalate)
    response = client.get(reverse("opinions:bulletin_docx", args=[bulletin.pk]))
    assert response.status_code == 200
    document = Document(io.BytesIO(response.content))
    texts = [p.text for p in document.paragraphs]
    assert TITLE in texts
    assert all(line in texts for line in CONTENT.splitlines())
    for paragraph in document.paragraphs:
        for run in paragraph.runs:
            if not re.search("[\u1800-\u18af]", run.text):
                continue
            fonts = run._element.rPr.rFonts
            slots = {
                slot: fonts.get(qn(f"w:{slot}")) for slot in ("ascii", "hAnsi", "eastAsia", "cs")
            }
            assert set(slots.values()) == {MONGOLIAN_FONT}, (run.text, slots)
            assert run._element.rPr.find(qn("w:lang")).get(qn("w:bidi")) == MONGOLIAN_LANGUAGE
            assert not re.search("[\u4e00-\u9fff]", run.text), "Chinese kept out of it"
    # the source line mixes Chinese and the code: Chinese keeps its own font
    source = next(p for p in document.paragraphs if submitted.tracking_code in p.text)
    assert all(r._element.rPr.rFonts.get(qn("w:eastAsia")) != MONGOLIAN_FONT for r in source.runs)


def test_a_mixed_line_is_cut_into_runs_by_script(issued_with_mixed_title):
    document = Document(io.BytesIO(issued_with_mixed_title))
    paragraph = next(p for p in document.paragraphs if p.text == "关于ᠵᠠᠮ\u202fᠤᠨ ᠰᠠᠨᠠᠯ的建议")
    pieces = [(r.text, r._element.rPr.rFonts.get(qn("w:eastAsia"))) for r in paragraph.runs]
    assert pieces == [
        ("关于", "方正小标宋简体"),
        ("ᠵᠠᠮ\u202fᠤᠨ ᠰᠠᠨᠠᠯ", MONGOLIAN_FONT),
        ("的建议", "方正小标宋简体"),
    ]


@pytest.fixture
def issued_with_mixed_title(submitted, staff_dalate):
    from opinions.documents import bulletin_docx

    bulletin = _bulletin_of(submitted, staff_dalate)
    item = bulletin.items.get()
    item.editorial_title = "关于ᠵᠠᠮ\u202fᠤᠨ ᠰᠠᠨᠠᠯ的建议"
    item.save(update_fields=["editorial_title"])
    return bulletin_docx(bulletin)


def test_the_printable_bulletin_marks_it_for_its_font(client, submitted, staff_dalate):
    bulletin = _bulletin_of(submitted, staff_dalate)
    client.force_login(staff_dalate)
    html = client.get(reverse("opinions:bulletin_print", args=[bulletin.pk])).content.decode()
    assert f'<h2 lang="mn-Mong">{TITLE}</h2>' in html
    for line in CONTENT.splitlines():
        assert f'<p lang="mn-Mong">{line}</p>' in html
    css = (Path(settings.BASE_DIR) / "static" / "css" / "bulletin-print.css").read_text()
    assert "NotoSansMongolian-Regular.ttf" in css and '[lang|="mn"]' in css
    detail = client.get(reverse("opinions:bulletin_detail", args=[bulletin.pk])).content.decode()
    assert f'<span lang="mn-Mong">{TITLE}</span>' in detail


# --- the submitter is written to in the language of the page they submitted from ------------
CHINESE = re.compile("[\u4e00-\u9fff]")
MONGOLIAN = re.compile("[\u1800-\u18af]")


def test_the_receipt_email_is_in_mongolian(submitted, mailoutbox):
    assert submitted.language == "mn"
    (message,) = [m for m in mailoutbox if m.to == ["batu@example.com"]]
    assert message.subject.endswith(f"ᠰᠠᠨᠠᠯ ᠤᠨ ᠰᠢᠲᠭᠡᠯ ᠦᠨ ᠶᠠᠪᠤᠴᠠ {submitted.tracking_code}")
    body = message.body
    assert f"ᠰᠠᠢᠨ ᠪᠠᠶᠢᠨ᠎ᠠ ᠤᠤ᠂ {NAME}:" in body
    assert f"ᠲᠠᠨ ᠤ ᠰᠠᠨᠠᠯ “{TITLE}” ᠢ ᠬᠤᠯᠠᠵᠤ ᠠᠪᠤᠪᠠ" in body
    assert f"ᠪᠠᠶᠢᠴᠠᠭᠠᠬᠤ ᠨᠢᠭᠤᠴᠠ ᠦᠭᠡ: {submitted.lookup_key_shown}" in body
    assert CHINESE.findall(message.subject + body) == []  # the signature's portal name too


def test_the_office_still_reads_chinese(submitted, mailoutbox):
    (message,) = [m for m in mailoutbox if m.to == ["office@example.org"]]
    assert "新建言待审核" in message.body and "ᠰᠠᠢᠨ ᠪᠠᠶᠢᠨ᠎ᠠ ᠤᠤ" not in message.body


def test_progress_emails_follow_in_mongolian(
    submitted, staff_dalate, mailoutbox, django_capture_on_commit_callbacks
):
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.opinion_adopt(opinion=submitted, by=staff_dalate, level=AdoptionLevel.BANNER)
    (message,) = mailoutbox
    assert message.to == ["batu@example.com"]
    submitted.refresh_from_db()
    with translation.override("mn"):  # the status as the Mongolian 办理查询 page names it
        status = str(submitted.get_public_status_display())
    assert MONGOLIAN.search(status)
    assert f"ᠰᠢᠲᠭᠡᠯ ᠦᠨ ᠪᠠᠶᠢᠳᠠᠯ: {status}᠃" in message.body
    assert CHINESE.findall(message.subject + message.body) == []


def test_a_chinese_page_submitter_reads_chinese(
    client, dalate, category, django_capture_on_commit_callbacks, mailoutbox
):
    data = public_form_data(dalate, category, submitter_email="zhang@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(reverse("opinions:submit"), data).status_code == 302
    assert Opinion.objects.get().language == "zh-hans"
    (message,) = [m for m in mailoutbox if m.to == ["zhang@example.com"]]
    assert "建言办理进度" in message.subject and "已收到" in message.body


@pytest.mark.parametrize(
    ("page", "stored"),
    [
        ("mn", "mn"),
        ("mn-Mong", "mn"),
        ("zh-Hans", "zh-hans"),
        ("en-us", "en"),
        ("fr", "zh-hans"),
        ("", "zh-hans"),
        (None, "zh-hans"),
    ],
)
def test_the_stored_language_is_one_the_portal_offers(page, stored):
    assert services.submission_language(page) == stored
