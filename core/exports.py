"""The one CSV/XLSX writer every export in the portal goes through.

Each cell is made safe twice over:
- formula injection: text that a spreadsheet would read as a formula (it starts, perhaps after
  blanks, with = + - @, a tab or a carriage return, or their full-width forms ＝ ＋ － ＠) gets a
  leading apostrophe, so "=HYPERLINK(…)" is shown as text and never evaluated;
- XML: text is passed through the shared normaliser (core.text), so nothing stored before input
  was cleaned (U+FFFE, control characters…) can make the XLSX writer fail.
Numbers, dates and booleans stay what they are (a number is never a formula).

Rows are consumed one at a time and never held: pass an iterator (``queryset.iterator()``) and
the memory an export takes does not grow with its rows. A CSV is streamed to the client as it is
written; an XLSX (a zip, finished only by its last byte) is written to a temporary file by
openpyxl's write-only workbook (inline strings, no shared-string table) and then sent from disk.
"""

from __future__ import annotations

import csv
import datetime
import decimal
import re
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from typing import IO

from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from openpyxl import Workbook

from .text import xml_safe

FORMULA_TRIGGERS = frozenset("=+-@\t\r＝＋－＠")
_LEADING_BLANKS = " \n\u00a0\u3000"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
FORMATS = ("csv", "xlsx")
CONTENT_TYPES = {"csv": CSV_CONTENT_TYPE, "xlsx": XLSX_CONTENT_TYPE}
CSV_ROWS_PER_CHUNK = 200  # rows encoded into one piece of a streamed CSV
SPOOL_BYTES = 1024 * 1024  # an XLSX smaller than this never touches the disk


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


def safe_filename(name: str) -> str:
    """ASCII letters, digits, dot, dash and underscore only: whatever a query string put into the
    name cannot reach the header."""
    return re.sub(r"[^A-Za-z0-9._-]", "_", name)[:100] or "export"


class _Line:
    """A file for csv.writer that hands back what was written instead of keeping it."""

    def write(self, text: str) -> str:
        return text


def csv_chunks(header: Sequence[object], rows: Iterable[Sequence[object]]) -> Iterator[bytes]:
    """The CSV as UTF-8 pieces of a few hundred rows, with a BOM (Excel then reads UTF-8)."""
    writer = csv.writer(_Line())
    yield ("\ufeff" + writer.writerow([safe_text(v) for v in header])).encode()
    lines: list[str] = []
    for row in rows:
        lines.append(writer.writerow([safe_cell(v) for v in row]))
        if len(lines) == CSV_ROWS_PER_CHUNK:
            yield "".join(lines).encode()
            lines = []
    if lines:
        yield "".join(lines).encode()


def write_xlsx(
    out: IO[bytes],
    *,
    header: Sequence[object],
    rows: Iterable[Sequence[object]],
    sheet_title: str = "Sheet1",
) -> int:
    """Write the workbook to ``out`` (a seekable binary file); returns the number of rows."""
    workbook = Workbook(write_only=True)
    # Sheet titles may not hold []:*?/\ either.
    title = re.sub(r"[\[\]:*?/\\]", "", xml_safe(sheet_title))[:31]
    sheet = workbook.create_sheet(title or "Sheet1")
    sheet.append([safe_text(v) for v in header])
    count = 0
    for row in rows:
        sheet.append([safe_cell(v) for v in row])
        count += 1
    workbook.save(out)
    return count


def write_export(
    out: IO[bytes],
    *,
    fmt: str,
    header: Sequence[object],
    rows: Iterable[Sequence[object]],
    sheet_title: str = "Sheet1",
) -> int:
    """Write a CSV or XLSX file to ``out`` (binary); returns the number of rows written."""
    if fmt not in FORMATS:
        raise ValueError(fmt)
    if fmt == "xlsx":
        return write_xlsx(out, header=header, rows=rows, sheet_title=sheet_title)
    count = 0

    def counted() -> Iterator[Sequence[object]]:
        nonlocal count
        for row in rows:
            count += 1
            yield row

    for chunk in csv_chunks(header, counted()):
        out.write(chunk)
    return count


def export_response(
    *,
    fmt: str,
    filename: str,
    header: Sequence[object],
    rows: Iterable[Sequence[object]],
    sheet_title: str = "Sheet1",
) -> StreamingHttpResponse | FileResponse:
    """An attachment response with ``header`` and ``rows``; ``filename`` without extension.

    A CSV is streamed: ``rows`` is read while the response is sent, after the view returned
    (audit-log before returning). An XLSX is complete before the response starts."""
    if fmt not in FORMATS:
        raise ValueError(fmt)
    response: StreamingHttpResponse | FileResponse
    if fmt == "csv":
        response = StreamingHttpResponse(csv_chunks(header, rows), content_type=CSV_CONTENT_TYPE)
    else:
        spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115 — closed by the response
        write_xlsx(spool, header=header, rows=rows, sheet_title=sheet_title)
        spool.seek(0)
        response = FileResponse(spool, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{safe_filename(filename)}.{fmt}"'
    response["Cache-Control"] = "private, no-store"
    return response
