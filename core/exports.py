"""The one CSV/XLSX writer every export in the portal goes through.

Each cell is made safe twice over:
- formula injection: text that a spreadsheet would read as a formula (it starts, perhaps after
  blanks, with = + - @, a tab or a carriage return, or their full-width forms ＝ ＋ － ＠) gets a
  leading apostrophe, so "=HYPERLINK(…)" is shown as text and never evaluated;
- XML: text is passed through the shared normaliser (core.text), so nothing stored before input
  was cleaned (U+FFFE, control characters…) can make the XLSX writer fail.
Numbers, dates and booleans stay what they are (a number is never a formula).
"""

from __future__ import annotations

import csv
import datetime
import decimal
import io
import re
from collections.abc import Iterable, Sequence

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook

from .text import xml_safe

FORMULA_TRIGGERS = frozenset("=+-@\t\r＝＋－＠")
_LEADING_BLANKS = " \n\u00a0\u3000"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = ("csv", "xlsx")


def safe_text(value: object) -> str:
    """A cell's text: normalised and, if a spreadsheet would take it for a formula, inert."""
    text = "" if value is None else xml_safe(value)
    # Tab and CR are triggers themselves, so only the other blanks are looked past.
    if text.lstrip(_LEADING_BLANKS)[:1] in FORMULA_TRIGGERS:
        return "'" + text
    return text


def safe_cell(value: object) -> object:
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.localtime(value).replace(tzinfo=None)  # XLSX has no time zones
    if isinstance(value, bool | int | float | decimal.Decimal | datetime.date | datetime.time):
        return value
    return safe_text(value)


def _filename(name: str) -> str:
    """ASCII letters, digits, dot, dash and underscore only: whatever a query string put into the
    name cannot reach the header."""
    return re.sub(r"[^A-Za-z0-9._-]", "_", name)[:100] or "export"


def export_response(
    *,
    fmt: str,
    filename: str,
    header: Sequence[object],
    rows: Iterable[Sequence[object]],
    sheet_title: str = "Sheet1",
) -> HttpResponse:
    """An attachment response with ``header`` and ``rows``; ``filename`` without extension."""
    if fmt not in FORMATS:
        raise ValueError(fmt)
    if fmt == "csv":
        buffer = io.StringIO()
        buffer.write("\ufeff")  # Excel opens UTF-8 CSV correctly with a BOM
        writer = csv.writer(buffer)
        writer.writerow([safe_text(v) for v in header])
        for row in rows:
            writer.writerow([safe_cell(v) for v in row])
        response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    else:
        workbook = Workbook(write_only=True)
        # Sheet titles may not hold []:*?/\ either.
        title = re.sub(r"[\[\]:*?/\\]", "", xml_safe(sheet_title))[:31]
        sheet = workbook.create_sheet(title or "Sheet1")
        sheet.append([safe_text(v) for v in header])
        for row in rows:
            sheet.append([safe_cell(v) for v in row])
        out = io.BytesIO()
        workbook.save(out)
        response = HttpResponse(out.getvalue(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{_filename(filename)}.{fmt}"'
    response["Cache-Control"] = "private, no-store"
    return response
