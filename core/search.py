"""Which way PostgreSQL looks a search term up (issue 11, docs/adr/0009-desk-at-a-million-rows.md).

Lists searched through a character-pair GIN index (the desk's opinions, migration opinions 0008;
the activity desk's titles, liaison 0007) can find a term of two characters or more two ways:

- **pairs**: the GIN index gives every row holding the term's pairs, which are then checked and
  *sorted* into the list's order. Its cost grows with the number of rows that match: right for a
  rare word, slow for a common one (教育 or 停车 are in one opinion of ten: a hundred thousand
  rows fetched and sorted at a million).
- **walk**: the list's ordered index (newest first, per filter) is walked and each row checked
  until the page is full. Its cost grows with the rows the page needs divided by the share of
  rows that match: right for a common word, a scan of the table for a rare one.

The choice is made per query from the share of rows that hold the term's rarest pair, read from
the statistics PostgreSQL's ``ANALYZE`` keeps for the index's expression (``pg_stats``:
``most_common_elems`` and their frequencies — the thousand most frequent pairs, down to about 1 %
of rows; a pair not among them is rarer than that). The statistics are read once per process
every ``STATISTICS_SECONDS``. Walking pays when the rows it reads, ``rows needed ÷ share``, are
fewer than the rows the index gives, ``share × table rows``. The share of the rarest pair is an
upper bound of the term's own (for a two-character term, its share): a longer term made of
frequent pairs may be rarer than its pairs, and its walk then reads further than predicted —
its count still comes from the pair index (``CappedPaginator`` stops at its cap).

Both ways give the same rows (the walk only leaves out the index's condition); SQLite has
``icontains`` alone and no choice.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

from django.db import connections

STATISTICS_SECONDS = 600.0

_lock = threading.Lock()
_statistics: dict[tuple[str, str], tuple[float, dict[str, float], float]] = {}


@dataclass
class PairIndex:
    """A GIN index over ``expression`` (the name ``pg_stats`` gives the index's column) of
    ``table``'s rows."""

    table: str
    index: str
    expression: str

    def statistics(self, using: str = "default") -> tuple[dict[str, float], float]:
        """({pair: share of rows}, table rows) from the planner's statistics, kept for
        STATISTICS_SECONDS; empty before ANALYZE."""
        now = time.monotonic()
        key = (using, self.index)
        cached = _statistics.get(key)
        if cached is not None and now - cached[0] < STATISTICS_SECONDS:
            return cached[1], cached[2]
        shares, rows = self._read(using)
        with _lock:
            _statistics[key] = (now, shares, rows)
        return shares, rows

    def _read(self, using: str) -> tuple[dict[str, float], float]:
        with connections[using].cursor() as cursor:
            cursor.execute(
                "SELECT (SELECT reltuples FROM pg_class WHERE oid = to_regclass(%s)),"
                " s.most_common_elems::text::text[], s.most_common_elem_freqs"
                " FROM (SELECT 1) AS one LEFT JOIN pg_stats AS s"
                " ON s.tablename = %s AND s.attname = %s",
                [self.table, self.index, self.expression],
            )
            row = cursor.fetchone()
        if row is None:
            return {}, 0.0
        rows, elements, freqs = row
        # The frequencies are followed by their minimum and maximum (tsvector statistics).
        shares = dict(zip(elements or [], freqs or [], strict=False))
        return shares, max(float(rows or 0), 0.0)

    def walk_pays(self, term: str, rows_needed: int, *, using: str = "default") -> bool:
        """Should a list of ``rows_needed`` rows (the page's last row's position, or an
        export's length) matching ``term`` walk the ordered index rather than sort the pair
        index's rows?"""
        if len(term) < 2 or connections[using].vendor != "postgresql":
            return False
        shares, rows = self.statistics(using)
        share = term_share(term, shares)
        if share <= 0.0:
            return False
        return max(rows_needed, 1) / share < share * rows


def forget_statistics() -> None:
    """For tests and after ANALYZE in the same process."""
    with _lock:
        _statistics.clear()


def term_share(term: str, shares: dict[str, float]) -> float:
    """The share of rows holding the term's rarest pair, 0 when a pair is not among the frequent
    ones (upper-cased as the indexes store them)."""
    upper = term.upper()
    pairs = {upper[i : i + 2] for i in range(len(upper) - 1)}
    if not pairs:
        return 0.0
    return min(shares.get(pair, 0.0) for pair in pairs)
