"""The report as an XLSX workbook: a cover sheet (title, document number, period, when and by
whom it was made) and one sheet per table of ``tables.tables`` — the same tables as the page.
Cells go through the portal's one exporter's guards (``core.exports.safe_cell``)."""

from __future__ import annotations

import io
import re

from django.http import HttpResponse
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from core.exports import XLSX_CONTENT_TYPE, safe_cell, safe_filename, safe_text

from .models import Report
from .tables import performance_notice, tables


def _sheet_title(text: object) -> str:
    return re.sub(r"[\[\]:*?/\\]", "", str(text))[:31] or "Sheet"


def workbook_bytes(report: Report) -> bytes:
    workbook = Workbook(write_only=True)
    cover = workbook.create_sheet(_sheet_title(_("报告")))
    cover.column_dimensions["A"].width = 14
    cover.column_dimensions["B"].width = 60
    made_by = report.created_by.display_name if report.created_by else _("系统定时生成")
    for label, value in (
        (_("标题"), report.title),
        (_("文号"), report.document_number),
        (_("政协组织"), report.committee.name),
        (_("报告类型"), report.get_kind_display()),
        (_("起始日期"), report.period_start),
        (_("截止日期"), report.period_end),
        (_("版本"), report.version),
        (_("生成时间"), report.created_at),
        (_("生成人"), made_by),
    ):
        cover.append([safe_text(label), safe_cell(value)])
    notice = performance_notice(report.figures, report.committee.name)
    if notice:
        sheet = workbook.create_sheet(_sheet_title(_("履职通报")))
        sheet.column_dimensions["A"].width = 100
        sheet.append([safe_text(notice)])
    for table in tables(report.figures):
        sheet = workbook.create_sheet(_sheet_title(table.title))
        for index, _heading in enumerate(table.header, 1):
            sheet.column_dimensions[get_column_letter(index)].width = 24 if index == 1 else 14
        sheet.append([safe_text(h) for h in table.header])
        for row in table.rows:
            sheet.append([safe_cell(v) for v in row])
        if not table.rows and table.empty:
            sheet.append([safe_text(table.empty)])
        if table.note:
            sheet.append([])
            sheet.append([safe_text(table.note)])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def xlsx_response(report: Report) -> HttpResponse:
    response = HttpResponse(workbook_bytes(report), content_type=XLSX_CONTENT_TYPE)
    name = safe_filename(report.filename)
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    response["Cache-Control"] = "private, no-store"
    return response
