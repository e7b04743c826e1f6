"""XLSX and CSV exports of the review desk's filtered list, written by the shared exporter
(core.exports: formula and XML guards).

Contacts are masked exactly as the desk shows them (张*, 138****5678). Full name, phone and e-mail
are written only when the export asks for them (``include_contacts``) and only for rows the user
holds ``opinions.export_contacts`` on; the view audit-logs which rows those were."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from core.exports import export_response

MAX_ROWS = 5000


def _header(include_contacts: bool) -> list:
    header = [
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
    ]
    if include_contacts:
        header.append(_("电子邮箱"))
    header.append(_("采用层级"))
    return header


def _row(o, *, full: bool, include_contacts: bool) -> list:
    row = [
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
        o.submitter_name if full else o.masked_name,
        o.submitter_phone if full else o.masked_phone,
    ]
    if include_contacts:
        row.append(o.submitter_email if full else "")
    row.append(o.get_adoption_level_display())
    return row


def opinions_export(opinions, *, fmt: str, user, include_contacts: bool = False):
    """``(response, ids)``: the file, and the ids of the rows whose full contacts it holds."""
    revealed: list[int] = []
    rows = []
    for o in opinions:
        full = include_contacts and user.has_perm("opinions.export_contacts", o)
        if full and (o.submitter_name or o.submitter_phone or o.submitter_email):
            revealed.append(o.pk)
        rows.append(_row(o, full=full, include_contacts=include_contacts))
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response = export_response(
        fmt=fmt,
        filename=f"opinions-{stamp}",
        header=_header(include_contacts),
        rows=rows,
        sheet_title=_("社情民意"),
    )
    return response, revealed
