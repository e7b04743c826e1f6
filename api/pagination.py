from rest_framework import pagination


class CursorPagination(pagination.CursorPagination):
    """Opaque cursors: stable under inserts, no COUNT(*) over a large list. Lists order by
    ``-pk`` unless a view says otherwise."""

    ordering = "-pk"
    page_size_query_param = "page_size"
    max_page_size = 100
