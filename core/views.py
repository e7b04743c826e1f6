"""View helpers every app shares."""

from __future__ import annotations

from typing import Any

from django.views.generic.base import ContextMixin, View


class QueryStringMixin(ContextMixin, View):
    """Puts the current query string (without ``page``) in the context, for pagination links."""

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        context["query_string"] = query.urlencode()
        return context
