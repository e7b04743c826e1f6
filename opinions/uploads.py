"""Uploads are checked by what they contain, not by their name. Images are decoded and
re-encoded (which drops EXIF, GPS and anything hidden after the image data); PDFs must look like
PDFs from header to trailer."""

from __future__ import annotations

import io
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

ALLOWED_IMAGE_FORMATS = {
    "JPEG": "image/jpeg",
    "PNG": "image/png",
    "WEBP": "image/jpeg",
    "GIF": "image/png",
    "BMP": "image/png",
}
MAX_PIXELS = 40_000_000


@dataclass
class CleanUpload:
    data: bytes
    content_type: str
    original_name: str
    token: str


def _safe_name(name: str) -> str:
    name = "".join(ch for ch in (name or "") if ch.isprintable() and ch not in '/\\<>:"|?*')
    return name.strip()[-100:] or "attachment"


def clean_upload(upload) -> CleanUpload:
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
        return CleanUpload(_check_pdf(raw, name), "application/pdf", name, secrets.token_hex(16))
    return _reencode_image(raw, name)


def _check_pdf(raw: bytes, name: str) -> bytes:
    tail = raw[-2048:]
    if b"%%EOF" not in tail or (b"startxref" not in tail and b"/Linearized" not in raw[:2048]):
        raise ValidationError(_("文件“%(name)s”不是完整的PDF文件。") % {"name": name})
    if b"/JavaScript" in raw or b"/JS " in raw or b"/Launch" in raw or b"/EmbeddedFile" in raw:
        raise ValidationError(
            _("文件“%(name)s”包含脚本或嵌入文件，出于安全原因不能上传。") % {"name": name}
        )
    return raw


def _reencode_image(raw: bytes, name: str) -> CleanUpload:
    not_allowed = ValidationError(
        _("文件“%(name)s”不是支持的图片或PDF文件。只能上传 JPG、PNG 图片或 PDF 文件。")
        % {"name": name}
    )
    try:
        with Image.open(io.BytesIO(raw)) as probe:
            fmt = probe.format
            if fmt not in ALLOWED_IMAGE_FORMATS:
                raise not_allowed
            if probe.width * probe.height > MAX_PIXELS:
                raise ValidationError(_("图片“%(name)s”尺寸过大。") % {"name": name})
            probe.verify()
        with Image.open(io.BytesIO(raw)) as image:
            image.load()
            image = ImageOps.exif_transpose(image)
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
        raise not_allowed from None
    return CleanUpload(out.getvalue(), content_type, name, secrets.token_hex(16))
