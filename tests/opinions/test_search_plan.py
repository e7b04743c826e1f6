"""How PostgreSQL finds a search term's rows (``opinions.search``, issue 11): a common word walks
the desk's ordered index, a rare one asks the character-pair index, from the pairs' shares of
rows in the planner's statistics. The result is the same either way (test_desk_search)."""

import pytest
from django.db import connection

from core import search
from opinions.models import Opinion
from opinions.search import OPINIONS

SHARES = {"教育": 0.12, "停车": 0.08, "车场": 0.05, "供暖": 0.004, "DE": 0.3}


@pytest.fixture
def statistics(monkeypatch):
    def use(shares, rows):
        monkeypatch.setattr(OPINIONS, "statistics", lambda using="default": (shares, rows))
        monkeypatch.setattr(search.connections["default"], "vendor", "postgresql")

    return use


def test_the_rarest_pair_is_the_terms_share():
    assert search.term_share("教育", SHARES) == 0.12
    assert search.term_share("停车场", SHARES) == 0.05
    assert search.term_share("停车位", SHARES) == 0.0  # 车位 is not among the frequent pairs
    assert search.term_share("de", SHARES) == 0.3  # upper-cased like the index
    assert search.term_share("教", SHARES) == 0.0


@pytest.mark.parametrize(
    ("term", "rows_needed", "table_rows", "walk"),
    [
        ("教育", 20, 1_000_000, True),  # 167 rows walked against 120,000 sorted
        ("教育", 1_000, 1_000_000, True),  # page 50: 8,300 against 120,000
        ("教育", 20, 200, False),  # a small table: the index's 24 rows
        ("供暖", 20, 1_000_000, False),  # 0.4 %: 5,000 walked against 4,000 from the index
        ("停车位", 20, 1_000_000, False),  # a pair rarer than the statistics know
        ("教育", 5_000, 1_000_000, True),  # an export: 41,700 against 120,000
        ("停车场", 200_000, 1_000_000, False),  # a whole list
        ("教", 20, 1_000_000, False),  # one character: its own window
    ],
)
def test_walking_pays_for_a_common_word(statistics, term, rows_needed, table_rows, walk):
    statistics(SHARES, table_rows)
    assert OPINIONS.walk_pays(term, rows_needed) is walk


def test_no_statistics_means_the_index(statistics):
    statistics({}, 0.0)
    assert OPINIONS.walk_pays("教育", 20) is False


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="the planner's statistics")
def test_statistics_are_read_from_the_index_expression(public_opinion):
    Opinion.objects.filter(pk=public_opinion.pk).update(title="教育问题", content="教育")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE opinions_opinion")
    search.forget_statistics()
    try:
        shares, rows = OPINIONS.statistics()
        assert shares.get("教育", 0) > 0
        assert rows >= 1
    finally:
        search.forget_statistics()
