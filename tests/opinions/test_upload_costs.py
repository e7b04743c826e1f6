"""Uploads cost nothing before the cheap checks pass: an invalid or rate-limited submission never
decodes its images, every POST counts towards the per-IP limit, an image whose header declares
too many pixels is refused without decoding, and what is decoded is bounded (JPEG decoded at a
reduced scale, stored at most 2560 px on the long side)."""

import io
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image, ImageFile

from core import uploads
from opinions.models import Attachment, Opinion
from tests.opinions.conftest import public_form_data

pytestmark = pytest.mark.django_db

SUBMIT = reverse("opinions:submit")


def png(size=(40, 30)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (10, 120, 200)).save(out, format="PNG")
    return out.getvalue()


def png_header_only(width: int, height: int) -> bytes:
    """A PNG that declares ``width``×``height`` and carries a token of pixel data: decoding it
    would fail (or take seconds for the real thing); the header alone must settle it."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body) & 0xFFFFFFFF
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 1000)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def files(*blobs, name="photo.png"):
    return [SimpleUploadedFile(name, blob, content_type="image/png") for blob in blobs]


@pytest.fixture
def decodes(monkeypatch):
    """Every image decode (ImageFile.load), with the size it decodes at."""
    seen = []
    real = ImageFile.ImageFile.load

    def counting(self):
        if self.tile:  # the pixel data is about to be decoded
            seen.append(self.size)
        return real(self)

    monkeypatch.setattr(ImageFile.ImageFile, "load", counting)
    return seen


class TestNothingDecodedBeforeTheCheapChecks:
    def test_invalid_submission_decodes_no_image(self, client, dalate, category, decodes):
        data = public_form_data(dalate, category, title="")
        data["attachments"] = files(png(), png(), png())
        response = client.post(SUBMIT, data, REMOTE_ADDR="10.7.0.1")
        assert response.status_code == 200 and "title" in response.context["form"].errors
        assert decodes == []
        assert not Opinion.objects.exists()

    def test_wrong_captcha_decodes_no_image(self, client, dalate, category, decodes, settings):
        settings.SUBMISSION_CAPTCHA_AFTER = 0
        data = public_form_data(dalate, category, captcha_challenge="x", captcha="12345")
        data["attachments"] = files(png())
        response = client.post(SUBMIT, data, REMOTE_ADDR="10.7.0.2")
        assert "captcha" in response.context["form"].errors
        assert decodes == []

    def test_valid_submission_decodes_each_image_once(self, client, dalate, category, decodes):
        data = public_form_data(dalate, category)
        data["attachments"] = files(png(), png())
        assert client.post(SUBMIT, data, REMOTE_ADDR="10.7.0.3").status_code == 302
        assert len(decodes) == 2  # (the control: the counter does see decoding)
        assert Attachment.objects.count() == 2


class TestEveryPostCounts:
    def test_eleventh_post_is_refused_even_if_all_were_invalid(
        self, client, dalate, category, settings, decodes
    ):
        settings.SUBMISSION_LIMIT_PER_HOUR = 10
        for _ in range(10):
            data = public_form_data(dalate, category, title="")
            data["attachments"] = files(png())
            assert client.post(SUBMIT, data, REMOTE_ADDR="10.7.1.1").status_code == 200
        data = public_form_data(dalate, category)
        data["attachments"] = files(png())
        response = client.post(SUBMIT, data, REMOTE_ADDR="10.7.1.1")
        assert response.status_code == 429
        assert decodes == []
        assert not Opinion.objects.exists()
        # another address is not affected
        other = client.post(SUBMIT, public_form_data(dalate, category), REMOTE_ADDR="10.7.1.2")
        assert other.status_code == 302

    def test_the_captcha_appears_after_invalid_posts_too(self, client, dalate, category, settings):
        settings.SUBMISSION_CAPTCHA_AFTER = 2
        for expected in (False, True):
            response = client.post(
                SUBMIT, public_form_data(dalate, category, title=""), REMOTE_ADDR="10.7.2.1"
            )
            assert response.context["form"].need_captcha is expected
            assert ('src="/opinions/captcha/' in response.content.decode()) is expected


class TestPixelBounds:
    def test_header_declaring_too_many_pixels_is_refused_undecoded(
        self, client, dalate, category, decodes
    ):
        """The 6300×6300 PNG (39.7 MP, 151 KB) that took 3 s and 450 MB each time."""
        data = public_form_data(dalate, category)
        data["attachments"] = files(png_header_only(6300, 6300))
        response = client.post(SUBMIT, data, REMOTE_ADDR="10.7.3.1")
        assert response.status_code == 200
        assert "尺寸过大" in response.content.decode()
        assert decodes == []
        assert not Opinion.objects.exists()

    @pytest.mark.parametrize(("width", "height"), [(4100, 4100), (20001, 10), (1, 16_000_001)])
    def test_pixel_and_side_caps_for_members_photos_too(self, decodes, width, height):
        """clean_upload (used by members' activity photos) applies the same caps."""
        upload = SimpleUploadedFile("p.png", png_header_only(width, height))
        with pytest.raises(uploads.ValidationError, match="尺寸过大"):
            uploads.clean_upload(upload)
        assert decodes == []

    def test_big_jpeg_is_decoded_reduced_and_stored_at_most_2560px(self, decodes):
        out = io.BytesIO()
        Image.new("RGB", (5200, 3900), (90, 160, 60)).save(out, format="JPEG", quality=70)
        clean = uploads.clean_upload(SimpleUploadedFile("big.jpg", out.getvalue()))
        # 20 MP declared (above the 16 MP decode cap) but decoded at half scale
        assert decodes == [(2600, 1950)]
        stored = Image.open(io.BytesIO(clean.data))
        assert stored.format == "JPEG" and max(stored.size) == 2560

    def test_big_png_within_the_cap_is_stored_at_most_2560px(self):
        clean = uploads.clean_upload(SimpleUploadedFile("wide.png", png((3000, 1000))))
        assert Image.open(io.BytesIO(clean.data)).size == (2560, 853)
