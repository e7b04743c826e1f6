"""Every write of a report: made once per committee, kind and period (``generate_report``), made
again as a new version on a staff member's request (``regenerate_report``), and the beat job
that makes the last complete period's reports for all ten committees (``periodic_reports_make``).
A report is never updated: these functions only create."""

from __future__ import annotations

import datetime
import logging
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core.access import require_perm
from notifications.models import NoticeKind
from notifications.services import notice_add
from org.models import Committee

from . import figures, periods
from .models import Report, ReportEvent
from .periods import Kind

logger = logging.getLogger(__name__)


def generate_report(
    *,
    committee: Committee,
    kind: str,
    period_start: datetime.date,
    by: User | None = None,
    data: dict[str, Any] | None = None,
) -> Report:
    """The report of ``committee`` for the period of ``kind`` starting on ``period_start``: the
    one that exists (version 1), or a new one, with its event and its leaders' notices.

    Idempotent and safe when two schedulers fire at once: the unique constraint on (committee,
    kind, period start, version) lets one insert win; the other's insert fails inside its own
    savepoint and it returns the winner's report (notifying nobody). ``data``: the figures
    when the caller computed them already (``periodic_reports_make``, ``figures.compute_all``).
    """
    start, end = periods.bounds(kind, period_start)
    existing = _first_version(committee=committee, kind=kind, start=start)
    if existing is not None:
        return existing
    if data is None:
        data = figures.compute(committee=committee, kind=kind, start=start, end=end)
    try:
        with transaction.atomic():
            report = Report.objects.create(
                committee=committee,
                kind=kind,
                period_start=start,
                period_end=end,
                version=1,
                figures=data,
                created_by=by,
            )
            ReportEvent.objects.create(
                report=report, kind=ReportEvent.Kind.GENERATED, actor=by, data={"version": 1}
            )
            report_notify(report=report)
    except IntegrityError:
        winner = _first_version(committee=committee, kind=kind, start=start)
        if winner is None:  # another constraint failed: not the race
            raise
        return winner
    return report


def _first_version(*, committee: Committee, kind: str, start: datetime.date) -> Report | None:
    return (
        Report.objects.filter(committee=committee, kind=kind, period_start=start, version=1)
        .select_related("committee")
        .first()
    )


def regenerate_report(*, report: Report, by: User) -> Report:
    """A new version of ``report``'s committee and period with the figures as they are now
    (staff of the committee only: ``dashboards.regenerate_report``). The old versions stay."""
    require_perm(by, "dashboards.regenerate_report", report)
    start, end = periods.bounds(report.kind, report.period_start)
    data = figures.compute(committee=report.committee, kind=report.kind, start=start, end=end)
    same_period = Report.objects.filter(
        committee_id=report.committee_id, kind=report.kind, period_start=start
    )
    with transaction.atomic():
        # lock the period's versions: two clicks make two versions one after the other
        list(same_period.select_for_update().values_list("pk", flat=True))
        latest = same_period.aggregate(v=Max("version"))["v"] or 0
        new = Report.objects.create(
            committee=report.committee,
            kind=report.kind,
            period_start=start,
            period_end=end,
            version=latest + 1,
            figures=data,
            created_by=by,
        )
        ReportEvent.objects.create(
            report=new,
            kind=ReportEvent.Kind.REGENERATED,
            actor=by,
            from_status=str(latest),
            to_status=str(new.version),
            data={"replaces": report.pk, "version": new.version},
        )
        report_notify(report=new)
    return new


def report_notify(*, report: Report) -> int:
    """Tell the committee's leaders that the report is ready: a bell notice and its e-mail
    through the outbox, in the caller's transaction. The outbox keeps one row per recipient and
    cause (``report:<pk>``), so a report is never announced twice to anyone."""
    leaders = User.objects.filter(
        role=User.Role.LEADER, committee_id=report.committee_id, is_active=True
    ).order_by("pk")
    text = _("%(title)s已生成（%(number)s）") % {
        "title": report.title,
        "number": report.document_number,
    }
    link = reverse("dashboards:reports:detail", kwargs={"pk": report.pk})
    count = 0
    for leader in leaders:
        notice_add(
            user=leader,
            text=text,
            cause=f"report:{report.pk}",
            link=link,
            kind=NoticeKind.OTHER,
        )
        count += 1
    return count


def periodic_reports_make(*, kind: str, today: datetime.date | None = None) -> list[Report]:
    """The beat job: every committee's report of ``kind`` for the last period complete on
    ``today`` (made once; a second run returns the same reports)."""
    if kind not in Kind.values:
        raise ValueError(f"unknown report kind {kind!r}")
    today = today or timezone.localdate()
    start, end = periods.bounds(kind, periods.previous_start(kind, today))
    committees = list(Committee.objects.order_by("order", "pk"))
    made = set(
        Report.objects.filter(kind=kind, period_start=start, version=1).values_list(
            "committee_id", flat=True
        )
    )
    missing = [c for c in committees if c.pk not in made]
    # one run of the period's queries for every report still to make
    data = (
        figures.compute_all(committees=missing, kind=kind, start=start, end=end) if missing else {}
    )
    reports = [
        generate_report(committee=c, kind=kind, period_start=start, data=data.get(c.pk))
        for c in committees
    ]
    logger.info("reports %s %s: %d made, %d existed", kind, start, len(missing), len(made))
    return reports
