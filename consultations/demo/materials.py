"""Demo 会议材料 for ``consultations.demo``: each event gets its agenda as a Word document
(public when the event is) and an internal background paper, uploaded through the same checks and
services as the office's (the 典型经验 written up from a closed event: ``showcases.demo``)."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from docx import Document

from accounts.models import User
from core.text import xml_safe
from core.uploads import clean_upload

from .. import services
from ..models import Consultation


def _docx(title: str, paragraphs: list[str]) -> bytes:
    document = Document()
    document.add_heading(xml_safe(title), level=1)
    for text in paragraphs:
        document.add_paragraph(xml_safe(text))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _add(consultation: Consultation, staff: User, name: str, title: str, data: bytes, public):
    upload = clean_upload(SimpleUploadedFile(name, data), documents=True)
    services.material_add(
        consultation=consultation, by=staff, upload=upload, title=title, is_public=public
    )


def demo_materials(consultation: Consultation, staff: User) -> int:
    """The agenda (public for a public event) and an internal background paper."""
    when = timezone.localtime(consultation.starts_at).strftime("%Y年%m月%d日 %H:%M")
    agenda = _docx(
        f"{consultation.title} 议程",
        [f"时间：{when}", f"地点：{consultation.place}", *consultation.agenda.splitlines()],
    )
    _add(consultation, staff, "会议议程.docx", "会议议程", agenda, consultation.is_public)
    topic = consultation.topic
    background = _docx(
        "议题背景材料（内部参阅）",
        [
            topic.description if topic and topic.description else consultation.title,
            "有关部门提供的基本情况、存在问题和下一步打算，供与会委员会前阅读。",
        ],
    )
    _add(consultation, staff, "背景材料.docx", "议题背景材料（内部参阅）", background, False)
    return 2
