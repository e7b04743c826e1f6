"""The departments' handling statistics (办理统计)."""

from __future__ import annotations

import datetime

from django.core.cache import cache
from django.db.models import Count, DurationField, F, Q, Sum
from django.utils import timezone

from org.models import Department
from org.scope import visible_committee_ids

from ..models import Forwarding, Satisfaction

# What counts towards the satisfaction rate.
SATISFIED = (Satisfaction.SATISFIED, Satisfaction.BASICALLY)


def department_stats(*, user, cache_seconds: int = 0):
    """Per department in scope: received, replied, on-time reply rate, average days to reply,
    open items past their due date, and satisfaction of the opinions it led. The database
    counts (GROUP BY department with conditional aggregates): three queries whatever the number
    of forwardings or departments.

    - received: every forwarding except a withdrawn one;
    - replied: a first reply exists (whatever happened after: accepted, rejected, reopened);
      on time when its date where the portal runs (``TIME_ZONE``) is on or before the due date;
    - overdue_open: not replied yet, still open and due before today;
    - rated / satisfied: lead forwardings whose opinion was rated / rated 满意 or 基本满意.

    ``cache_seconds``: keep the counts of this scope (they are the same for everyone who sees
    it) and day that long in the cache; the rows then say when they were counted
    (``counted_at``). The departments themselves are always read fresh."""

    departments = list(
        Department.objects.visible_to(user)
        .select_related("committee")
        .order_by("committee__order", "sort_key", "name")
    )
    today = timezone.localdate()
    scope = visible_committee_ids(user)
    key = "opinions:department-stats:{}:{}".format(
        today.isoformat(), "all" if scope is None else ",".join(map(str, sorted(scope)))
    )
    counted = cache.get(key) if cache_seconds else None
    if counted is None:
        # A forwarding goes to a department of the opinion's own committee (opinion_forward
        # refuses any other), so "forwardings to the departments in scope" are the forwardings
        # in scope: no join with the opinions just to find their committee.
        forwardings = Forwarding.objects.all()
        if scope is not None:
            forwardings = forwardings.filter(department__in=[d.pk for d in departments])
        counted = (timezone.now(), _department_counts(forwardings, today=today))
        if cache_seconds:
            cache.set(key, counted, cache_seconds)
    counted_at, by_department = counted
    result = []
    for department in departments:
        row = {"department": department, "counted_at": counted_at}
        row.update(by_department.get(department.pk, _NO_FORWARDINGS))
        replied_n, rated_n = row["replied"], row["rated"]
        row["days_total"] = row.pop("time_to_reply").total_seconds() / 86400
        row["on_time_rate"] = round(100 * row["on_time"] / replied_n) if replied_n else None
        row["avg_days"] = round(row["days_total"] / replied_n, 1) if replied_n else None
        row["satisfaction_rate"] = round(100 * row["satisfied"] / rated_n) if rated_n else None
        result.append(row)
    return result


_NO_FORWARDINGS = {
    "received": 0,
    "replied": 0,
    "on_time": 0,
    "overdue_open": 0,
    "time_to_reply": datetime.timedelta(0),
    "rated": 0,
    "satisfied": 0,
}


def _department_counts(forwardings, *, today) -> dict[int, dict]:
    """{department id: counts} over ``forwardings`` (withdrawn ones never count). Two GROUP BY
    queries: the forwardings alone, then the lead forwardings of rated opinions — the only
    ones joined with the opinions."""
    forwardings = forwardings.exclude(status=Forwarding.Status.WITHDRAWN)
    replied = Q(first_replied_at__isnull=False)
    counts: dict[int, dict] = {}
    for row in (
        forwardings.values("department_id")
        .order_by()
        .annotate(
            received=Count("pk"),
            replied=Count("pk", filter=replied),
            on_time=Count("pk", filter=replied & Q(first_replied_at__date__lte=F("due_date"))),
            overdue_open=Count(
                "pk",
                filter=Q(
                    first_replied_at__isnull=True,
                    status__in=Forwarding.OPEN_STATUSES,
                    due_date__lt=today,
                ),
            ),
            time_to_reply=Sum(
                F("first_replied_at") - F("created_at"),
                filter=replied,
                output_field=DurationField(),
            ),
        )
    ):
        department_id = row.pop("department_id")
        row["time_to_reply"] = row["time_to_reply"] or datetime.timedelta(0)
        counts[department_id] = {**row, "rated": 0, "satisfied": 0}
    for row in (
        forwardings.filter(role=Forwarding.Role.LEAD)
        .exclude(opinion__satisfaction="")
        .values("department_id")
        .order_by()
        .annotate(
            rated=Count("pk"),
            satisfied=Count("pk", filter=Q(opinion__satisfaction__in=SATISFIED)),
        )
    ):
        counts[row["department_id"]].update(rated=row["rated"], satisfied=row["satisfied"])
    return counts
