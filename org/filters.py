"""Filter-set scaffolding shared by the lists of committee-scoped records."""

from __future__ import annotations

from typing import Any

from . import selectors


class CommitteeFilterMixin:
    """A filter set over the records of ``committees`` (the committees the user sees): its
    ``committee`` and ``sector`` (界别) choices are limited to them. Subclasses narrow their
    further choices with ``self.committees`` after calling ``super().__init__``."""

    filters: dict[str, Any]

    def __init__(self, *args: Any, committees: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.committees = committees
        self.filters["committee"].queryset = committees
        self.filters["sector"].extra["choices"] = selectors.sector_choices(committees)


class VisibleCommitteesFilterViewMixin:
    """A filtered list view (``FilterView``) whose filter set takes ``committees``: the
    committees the signed-in user sees (a ``CommitteeFilterMixin`` filter set)."""

    request: Any

    def get_filterset_kwargs(self, filterset_class: Any) -> dict[str, Any]:
        kwargs: dict[str, Any] = super().get_filterset_kwargs(filterset_class)  # type: ignore[misc]  # a FilterView's method, next in the MRO
        kwargs["committees"] = selectors.committees_visible_to(self.request.user)
        return kwargs
