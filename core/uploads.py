"""Uploads are checked by what they contain, not by their name. Images are decoded and
re-encoded (which drops EXIF, GPS and anything hidden after the image data); PDFs are scanned for
active content (see ``pdfcheck``).

Checking costs CPU and memory, so it comes in two steps: ``precheck`` is cheap (size, the magic
bytes, the image header's declared dimensions — nothing is decoded) and ``finish`` does the
decoding. A form runs ``precheck`` with its other fields and ``finish`` only once everything
else (fields, CAPTCHA, rate limit) has passed. ``clean_upload`` does both, for forms whose users
are signed in."""

from __future__ import annotations

import io
import secrets
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from .pdfcheck import check_pdf

ALLOWED_IMAGE_FORMATS = {
    "JPEG": "image/jpeg",
    "PNG": "image/png",
    "WEBP": "image/jpeg",
    "GIF": "image/png",
    "BMP": "image/png",
}
# The most pixels ever decoded into memory for one upload (16 MP ≈ 64 MB as RGBA).
MAX_DECODE_PIXELS = 16_000_000
# JPEG decodes at 1/2, 1/4 or 1/8 scale (Image.draft), so a 48 MP phone photo is decoded at
# 12 MP; other formats decode at full size and must declare at most MAX_DECODE_PIXELS.
MAX_JPEG_DECLARED_PIXELS = 64_000_000
MAX_SIDE_DECLARED = 20_000
# Stored images are at most this many pixels on the long side.
MAX_STORED_SIDE = 2560
# Pillow's own bomb guard for every image this process opens: a warning above, an error above
# twice this many declared pixels — a bound behind the checks below, never reached by them.
Image.MAX_IMAGE_PIXELS = MAX_JPEG_DECLARED_PIXELS


DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# A Word document's main part, as its [Content_Types].xml declares it (a .docm says macroEnabled).
DOCX_MAIN = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
# Limits on what a DOCX may unpack to: a zip bomb is refused before anything is inflated.
DOCX_MAX_MEMBERS = 2000
DOCX_MAX_UNPACKED = 100 * 1024 * 1024
# Parts that carry code or other programs' objects: macros, ActiveX controls, OLE objects.
DOCX_ACTIVE_PARTS = ("vbaproject.bin", "vbadata.xml", "/activex/", "/embeddings/")


@dataclass
class CleanUpload:
    data: bytes
    content_type: str
    original_name: str
    token: str


@dataclass
class PendingUpload:
    """Passed the cheap checks; not decoded yet."""

    raw: bytes
    name: str
    kind: str  # "pdf", "docx" or an ALLOWED_IMAGE_FORMATS key


def _safe_name(name: str | None) -> str:
    name = "".join(ch for ch in (name or "") if ch.isprintable() and ch not in '/\\<>:"|?*')
    return name.strip()[-100:] or "attachment"


def _not_allowed(name: str) -> ValidationError:
    return ValidationError(
        _("文件“%(name)s”不是支持的图片或PDF文件。只能上传 JPG、PNG 图片或 PDF 文件。")
        % {"name": name}
    )


def _too_big(name: str) -> ValidationError:
    return ValidationError(
        _("图片“%(name)s”尺寸过大（像素太多），请缩小后再上传。") % {"name": name}
    )


def _not_allowed_document(name: str) -> ValidationError:
    return ValidationError(
        _("文件“%(name)s”不是支持的文件。只能上传 PDF、Word（DOCX）文件或 JPG、PNG 图片。")
        % {"name": name}
    )


def precheck(upload: UploadedFile, *, documents: bool = False) -> PendingUpload:
    """Size, type and declared dimensions, from the first bytes and the image header only.
    ``documents=True`` also lets Word documents (DOCX) through, checked by ``finish``."""
    limit = settings.UPLOAD_MAX_BYTES
    if upload.size is None or upload.size > limit:
        raise ValidationError(
            _("文件“%(name)s”超过 %(mb)s MB，请压缩后再上传。")
            % {"name": _safe_name(upload.name), "mb": limit // (1024 * 1024)}
        )
    raw = upload.read(limit + 1)
    if len(raw) > limit:
        raise ValidationError(_("文件过大。"))
    name = _safe_name(upload.name)
    if raw.startswith(b"%PDF-"):
        return PendingUpload(raw, name, "pdf")
    if raw.startswith(b"PK\x03\x04"):
        if not documents:
            raise _not_allowed(name)
        return PendingUpload(raw, name, "docx")
    try:
        # Image.open reads the header only; the pixel data is decoded by load() in finish().
        with Image.open(io.BytesIO(raw)) as probe:
            fmt, (width, height) = probe.format, probe.size
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise (_not_allowed_document(name) if documents else _not_allowed(name)) from None
    if fmt not in ALLOWED_IMAGE_FORMATS:
        raise _not_allowed_document(name) if documents else _not_allowed(name)
    cap = MAX_JPEG_DECLARED_PIXELS if fmt == "JPEG" else MAX_DECODE_PIXELS
    if width * height > cap or max(width, height) > MAX_SIDE_DECLARED:
        raise _too_big(name)
    return PendingUpload(raw, name, fmt)


def finish(pending: PendingUpload) -> CleanUpload:
    """The expensive part: scan the PDF, or decode (memory-bounded) and re-encode the image."""
    if pending.kind == "pdf":
        check_pdf(pending.raw, pending.name)
        return CleanUpload(pending.raw, "application/pdf", pending.name, secrets.token_hex(16))
    if pending.kind == "docx":
        check_docx(pending.raw, pending.name)
        return CleanUpload(pending.raw, DOCX_CONTENT_TYPE, pending.name, secrets.token_hex(16))
    return _reencode_image(pending.raw, pending.name)


def clean_upload(upload: UploadedFile, *, documents: bool = False) -> CleanUpload:
    return finish(precheck(upload, documents=documents))


def check_docx(raw: bytes, name: str) -> None:
    """A Word document (DOCX) and nothing else: a readable zip whose declared main part is a
    document (not a macro-enabled one, not a spreadsheet renamed), without macros, ActiveX
    controls or embedded objects, unpacking to a bounded size. Read from the zip's directory and
    ``[Content_Types].xml`` only; nothing else is inflated."""
    refused = ValidationError(
        _("文件“%(name)s”不是可接受的 Word 文档（不能含宏、控件或嵌入对象），请另存为 PDF 后上传。")
        % {"name": name}
    )
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            members = archive.infolist()
            if len(members) > DOCX_MAX_MEMBERS:
                raise refused
            if sum(m.file_size for m in members) > DOCX_MAX_UNPACKED:
                raise refused
            names = {m.filename.lower() for m in members}
            if "[content_types].xml" not in names or "word/document.xml" not in names:
                raise _not_allowed_document(name)
            if any(part in f"/{n}" for n in names for part in DOCX_ACTIVE_PARTS):
                raise refused
            types_info = archive.getinfo("[Content_Types].xml")
            if types_info.file_size > 1024 * 1024:
                raise refused
            types = archive.read(types_info)
    except ValidationError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, KeyError, OSError, ValueError):
        raise _not_allowed_document(name) from None
    if DOCX_MAIN not in types or b"macroEnabled" in types:
        raise refused


def _reencode_image(raw: bytes, name: str) -> CleanUpload:
    try:
        with Image.open(io.BytesIO(raw)) as opened:
            image: Image.Image = opened
            fmt = image.format
            if fmt not in ALLOWED_IMAGE_FORMATS:
                raise _not_allowed(name)
            width, height = image.size
            if fmt == "JPEG":
                # Decode at the smallest 1/2^n scale that still covers the stored size.
                ratio = MAX_STORED_SIDE / max(width, height)
                if ratio < 1:
                    image.draft(None, (max(1, int(width * ratio)), max(1, int(height * ratio))))
            width, height = image.size  # after draft: what load() will allocate
            if width * height > MAX_DECODE_PIXELS:
                raise _too_big(name)
            image.load()
            image = ImageOps.exif_transpose(image)
            if max(image.size) > MAX_STORED_SIDE:
                image.thumbnail((MAX_STORED_SIDE, MAX_STORED_SIDE), Image.Resampling.LANCZOS)
            out = io.BytesIO()
            content_type = ALLOWED_IMAGE_FORMATS[fmt]
            if content_type == "image/jpeg":
                image.convert("RGB").save(out, format="JPEG", quality=85, optimize=True)
            else:
                mode = "RGBA" if image.mode in ("RGBA", "LA", "P") else "RGB"
                image.convert(mode).save(out, format="PNG", optimize=True)
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise _not_allowed(name) from None
    return CleanUpload(out.getvalue(), content_type, name, secrets.token_hex(16))
