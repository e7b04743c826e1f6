"""The desk's queries can be answered by its indexes (issue 11; migrations 0007–0010).

At test size PostgreSQL would rather read the few rows than use an index, so the plans are
asked for with sequential scans and sorts priced out (``enable_seqscan``, ``enable_sort`` and
``enable_incremental_sort`` off for the transaction): what is checked is that an index *can*
serve each query — the page's ids come out of an index in the list's order (no Sort), the
text search, the tracking lookup and the similar items use their indexes. A filter written so
that no index matches (the ``__date`` lookup did, ``UPPER(tracking_code)`` did) fails here. PostgreSQL only: SQLite has
neither the planner nor the GIN/GiST indexes; the date filter's meaning is checked on both."""

import datetime
import re

import pytest
from django.contrib.postgres.search import TrigramDistance
from django.db import connection
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone

from opinions import selectors
from opinions.filters import OpinionFilter
from opinions.models import Opinion
from opinions.selectors.desk import _similar_candidates
from org import selectors as org_selectors
from tests.opinions.factories import OpinionFactory

pytestmark = pytest.mark.django_db

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="query plans and GIN/GiST indexes: PostgreSQL"
)


def plan(queryset) -> str:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_sort = off")
        # an incremental sort is a sort too (on a table grown by earlier tests' rolled-back
        # rows, the planner found one on the older committee index cheaper)
        cursor.execute("SET LOCAL enable_incremental_sort = off")
        cursor.execute("EXPLAIN " + sql, params)
        return "\n".join(row[0] for row in cursor.fetchall())


def desk_queryset(user, query: str):
    filterset = OpinionFilter(
        QueryDict(query),
        queryset=selectors.desk_opinions(user=user),
        committees=org_selectors.committees_visible_to(user),
        user=user,
    )
    assert filterset.is_valid(), filterset.errors
    return filterset.qs


DESK_FILTERS = [
    "",
    "status=under_review",
    "channel=mailbox",
    "category={category}",
    "committee={committee}",
    "mine=on",
    "overdue=on",
    "attention=on",
    "spam=only",
    "spam=all",
    "submitted_from=2026-01-01&submitted_to=2026-03-31",
    "committee={committee}&status=closed",
]


@postgres_only
@pytest.mark.parametrize("who", ["staff_municipal", "staff_dalate"])
@pytest.mark.parametrize("query", DESK_FILTERS)
def test_each_filter_pages_along_an_index(request, who, query, dalate, category, public_opinion):
    user = request.getfixturevalue(who)
    queryset = desk_queryset(user, query.format(category=category.pk, committee=dalate.pk))
    ids = plan(queryset.values("pk")[40:60])
    assert "opinion_desk_" in ids and "Sort" not in ids, ids
    if "submitted_from" in query:  # a range of the index, not a filter on every row
        assert re.search(r"Index Cond: .*submitted_at >= .*submitted_at < ", ids), ids
    count = plan(queryset.order_by().values("pk")[:10_001])
    assert "Seq Scan" not in count, count


@postgres_only
def test_text_search_uses_the_pair_index(staff_municipal, public_opinion):
    queryset = desk_queryset(staff_municipal, "q=供暖").order_by().values("pk")  # as counted
    # On a table of a few rows the planner may as well walk another index (a committee's);
    # without those (dropped inside this test's transaction, rolled back after it) the search's
    # condition must be one the pair index serves — a condition it could not serve would leave
    # a scan of the table.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = 'opinions_opinion'"
            " AND indexname <> 'opinion_search_grams_idx' AND indexdef NOT LIKE '%%UNIQUE%%'"
        )
        for (name,) in cursor.fetchall():
            cursor.execute(f'DROP INDEX "{name}"')
    assert "opinion_search_grams_idx" in plan(queryset)


@postgres_only
@pytest.mark.parametrize("query", ["q=教育", "q=教育&committee={committee}", "q=教"])
def test_a_walked_search_pages_along_the_desk_index(staff_municipal, dalate, public_opinion, query):
    """A common word's page (``core.search``) and a single character's window walk the desk's
    ordered index and check rows: no sort, and no pair index."""
    filterset = OpinionFilter(
        QueryDict(query.format(committee=dalate.pk)),
        queryset=selectors.desk_opinions(user=staff_municipal),
        committees=org_selectors.committees_visible_to(staff_municipal),
        user=staff_municipal,
    )
    assert filterset.is_valid(), filterset.errors
    filterset.search_rows = 20
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("opinions.filters.OPINIONS.walk_pays", lambda *args, **kwargs: True)
        page = plan(filterset.qs.values("pk")[:20])
    assert re.search(r"Index (Only )?Scan (Backward )?using opinion_desk_", page), page
    assert "Sort" not in page and "opinion_search_grams_idx" not in page, page
    assert "opinions_contains" in page, page


@postgres_only
def test_tracking_lookup_uses_the_unique_index(public_opinion):
    code = public_opinion.tracking_code.lower()
    queryset = Opinion.objects.filter(tracking_code=code.upper()).order_by()  # as the lookup
    lookup = plan(queryset)
    assert "Index Cond: ((tracking_code)::text = 'JY-" in lookup, lookup  # no UPPER(…): an index
    assert selectors.tracking_candidate(code) == public_opinion


@postgres_only
def test_similar_items_walk_the_title_index(public_opinion):
    candidates = _similar_candidates(public_opinion)
    nearest = candidates.order_by(TrigramDistance("title", public_opinion.title)).values("pk")[:20]
    walk = plan(nearest)
    assert "opinion_similar_title_idx" in walk, walk
    # the committee and category narrow the walk (an int4 literal against the bigint column
    # would leave them to a filter on every row the walk visits)
    assert re.search(r"Index Cond: \(\(committee_id = .*category_id = ", walk), walk


def test_submission_dates_are_local_whole_days(client, staff_dalate, dalate, category):
    tz = timezone.get_current_timezone()
    late = OpinionFactory(
        committee=dalate,
        category=category,
        submitted_at=datetime.datetime(2026, 6, 15, 23, 30, tzinfo=tz),
    )
    early = OpinionFactory(
        committee=dalate,
        category=category,
        submitted_at=datetime.datetime(2026, 6, 16, 0, 10, tzinfo=tz),
    )
    client.force_login(staff_dalate)

    def pks(**params):
        response = client.get(reverse("opinions:inbox"), params)
        assert response.status_code == 200
        return {o.pk for o in response.context["opinions"]}

    assert pks(submitted_from="2026-06-16") == {early.pk}
    assert pks(submitted_to="2026-06-15") == {late.pk}
    assert pks(submitted_from="2026-06-15", submitted_to="2026-06-15") == {late.pk}
    assert pks(submitted_from="2026-06-16", submitted_to="2026-06-16") == {early.pk}
    # the ends of the calendar are no error: all rows
    assert pks(submitted_from="0001-01-01", submitted_to="9999-12-31") == {late.pk, early.pk}
