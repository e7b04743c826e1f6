"""The PDF check reads names the way a PDF reader does: ``#xx`` escapes decoded, names inside
compressed object streams found, strings and verified stream data not mistaken for names; active
content, HTML, encryption and unreadable object streams are refused; and an attachment is served
with the sandbox CSP whatever it contains."""

import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.uploads import clean_upload
from opinions.models import Attachment
from tests.opinions.conftest import public_form_data

pytestmark = pytest.mark.django_db

TRAILER = b"trailer\n<< /Size 9 /Root 1 0 R >>\nstartxref\n0\n%%EOF\n"


def pdf(*objects: bytes, trailer: bytes = TRAILER) -> bytes:
    body = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"
    for number, obj in enumerate(objects, start=1):
        body += b"%d 0 obj\n" % number + obj + b"\nendobj\n"
    return body + trailer


def stream(data: bytes, extra: bytes = b"", length: bytes | None = None) -> bytes:
    length = length if length is not None else str(len(data)).encode()
    return b"<< " + extra + b" /Length " + length + b" >>\nstream\n" + data + b"\nendstream"


def object_stream(content: bytes, filters: bytes = b"/Filter /FlateDecode") -> bytes:
    data = zlib.compress(content) if b"FlateDecode" in filters else content
    return stream(data, extra=b"/Type /ObjStm /N 1 /First 4 " + filters)


CATALOG = b"<< /Type /Catalog /Pages 2 0 R >>"
PAGES = b"<< /Type /Pages /Kids [] /Count 0 >>"


def check(data: bytes):
    return clean_upload(SimpleUploadedFile("doc.pdf", data, content_type="application/pdf"))


def refused(data: bytes) -> str:
    with pytest.raises(ValidationError) as info:
        check(data)
    return " ".join(info.value.messages)


ACTIVE = [
    pytest.param(b"<< /Type /Action /S /J#61vaScript /J#53 (app.alert(1)) >>", id="name-escape"),
    pytest.param(b"<< /S /#4A#61#76#61#53#63#72#69#70#74 /#4A#53 (x) >>", id="all-escaped"),
    pytest.param(b"<< /OpenAction << /S /JavaScript /JS 5 0 R >> >>", id="openaction-js"),
    pytest.param(b"<< /Type /Catalog /AA << /O 4 0 R >> >>", id="additional-actions"),
    pytest.param(b"<< /S /Launch /F (cmd.exe) >>", id="launch"),
    pytest.param(b"<< /Names << /EmbeddedFiles 6 0 R >> >>", id="embedded-files"),
    pytest.param(b"<< /Type /Annot /Subtype /FileAttachment >>", id="file-attachment"),
    pytest.param(b"<< /Type /Annot /Subtype /RichMedia >>", id="rich-media"),
    pytest.param(b"<< /AcroForm << /XFA 7 0 R >> >>", id="xfa"),
    pytest.param(b"<< /S /SubmitForm /F (http://x.example/) >>", id="submit-form"),
    pytest.param(b"<< /S/JavaScript/JS(x)>>", id="no-spaces"),
]


@pytest.mark.parametrize("obj", ACTIVE)
def test_active_content_is_refused(obj):
    refused(pdf(CATALOG, PAGES, obj))


def test_javascript_hidden_in_a_compressed_object_stream_is_refused():
    hidden = b"3 0 << /Type /Action /S /J#61vaScript /JS (app.alert(1)) >>"
    data = pdf(CATALOG, PAGES, object_stream(hidden))
    assert b"JavaScript" not in data and b"J#61" not in data  # only inside the zlib data
    assert "包含脚本、嵌入文件或网页内容" in refused(data)


@pytest.mark.parametrize(
    "filters",
    [b"/Filter /LZWDecode", b"/Filter [/FlateDecode /ASCIIHexDecode]", b"/Filter /FlateDecode "
     b"/DecodeParms << /Predictor 12 /Columns 4 >>"],
)  # fmt: skip
def test_object_stream_it_cannot_read_is_refused(filters):
    assert "无法检查" in refused(pdf(CATALOG, PAGES, object_stream(b"3 0 << >>", filters)))


def test_encrypted_pdf_is_refused():
    trailer = b"trailer\n<< /Root 1 0 R /Encrypt 3 0 R >>\nstartxref\n0\n%%EOF\n"
    data = pdf(CATALOG, PAGES, b"<< /Filter /Standard /V 2 >>", trailer=trailer)
    assert "加密" in refused(data)


@pytest.mark.parametrize(
    "html", [b"<html><body>hi</body></html>", b"<SCRIPT>alert(1)</SCRIPT>", b"<!DocType html>"]
)
@pytest.mark.parametrize("where", ["comment", "stream", "after-eof"])
def test_html_inside_is_refused(html, where):
    if where == "comment":
        data = pdf(CATALOG, PAGES, b"% " + html + b"\n<< >>")
    elif where == "stream":
        data = pdf(CATALOG, PAGES, stream(html))
    else:
        data = pdf(CATALOG, PAGES) + html + b"\n%%EOF\n"
    assert "包含脚本、嵌入文件或网页内容" in refused(data)


def test_unverifiable_stream_data_is_searched_too():
    """A /Length that does not end at "endstream": the data's names count (no hiding there)."""
    data = pdf(CATALOG, PAGES, stream(b"q /JS (x) Q", length=b"3"))
    assert "包含脚本、嵌入文件或网页内容" in refused(data)


class TestNoFalseAlarms:
    def test_plain_pdf(self):
        assert check(pdf(CATALOG, PAGES)).content_type == "application/pdf"

    def test_open_action_going_to_a_page(self):
        catalog = b"<< /Type /Catalog /Pages 2 0 R /OpenAction [3 0 R /Fit] >>"
        check(pdf(catalog, PAGES, b"<< /Type /Page /Parent 2 0 R >>"))

    @pytest.mark.parametrize("length", ["direct", "indirect"])
    def test_binary_stream_data_that_looks_like_a_name(self, length):
        """Scanned pages are binary streams; bytes that happen to read "/JS " are data."""
        data = b"\xff\xd8\x00/JS /AA /JavaScript (\x01\x02"
        if length == "direct":
            image = stream(data, extra=b"/Subtype /Image /Filter /DCTDecode")
            check(pdf(CATALOG, PAGES, image))
        else:
            image = stream(data, extra=b"/Subtype /Image /Filter /DCTDecode", length=b"4 0 R")
            check(pdf(CATALOG, PAGES, image, str(len(data)).encode()))

    def test_words_in_strings_are_not_names(self):
        info = b"<< /Title (About /JavaScript and /Launch \\) in PDFs) /Author <FEFF0041> >>"
        check(pdf(CATALOG, PAGES, info))

    def test_clean_compressed_object_stream(self):
        check(pdf(CATALOG, PAGES, object_stream(b"3 0 << /Type /Page /Parent 2 0 R >>")))


def test_attachment_download_keeps_the_sandbox(client, dalate, category, staff_dalate):
    """Whatever a PDF carries, it is served as a download that cannot run as a page."""
    data = public_form_data(dalate, category)
    data["attachments"] = [
        SimpleUploadedFile("材料.pdf", pdf(CATALOG, PAGES), content_type="application/pdf")
    ]
    assert client.post(reverse("opinions:submit"), data).status_code == 302
    attachment = Attachment.objects.get()
    client.force_login(staff_dalate)
    response = client.get(reverse("opinions:attachment", args=[attachment.token]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment")
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
