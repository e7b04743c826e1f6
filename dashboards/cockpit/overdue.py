"""The ten forwardings longest past their due date, read live (not from the summary table)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection
from django.utils import timezone

from opinions import selectors as opinion_selectors
from opinions.models import Forwarding

OVERDUE_LIMIT = 10


def most_overdue(*, user, committee_ids: Iterable[int], everyone: bool = False):
    """The ten forwardings longest past their due date, live. One query per open status, each
    a walk of the (status, due_date) index in its order that stops after ten rows of the
    committees (``everyone``: all the user sees, no committee test), the walks merged here,
    then the ten rows with their opinion and department. One query for all statuses would read
    and sort every overdue forwarding."""
    today = timezone.localdate()
    listed = opinion_selectors.overdue_forwardings(user=user)
    base = listed.select_related(None)
    if not everyone:
        base = base.filter(opinion__committee_id__in=list(committee_ids))
    walks = [
        base.filter(status=status)
        .order_by("due_date", "pk")
        .values_list("due_date", "pk")[:OVERDUE_LIMIT]
        for status in Forwarding.OPEN_STATUSES
    ]
    if connection.features.supports_slicing_ordering_in_compound and len(walks) > 1:
        # PostgreSQL: the walks as one statement (UNION ALL of the limited walks; each still
        # an index walk that stops after ten rows), one round trip instead of one per status
        found = list(walks[0].union(*walks[1:], all=True))
    else:  # SQLite allows no LIMIT inside a compound statement
        found = [key for walk in walks for key in walk]
    ids = [pk for _due, pk in sorted(found)[:OVERDUE_LIMIT]]
    rows = list(listed.filter(pk__in=ids)) if ids else []
    for row in rows:
        row.days_overdue = (today - row.due_date).days
    return rows
