"""Demo 会议材料 and a 典型经验 written up from a consultation, for ``consultations.demo``: each
event gets its agenda as a Word document (public when the event is) and an internal background
paper, uploaded through the same checks and services as the office's; the best-followed closed
event is written up and published with one of its outcomes."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from docx import Document

from accounts.models import User
from core.text import xml_safe
from core.uploads import clean_upload

from . import material_services
from . import showcase_services as showcases
from .models import Consultation, Outcome
from .showcase_models import Showcase


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
    material_services.material_add(
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


def demo_showcase(staff_of) -> int:
    """One published write-up of a closed public event and its adopted outcome."""
    outcome = (
        Outcome.objects.filter(
            consultation__status=Consultation.Status.CLOSED,
            consultation__is_public=True,
            status__in=[Outcome.Status.IMPLEMENTED, Outcome.Status.ADOPTED],
        )
        .select_related("consultation__committee")
        .order_by("pk")
        .first()
    )
    if outcome is None or Showcase.objects.filter(consultation=outcome.consultation).exists():
        return 0
    event = outcome.consultation
    staff = staff_of(event.committee)
    if staff is None:
        return 0
    showcase = showcases.showcase_create(
        by=staff,
        committee=event.committee,
        title="协商议事会议出的实招落了地"[:60],
        summary=f"{event.title[:60]}形成的意见建议被有关部门采纳并落实。"[:200],
        body=(
            f"{event.get_kind_display()}“{event.title}”邀请委员、群众代表和有关部门面对面协商。"
            f"\n\n会上形成的建议“{outcome.recommendation[:80]}”报送{outcome.submitted_to}后"
            "得到采纳，目前已落实。\n\n经验：议题来自群众，协商有部门到场回应，成果全程跟踪公开。"
        ),
        consultation=event,
        outcome=outcome,
    )
    showcases.showcase_publish(showcase=showcase, by=staff)
    return 1
