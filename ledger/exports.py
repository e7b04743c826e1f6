"""The ranking (履职积分排名) as CSV/XLSX, through the shared exporter (core.exports) in constant
memory; a ranking longer than ``EXPORT_SYNC_MAX_ROWS`` becomes an export job (exports app) run by
``ledger.tasks.ranking_export_task``. Every export is audit-logged."""

from __future__ import annotations

from collections.abc import Iterator

from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_log
from core.exports import export_response
from exports.services import ExportFile
from org import selectors as org_selectors

from . import selectors
from .filters import RankingFilter

KIND = "ledger.ranking"
PERMISSION = "ledger.view_ranking"
CHUNK = 2000


def ranking_filterset(*, user, data: QueryDict) -> RankingFilter:
    """The ranking's filters (this year unless another is asked for)."""
    data = data.copy()
    if not data.get("year"):
        data["year"] = str(timezone.localdate().year)
    return RankingFilter(
        data,
        queryset=selectors.ranking(user=user),
        committees=org_selectors.committees_visible_to(user),
    )


def _header() -> list:
    return [
        _("名次"),
        _("姓名"),
        _("所属政协"),
        _("界别"),
        _("年度"),
        _("总分"),
        _("记录数"),
        _("评定等次"),
        _("最终等次"),
    ]


def _rows(scores) -> Iterator[list]:
    for i, s in enumerate(scores.iterator(chunk_size=CHUNK), start=1):
        yield [
            i,
            s.member.name,
            s.committee.short_name,
            s.member.sector.name if s.member.sector else "",
            s.year,
            float(s.total),
            s.entry_count,
            s.get_computed_grade_display(),
            s.get_grade_display(),
        ]


def _filename(filterset: RankingFilter) -> str:
    year = filterset.form.cleaned_data.get("year")
    return f"ranking-{int(year)}" if year is not None else "ranking"


def ranking_response(filterset: RankingFilter, *, fmt: str, request):
    """The file at once (a valid filterset within the limit): logged, then streamed."""
    audit_log(
        actor=request.user,
        action="export_ranking",
        target=fmt,
        detail={"query": request.GET.urlencode()[:500]},
        request=request,
    )
    return export_response(
        fmt=fmt,
        filename=_filename(filterset),
        header=_header(),
        rows=_rows(filterset.qs),
        sheet_title=_("履职积分排名"),
    )


def ranking_export_job(job) -> ExportFile:
    user = job.requested_by
    data = QueryDict(mutable=True)
    for key, values in job.params.items():
        data.setlist(key, values)
    filterset = ranking_filterset(user=user, data=data)
    if not filterset.is_valid():
        raise ValueError(filterset.errors)

    def finish(written: int) -> None:
        audit_log(
            actor=user,
            action="export_ranking",
            target=job.fmt,
            detail={"query": data.urlencode()[:500], "job": job.pk, "rows": written},
        )

    return ExportFile(
        filename=_filename(filterset),
        header=_header(),
        rows=_rows(filterset.qs),
        sheet_title=_("履职积分排名"),
        finish=finish,
    )
