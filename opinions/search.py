"""The desk's text search index (migration 0008) for ``core.search``'s choice of plan."""

from core.search import PairIndex

OPINIONS = PairIndex(
    table="opinions_opinion",
    index="opinion_search_grams_idx",
    expression="opinions_search_grams",
)
