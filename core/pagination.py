"""Pagination for lists that may hold a million rows.

Django's ``Paginator`` counts every row that matches (``SELECT COUNT(*)``) and slices with
``OFFSET``: both read the whole list when it is large. :class:`CappedPaginator` counts at most
``cap`` rows (``SELECT COUNT(*) FROM (SELECT id … LIMIT cap + 1)``: a walk along an index that
stops) and offers the pages of those first ``cap`` rows; past the cap the page says so and asks
the user to narrow the filter. The number shown is always the number of rows one can page
through, and ``is_capped`` says that more match.

A page is read in two steps of one query: the ids of the page (``ORDER BY … LIMIT … OFFSET …``
over the filtered table alone, an index-only walk when an index matches the order), then the
rows with their joins for those ids only — so a deep page does not join the rows it skips.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet, Subquery
from django.db.models.sql.where import WhereNode
from django.utils.functional import cached_property

DEFAULT_CAP = 10_000


def capped_count(queryset: QuerySet[Any], cap: int = DEFAULT_CAP) -> int:
    """How many rows match, counting no further than ``cap + 1`` (more than ``cap``: over)."""
    return queryset.order_by().values("pk")[: cap + 1].count()


class CappedPaginator(Paginator):  # type: ignore[type-arg]  # the stubs' generic needs a sequence type
    def __init__(
        self,
        object_list: QuerySet[Any],
        per_page: int,
        *,
        cap: int = DEFAULT_CAP,
        list_queryset: Callable[[int], QuerySet[Any]] | None = None,
        **kwargs: Any,
    ) -> None:
        """``list_queryset(rows)``: the same rows as ``object_list``, written for reading the
        first ``rows`` of them — where the fastest way to find them depends on how many are
        wanted (a text search, ``core.search``); the count asks it for ``cap + 1``."""
        super().__init__(object_list, per_page, **kwargs)
        self.queryset: QuerySet[Any] = object_list
        self.list_queryset = list_queryset
        self.cap = cap

    @cached_property
    def _matching(self) -> int:
        """How many rows match, counting no further than ``cap + 1``."""
        counted = self.list_queryset(self.cap + 1) if self.list_queryset else self.queryset
        return capped_count(counted, self.cap)

    @property
    def is_capped(self) -> bool:
        return self._matching > self.cap

    @property
    def cap_display(self) -> str:
        return f"{self.cap:,}"

    @cached_property
    def count(self) -> int:
        """The rows one can page through: all that match, or the first ``cap``."""
        return min(self._matching, self.cap)

    def page(self, number: Any) -> Page[Any]:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = min(bottom + self.per_page, self.count)
        if top + self.orphans >= self.count:
            top = self.count
        listed = self.list_queryset(top) if self.list_queryset else self.queryset
        ids = listed.values("pk")[bottom:top]  # in the list's own order
        rows = _unfiltered(listed).filter(pk__in=Subquery(ids))
        page: Page[Any] = self._get_page(rows, number, self)  # type: ignore[attr-defined]  # not in the stubs
        return page


def _unfiltered(queryset: QuerySet[Any]) -> QuerySet[Any]:
    """The queryset without its conditions (its joins, annotations and order kept), for
    reading the rows of ids it has already chosen: repeated around ``id IN (…)``, a condition
    with subqueries (the activity desk's 界别: EXISTS over participants and members) adds
    relations past PostgreSQL's ``join_collapse_limit``, and the planner then joined every row
    before keeping the page's (1.7 s at 500,000 activities). Kept as it is when a join could
    repeat rows (a reverse or many-to-many relation): its condition may be what limits them."""
    query = queryset.query
    for join in query.alias_map.values():
        field = getattr(join, "join_field", None)
        if field is not None and (
            getattr(field, "one_to_many", False) or getattr(field, "many_to_many", False)
        ):
            return queryset
    stripped = queryset.all()
    stripped.query.where = WhereNode()
    return stripped
