"""Reads of the reports, scoped to the committees the user sees (org.scope)."""

from __future__ import annotations

from django.db.models import QuerySet

from org.models import Committee

from .models import Report, ReportEvent


def archive(*, user) -> QuerySet[Report]:
    """Every version of every report the user may read, newest period first."""
    return (
        Report.objects.visible_to(user)
        .select_related("committee", "created_by")
        .defer("figures")
        .order_by("-period_start", "committee__order", "kind", "-version")
    )


def report_detail(*, user) -> QuerySet[Report]:
    return Report.objects.visible_to(user).select_related("committee", "created_by")


def period_versions(*, report: Report) -> QuerySet[Report]:
    """The versions of the report's committee, kind and period (the report's own included)."""
    return (
        Report.objects.filter(
            committee_id=report.committee_id, kind=report.kind, period_start=report.period_start
        )
        .only("pk", "version", "created_at")
        .order_by("version")
    )


def report_events(*, report: Report) -> QuerySet[ReportEvent]:
    return ReportEvent.objects.filter(report=report).select_related("actor").order_by("created_at")


def archive_committees(*, user) -> QuerySet[Committee]:
    return Committee.objects.visible_to(user).order_by("order", "pk")
