"""The print-ready 《社情民意信息》: a DOCX with the standard masthead (red title, 期号, issuing
body and date, red rule), the items in order, and the distribution list."""

from __future__ import annotations

import io
import re

from django.utils import timezone
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor

from core.text import xml_safe

RED = RGBColor(0xC0, 0x00, 0x00)
TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING_FONT = "黑体"
# Mongolian script (U+1800–18AF, the free variation selectors and vowel separator included; issue
# 16), with the spaces, narrow no-break spaces (U+202F) and joiners between its words, is written
# as runs of its own: Word's Mongolian font in every font slot (ASCII, high ANSI, East Asian and
# complex script), so that whichever slot Word or LibreOffice files the characters under, the
# font named has the script; the run's language is Mongolian (traditional script). Chinese
# around it keeps the paragraph's fonts.
MONGOLIAN_FONT = "Mongolian Baiti"
MONGOLIAN_LANGUAGE = "mn-Mong-CN"
MONGOLIAN = re.compile("[\u1800-\u18af](?:[\u1800-\u18af\u202f\u200c\u200d ]*[\u1800-\u18af])?")
FONT_SLOTS = ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs")


def _pieces(text: str) -> list[tuple[str, bool]]:
    """``text`` cut into (piece, is Mongolian) in order."""
    pieces, at = [], 0
    for match in MONGOLIAN.finditer(text):
        if match.start() > at:
            pieces.append((text[at : match.start()], False))
        pieces.append((match.group(), True))
        at = match.end()
    if at < len(text):
        pieces.append((text[at:], False))
    return pieces


def _run(paragraph, text, *, font=BODY_FONT, size=16, bold=False, color=None):
    # Whatever is stored (U+FFFE from before input was cleaned…), the document can be written.
    runs = []
    for piece, mongolian in _pieces(xml_safe(text)) or [("", False)]:
        run = paragraph.add_run(piece)
        r_fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
        for slot in FONT_SLOTS if mongolian else ("w:ascii", "w:hAnsi", "w:eastAsia"):
            r_fonts.set(qn(slot), MONGOLIAN_FONT if mongolian else font)
        run.font.size = Pt(size)
        run.bold = bold
        if color is not None:
            run.font.color.rgb = color
        if mongolian:  # the complex-script weight and size too, and its language
            r_pr = run._element.rPr
            if bold:
                r_pr.get_or_add_bCs()
            size_cs = OxmlElement("w:szCs")
            size_cs.set(qn("w:val"), str(size * 2))  # half-points
            r_pr.sz.addnext(size_cs)
            language = OxmlElement("w:lang")
            language.set(qn("w:val"), MONGOLIAN_LANGUAGE)
            language.set(qn("w:bidi"), MONGOLIAN_LANGUAGE)
            r_pr.append(language)  # after the size: w:lang comes late in w:rPr
        runs.append(run)
    return runs


def _rule(document):
    paragraph = document.add_paragraph()
    p_pr = paragraph._p.get_or_add_pPr()
    border = p_pr.makeelement(qn("w:pBdr"), {})
    bottom = border.makeelement(
        qn("w:bottom"),
        {qn("w:val"): "single", qn("w:sz"): "18", qn("w:space"): "1", qn("w:color"): "C00000"},
    )
    border.append(bottom)
    p_pr.append(border)


def issuing_body(bulletin) -> str:
    return f"{bulletin.committee.name}办公室"


def bulletin_docx(bulletin) -> bytes:
    document = Document()
    section = document.sections[0]
    section.page_height, section.page_width = Pt(842), Pt(595)  # A4
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(title, bulletin.title, font=TITLE_FONT, size=36, color=RED)
    number = document.add_paragraph()
    number.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(number, f"{bulletin.year}年第{bulletin.number or '（待签发）'}期", size=16)
    line = document.add_paragraph()
    issued = timezone.localtime(bulletin.issued_at) if bulletin.issued_at else None
    date_text = f"{issued.year}年{issued.month}月{issued.day}日" if issued else ""
    _run(line, f"{issuing_body(bulletin)}编", size=14)
    _run(line, "\u3000" * 6 + date_text, size=14)
    _rule(document)
    items = list(bulletin.items.all())
    for index, item in enumerate(items, 1):
        heading = document.add_paragraph()
        heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _run(heading, item.editorial_title, font=TITLE_FONT, size=20)
        for text in item.editorial_body.splitlines():
            if text.strip():
                paragraph = document.add_paragraph()
                paragraph.paragraph_format.first_line_indent = Pt(32)
                paragraph.paragraph_format.line_spacing = Pt(28)
                _run(paragraph, text.strip(), size=16)
        source = document.add_paragraph()
        source.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        origin = item.opinion.author.name + "委员" if item.opinion.author_id else "群众来信来访"
        _run(source, f"（{origin}反映  编号：{item.opinion.tracking_code}）", size=12)
        if index < len(items):
            document.add_paragraph()
    _rule(document)
    for text in (bulletin.recipients or "").splitlines():
        paragraph = document.add_paragraph()
        _run(paragraph, text, size=14)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
