"""XLSX and CSV exports of the review desk's filtered list, written by the shared exporter
(core.exports: formula and XML guards), in constant memory: rows are read in chunks and written
as they come. Up to ``EXPORT_SYNC_MAX_ROWS`` the file is sent at once; above, it becomes an export
job (exports app) run by ``opinions.tasks.desk_export_task``.

Contacts are masked exactly as the desk shows them (张*, 138****5678). Full name, phone and e-mail
are written only when the export asks for them (``include_contacts``) and only for rows the user
holds ``opinions.export_contacts`` on; one audit entry lists which rows those were — written
before the first byte is sent (a direct export), or before the file is offered (a job)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_log
from core.exports import export_response
from exports.services import ExportFile
from org import selectors as org_selectors

from . import selectors
from .filters import OpinionFilter
from .models import AdoptionLevel, Channel, Status

KIND = "opinions.desk"
PERMISSION = "opinions.view_desk"  # asked again when a job runs and when its file is downloaded
CHUNK = 2000  # rows fetched per round trip

# what a row needs, nothing more (the content, analysis and suggestion are never read)
_FIELDS = (
    "pk",
    "tracking_code",
    "title",
    "status",
    "channel",
    "committee_id",
    "committee__short_name",
    "category__name",
    "region__name",
    "submitted_at",
    "review_due_at",
    "assignee__name",
    "assignee__first_name",
    "assignee__last_name",
    "assignee__username",
    "submitter_name",
    "submitter_phone",
    "submitter_email",
    "adoption_level",
)


def desk_queryset(*, user, data: QueryDict, search_rows: int | None = None):
    """The desk's list for ``user`` with the filters of ``data`` (the desk's query string).
    ``search_rows``: how many of its rows will be read, in order (``OpinionFilter``)."""
    return _export_rows(_filterset(user=user, data=data, search_rows=search_rows).qs)


def desk_querysets(*, user, data: QueryDict, rows: int):
    """The desk's list twice, for counting it and for reading its first ``rows`` in order: the
    same rows, found the fastest way for each (a text search, ``opinions.search``); the filter
    form is read once."""
    filterset = _filterset(user=user, data=data)
    counted = _export_rows(filterset.qs)
    return counted, _export_rows(filterset.listing(rows))


def _filterset(*, user, data: QueryDict, search_rows: int | None = None) -> OpinionFilter:
    return OpinionFilter(
        data,
        queryset=selectors.desk_opinions(user=user),
        committees=org_selectors.committees_visible_to(user),
        user=user,
        search_rows=search_rows,
    )


def _export_rows(queryset):
    return (
        queryset.select_related(None)
        .select_related("committee", "category", "region", "assignee")
        .only(*_FIELDS)
    )


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


def _labels() -> dict[str, dict[str, str]]:
    """The display labels of the choice columns, translated once per export (a model's
    ``get_<field>_display`` translates every choice again on every call)."""
    return {
        name: {value: str(label) for value, label in choices.choices}
        for name, choices in (
            ("status", Status),
            ("channel", Channel),
            ("adoption_level", AdoptionLevel),
        )
    }


def _row(o, *, full: bool, include_contacts: bool, labels: dict[str, dict[str, str]]) -> list:
    row = [
        o.tracking_code,
        o.title,
        labels["status"].get(o.status, o.status),
        labels["channel"].get(o.channel, o.channel),
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
    row.append(labels["adoption_level"].get(o.adoption_level, o.adoption_level))
    return row


def _has_contacts(o) -> bool:
    return bool(o.submitter_name or o.submitter_phone or o.submitter_email)


def contact_ids(opinions, *, user) -> list[int]:
    """The rows of ``opinions`` whose full contacts the user may export, in export order."""
    return [
        o.pk
        for o in opinions.iterator(chunk_size=CHUNK)
        if _has_contacts(o) and user.has_perm("opinions.export_contacts", o)
    ]


def _rows(
    opinions: Iterable,
    *,
    user,
    include_contacts: bool,
    reveal: set[int] | None,
    revealed: list[int],
) -> Iterator[list]:
    """Each opinion's row. ``reveal``: the rows whose contacts were audit-logged beforehand (any
    other row is masked); ``None``: decide per row and collect the revealed ids in
    ``revealed``."""
    labels = _labels()
    for o in opinions:
        full = False
        if include_contacts:
            if reveal is not None:
                full = o.pk in reveal
            elif user.has_perm("opinions.export_contacts", o):
                full = True
                if _has_contacts(o):
                    revealed.append(o.pk)
        yield _row(o, full=full, include_contacts=include_contacts, labels=labels)


def _filename() -> str:
    return "opinions-" + timezone.localtime().strftime("%Y%m%d-%H%M")


def _audit(*, user, fmt: str, query: str, include_contacts: bool, revealed, request=None, **more):
    detail = {"query": query[:500], **more}
    if include_contacts:
        detail.update(contacts=True, contact_ids=list(revealed))
    audit_log(
        actor=user,
        action="export_opinions_contacts" if include_contacts else "export_opinions",
        target=fmt,
        detail=detail,
        request=request,
    )


def desk_export_response(opinions, *, fmt: str, user, include_contacts: bool, request):
    """The file at once (a list within ``EXPORT_SYNC_MAX_ROWS``): the audit entry first (with the
    rows whose contacts it reveals), then the rows, streamed."""
    revealed = contact_ids(opinions, user=user) if include_contacts else []
    _audit(
        user=user,
        fmt=fmt,
        query=request.GET.urlencode(),
        include_contacts=include_contacts,
        revealed=revealed,
        request=request,
    )
    rows = _rows(
        opinions.iterator(chunk_size=CHUNK),
        user=user,
        include_contacts=include_contacts,
        reveal=set(revealed),
        revealed=[],
    )
    return export_response(
        fmt=fmt,
        filename=_filename(),
        header=_header(include_contacts),
        rows=rows,
        sheet_title=_("社情民意"),
    )


def desk_export_job(job) -> ExportFile:
    """The rows of an export job (``exports.services.export_job_run``), read with the filters it
    was asked with; the audit entry is written once the last row is."""
    user = job.requested_by
    data = QueryDict(mutable=True)
    for key, values in job.params.items():
        data.setlist(key, values)
    include_contacts = data.get("contacts") == "1"
    if include_contacts and not user.has_perm("opinions.export_contacts"):
        raise PermissionError(_("申请人已无导出联系方式的权限。"))
    revealed: list[int] = []
    rows = _rows(
        desk_queryset(user=user, data=data).iterator(chunk_size=CHUNK),
        user=user,
        include_contacts=include_contacts,
        reveal=None,
        revealed=revealed,
    )

    def finish(written: int) -> None:
        _audit(
            user=user,
            fmt=job.fmt,
            query=data.urlencode(),
            include_contacts=include_contacts,
            revealed=revealed,
            job=job.pk,
            rows=written,
        )

    return ExportFile(
        filename=_filename(),
        header=_header(include_contacts),
        rows=rows,
        sheet_title=_("社情民意"),
        finish=finish,
    )
