"""Query expressions the apps share."""

from __future__ import annotations

from typing import Any

from django.db.models import IntegerField, QuerySet, Subquery


class SubqueryCount(Subquery):
    """The number of rows of a correlated ``queryset`` (e.g. ``filter(activity=OuterRef("pk"))``)
    as an annotation: ``0``, not NULL, when there are none.

    Unlike ``Count("participants")`` it needs no join and no GROUP BY over the whole list: the
    list's own count ignores it, and the database computes it only for the rows it returns —
    on PostgreSQL after the sort and the LIMIT of a page (the planner postpones an expensive
    output column past them) — so a paginated list is cut first and counted for its page only.
    """

    template = "(SELECT COUNT(*) FROM (%(subquery)s) _count)"
    output_field = IntegerField()

    def __init__(self, queryset: QuerySet[Any], **extra: Any) -> None:
        super().__init__(queryset.order_by().values("pk"), **extra)
