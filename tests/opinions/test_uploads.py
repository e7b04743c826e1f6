"""Attachments are judged by their content, not their name: disguised and oversized files are
refused with a message and nothing is stored; images are re-encoded without EXIF/GPS; files are
served only through a permission-checking view."""

import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from opinions.models import Attachment, Opinion
from tests.opinions.conftest import public_form_data

pytestmark = pytest.mark.django_db

SUBMIT = reverse("opinions:submit")
GPS_IFD = 34853

VALID_PDF = (
    b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
    b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n"
    b"xref\n0 3\n0000000000 65535 f \ntrailer\n<< /Size 3 /Root 1 0 R >>\n"
    b"startxref\n100\n%%EOF\n"
)


def jpeg_with_gps(size=(64, 48)) -> bytes:
    image = Image.new("RGB", size, (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[GPS_IFD] = {1: "N", 2: (39.0, 36.0, 12.0), 3: "E", 4: (109.0, 46.0, 30.0)}
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    data = out.getvalue()
    assert Image.open(io.BytesIO(data)).getexif().get_ifd(GPS_IFD)  # the fixture is real
    return data


def png_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("RGBA", (10, 10), (0, 0, 255, 128)).save(out, format="PNG")
    return out.getvalue()


def upload(name, data, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def stored_files(media_root: Path) -> list[Path]:
    return [p for p in media_root.rglob("*") if p.is_file()] if media_root.exists() else []


def submit_with(client, dalate, category, *files):
    data = public_form_data(dalate, category)
    data["attachments"] = list(files)
    return client.post(SUBMIT, data)


DISGUISED = [
    pytest.param(
        "photo.jpg",
        b"<!DOCTYPE html><html><script>alert(1)</script></html>",
        "image/jpeg",
        "不是支持的图片或PDF文件",
        id="html-as-jpg",
    ),
    pytest.param(
        "photo.png",
        b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 200,
        "image/png",
        "不是支持的图片或PDF文件",
        id="elf-as-png",
    ),
    pytest.param(
        "scan.png",
        b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200,
        "image/png",
        "不是支持的图片或PDF文件",
        id="exe-as-png",
    ),
    pytest.param(
        "doc.pdf",
        b"%PDF-1.4\n1 0 obj\n<< /OpenAction << /S /JavaScript "
        b"/JS (app.alert(1)) >> >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n"
        b"startxref\n9\n%%EOF\n",
        "application/pdf",
        "包含脚本、嵌入文件",
        id="pdf-js",
    ),
    pytest.param(
        "doc.pdf", VALID_PDF[:60], "application/pdf", "不是完整的PDF文件", id="truncated-pdf"
    ),
    pytest.param(
        "image.jpg",
        jpeg_with_gps()[:120],
        "image/jpeg",
        "不是支持的图片或PDF文件",
        id="truncated-jpeg",
    ),
    pytest.param(
        "notes.txt", "普通文本".encode(), "text/plain", "不是支持的图片或PDF文件", id="text"
    ),
    pytest.param(
        "vector.svg",
        b'<svg xmlns="http://www.w3.org/2000/svg"><script/></svg>',
        "image/svg+xml",
        "不是支持的图片或PDF文件",
        id="svg",
    ),
]


class TestRefused:
    @pytest.mark.parametrize(("name", "data", "content_type", "message"), DISGUISED)
    def test_disguised_file(
        self, client, dalate, category, media_root, name, data, content_type, message
    ):
        response = submit_with(client, dalate, category, upload(name, data, content_type))
        assert response.status_code == 200
        html = response.content.decode()
        assert message in html
        assert "attachments" in response.context["form"].errors
        assert not Opinion.objects.exists() and not Attachment.objects.exists()
        assert stored_files(media_root) == []

    def test_oversized(self, client, dalate, category, settings, media_root):
        settings.UPLOAD_MAX_BYTES = 2048
        big = upload("big.jpg", jpeg_with_gps(size=(400, 400)) + b"\x00" * 4096, "image/jpeg")
        response = submit_with(client, dalate, category, big)
        assert response.status_code == 200
        assert "超过" in response.context["form"].errors["attachments"][0]
        assert not Opinion.objects.exists() and stored_files(media_root) == []

    def test_too_many(self, client, dalate, category, settings, media_root):
        settings.UPLOAD_MAX_FILES = 2
        files = [upload(f"p{n}.png", png_bytes(), "image/png") for n in range(3)]
        response = submit_with(client, dalate, category, *files)
        assert response.status_code == 200
        assert "最多上传 2 个附件" in response.content.decode()
        assert not Opinion.objects.exists() and stored_files(media_root) == []

    def test_one_bad_file_refuses_all(self, client, dalate, category, media_root):
        good = upload("ok.png", png_bytes(), "image/png")
        bad = upload("bad.jpg", b"<html></html>", "image/jpeg")
        response = submit_with(client, dalate, category, good, bad)
        assert "bad.jpg" in response.content.decode()
        assert not Opinion.objects.exists() and stored_files(media_root) == []

    def test_file_name_is_escaped_in_the_message(self, client, dalate, category):
        bad = upload("<img src=x onerror=alert(1)>.jpg", b"<html></html>", "image/jpeg")
        html = submit_with(client, dalate, category, bad).content.decode()
        assert "<img src=x onerror" not in html


class TestAccepted:
    def test_jpeg_is_reencoded_without_exif_or_gps(self, client, dalate, category):
        response = submit_with(
            client, dalate, category, upload("现场照片.jpg", jpeg_with_gps(), "image/jpeg")
        )
        assert response.status_code == 302
        attachment = Attachment.objects.get()
        assert attachment.content_type == "image/jpeg"
        assert attachment.original_name == "现场照片.jpg"
        with attachment.file.open("rb") as fh:
            data = fh.read()
        assert attachment.size == len(data)
        image = Image.open(io.BytesIO(data))
        assert image.format == "JPEG" and image.size == (64, 48)
        exif = image.getexif()
        assert GPS_IFD not in exif and not exif.get_ifd(GPS_IFD)
        assert len(exif) == 0
        assert b"PhoneMaker" not in data

    def test_image_named_like_a_pdf_is_stored_as_an_image(self, client, dalate, category):
        submit_with(client, dalate, category, upload("report.pdf", png_bytes(), "application/pdf"))
        attachment = Attachment.objects.get()
        assert attachment.content_type == "image/png"
        assert attachment.file.name.endswith(".png")

    def test_trailing_payload_after_an_image_is_dropped(self, client, dalate, category):
        payload = b"<script>alert(1)</script>"
        submit_with(
            client,
            dalate,
            category,
            upload("polyglot.jpg", jpeg_with_gps() + payload, "image/jpeg"),
        )
        with Attachment.objects.get().file.open("rb") as fh:
            assert payload not in fh.read()

    def test_pdf(self, client, dalate, category):
        response = submit_with(
            client, dalate, category, upload("材料.pdf", VALID_PDF, "application/pdf")
        )
        assert response.status_code == 302
        attachment = Attachment.objects.get()
        assert attachment.content_type == "application/pdf"
        assert attachment.file.name.startswith("private/")


class TestDownload:
    @pytest.fixture
    def attachments(self, client, dalate, category):
        submit_with(
            client,
            dalate,
            category,
            upload("照片.jpg", jpeg_with_gps(), "image/jpeg"),
            upload("材料.pdf", VALID_PDF, "application/pdf"),
        )
        client.logout()
        image, pdf = Attachment.objects.order_by("pk")
        return image, pdf

    def url(self, attachment):
        return reverse("opinions:attachment", args=[attachment.token])

    def test_anonymous_gets_404(self, client, attachments):
        for attachment in attachments:
            assert client.get(self.url(attachment)).status_code == 404

    @pytest.mark.parametrize(
        "who", ["staff_zhungeer", "member_user", "citizen", "department_user", "leader"]
    )
    def test_out_of_scope_gets_404(self, client, attachments, request, who):
        client.force_login(request.getfixturevalue(who))
        for attachment in attachments:
            assert client.get(self.url(attachment)).status_code == 404

    @pytest.mark.parametrize("who", ["staff_dalate", "staff_municipal"])
    def test_in_scope_staff(self, client, attachments, request, who):
        client.force_login(request.getfixturevalue(who))
        image, pdf = attachments
        response = client.get(self.url(image))
        assert response.status_code == 200
        assert response["Content-Type"] == "image/jpeg"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Disposition"].startswith("inline")
        assert "private" in response["Cache-Control"]
        body = b"".join(response.streaming_content)
        assert Image.open(io.BytesIO(body)).format == "JPEG"

        response = client.get(self.url(pdf))
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Disposition"].startswith("attachment")
        assert b"".join(response.streaming_content) == VALID_PDF

    def test_unknown_token(self, client, staff_dalate):
        client.force_login(staff_dalate)
        assert client.get(reverse("opinions:attachment", args=["0" * 32])).status_code == 404

    def test_member_author_may_download_own(
        self, client, member_user, other_member_user, make_member_item
    ):
        from core.uploads import clean_upload

        item = make_member_item(
            member_user, uploads=[clean_upload(upload("p.png", png_bytes(), "image/png"))]
        )
        attachment = item.attachments.get()
        client.force_login(member_user)
        assert client.get(self.url(attachment)).status_code == 200
        client.force_login(other_member_user)
        assert client.get(self.url(attachment)).status_code == 404

    def test_a_drafts_attachment_is_the_authors_alone(
        self, client, member_user, staff_dalate, make_member_item
    ):
        from core.uploads import clean_upload

        draft = make_member_item(
            member_user,
            submit=False,
            uploads=[clean_upload(upload("d.png", png_bytes(), "image/png"))],
        )
        attachment = draft.attachments.get()
        client.force_login(staff_dalate)  # in scope, but the draft is not submitted yet
        assert client.get(self.url(attachment)).status_code == 404
        client.force_login(member_user)
        response = client.get(self.url(attachment))
        assert response.status_code == 200
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "no-store" in response["Cache-Control"]
