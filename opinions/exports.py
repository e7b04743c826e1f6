"""XLSX and CSV exports of the review desk's filtered list. Contact columns are masked unless the
user may reveal contacts of every row's committee; each export is audit-logged by the view."""

from __future__ import annotations

import csv
import io

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from members import scope

MAX_ROWS = 5000


def _safe_cell(value):
    """Neutralise spreadsheet formulas (CSV/formula injection)."""
    text = "" if value is None else str(value)
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + text
    return text


def _rows(opinions, user):
    yield [
        _("查询码"),
        _("标题"),
        _("状态"),
        _("来源渠道"),
        _("类别"),
        _("受理政协"),
        _("涉及地区"),
        _("提交时间"),
        _("审核期限"),
        _("经办人"),
        _("姓名"),
        _("手机号码"),
        _("采用层级"),
    ]
    for o in opinions:
        full = user.is_office and scope.can_change_committee(user, o.committee_id)
        yield [
            o.tracking_code,
            o.title,
            o.get_status_display(),
            o.get_channel_display(),
            o.category.name if o.category else "",
            o.committee.short_name,
            str(o.region) if o.region else "",
            timezone.localtime(o.submitted_at).strftime("%Y-%m-%d %H:%M") if o.submitted_at else "",
            timezone.localtime(o.review_due_at).strftime("%Y-%m-%d") if o.review_due_at else "",
            o.assignee.display_name if o.assignee else "",
            (o.submitter_name if full else o.masked_name),
            (o.submitter_phone if full else o.masked_phone),
            o.get_adoption_level_display(),
        ]


def opinions_response(opinions, *, fmt: str, user) -> HttpResponse:
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    if fmt == "csv":
        buffer = io.StringIO()
        buffer.write("\ufeff")  # Excel opens UTF-8 CSV correctly with a BOM
        writer = csv.writer(buffer)
        for row in _rows(opinions, user):
            writer.writerow([_safe_cell(v) for v in row])
        response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="opinions-{stamp}.csv"'
    else:
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(_("社情民意"))
        for row in _rows(opinions, user):
            sheet.append([_safe_cell(v) for v in row])
        out = io.BytesIO()
        workbook.save(out)
        response = HttpResponse(
            out.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="opinions-{stamp}.xlsx"'
    response["Cache-Control"] = "private, no-store"
    return response
