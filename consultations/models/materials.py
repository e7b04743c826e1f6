"""会议材料: files the office attaches to a consultation event (the agenda's papers, reports,
the topic's background). Checked by content on upload (``core.uploads``: PDF without active
content, Word without macros, images re-encoded) and served only through
``consultations:material``: to the office and leaders who see the event, to the members invited
to it, and — a material marked public, of an event announced to the public — to everyone."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.fields import optional_fk
from core.models import StoredFile
from core.uploads import DOCX_CONTENT_TYPE


def material_path(instance, filename):
    today = timezone.localdate()
    return f"private/consultations/{today:%Y/%m}/{instance.token}{instance.extension}"


class ConsultationMaterial(StoredFile):
    EXTENSIONS = {
        **StoredFile.EXTENSIONS,
        "application/pdf": ".pdf",
        DOCX_CONTENT_TYPE: ".docx",
    }

    consultation = models.ForeignKey(
        "consultations.Consultation",
        verbose_name=_("协商活动"),
        on_delete=models.CASCADE,
        related_name="materials",
    )
    title = models.CharField(_("材料名称"), max_length=80)
    is_public = models.BooleanField(
        _("公开"), default=False, help_text=_("公开的材料显示在活动的公开页面上，任何人可下载。")
    )
    content_type = models.CharField(max_length=100)
    file = models.FileField(upload_to=material_path, max_length=200)
    uploaded_by = optional_fk(settings.AUTH_USER_MODEL, _("上传人"))

    class Meta(StoredFile.Meta):
        indexes = [models.Index(fields=["consultation", "is_public"])]
        verbose_name = _("会议材料")
        verbose_name_plural = _("会议材料")

    def __str__(self):
        return self.title

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")

    @property
    def kind_label(self) -> str:
        return {"application/pdf": "PDF", DOCX_CONTENT_TYPE: "Word"}.get(
            self.content_type, str(_("图片"))
        )
