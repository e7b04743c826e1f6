"""Every write to an event's 会议材料 (meeting materials): upload, public or not, removal. Each
runs the event's transition table (``CONSULTATION``: ``add_material``, ``change_material``,
``remove_material``), so the office of the event's committee alone may do it, and each step is
a row of the event's timeline."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from core.uploads import CleanUpload

from ..models import Consultation, ConsultationMaterial
from ..workflows import CONSULTATION

MAX_MATERIALS = 20  # per event


def _title_from(upload: CleanUpload, title: str) -> str:
    title = (title or "").strip()
    if not title:
        stem = upload.original_name.rsplit(".", 1)[0].strip()
        title = stem or _("会议材料")
    return title[:80]


def material_add(
    *,
    consultation: Consultation,
    by: User,
    upload: CleanUpload,
    title: str = "",
    is_public: bool = False,
) -> ConsultationMaterial:
    """Attach a checked upload (``core.uploads.clean_upload(documents=True)``) to the event."""
    if upload.content_type not in ConsultationMaterial.EXTENSIONS:
        raise ValidationError({"file": _("只能上传 PDF、Word（DOCX）文件或 JPG、PNG 图片。")})
    added: dict = {}

    def apply(locked: Consultation) -> None:
        if locked.materials.count() >= MAX_MATERIALS:
            raise ValidationError(
                {"file": _("每场活动最多 %(n)s 份会议材料。") % {"n": MAX_MATERIALS}}
            )
        material = ConsultationMaterial.store(
            upload,
            consultation=locked,
            title=_title_from(upload, title),
            is_public=is_public,
            uploaded_by=by,
        )
        added["material"] = material
        data.update(material=material.pk, title=material.title, public=is_public)

    data: dict = {}
    CONSULTATION.run(
        consultation, "add_material", by=by, apply=apply, data=data, comment=upload.original_name
    )
    return added["material"]


def material_set_public(
    *, material: ConsultationMaterial, by: User, is_public: bool
) -> ConsultationMaterial:
    def apply(locked: Consultation) -> None:
        current = ConsultationMaterial.objects.select_for_update().get(pk=material.pk)
        if current.is_public == is_public:
            return
        current.is_public = is_public
        current.save(update_fields=["is_public"])

    CONSULTATION.run(
        material.consultation,
        "change_material",
        by=by,
        apply=apply,
        comment=f"{material.title}：" + (_("公开") if is_public else _("不公开")),
        data={"material": material.pk, "public": is_public},
    )
    material.is_public = is_public
    return material


def material_remove(*, material: ConsultationMaterial, by: User) -> None:
    """Remove the row; the stored file goes once the transaction has committed."""
    stored = material.file.name
    storage = material.file.storage

    def apply(locked: Consultation) -> None:
        ConsultationMaterial.objects.filter(pk=material.pk).delete()
        transaction.on_commit(lambda: storage.delete(stored))

    CONSULTATION.run(
        material.consultation,
        "remove_material",
        by=by,
        apply=apply,
        comment=material.title,
        data={"material": material.pk},
    )
