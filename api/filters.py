"""django-filter for the API with the web's own filter sets: a view may pass the extra keywords
its filter set takes (the desk's OpinionFilter wants the user and the committees they see)."""

from django_filters.rest_framework import DjangoFilterBackend


class FilterBackend(DjangoFilterBackend):
    def get_filterset_kwargs(self, request, queryset, view):
        kwargs = super().get_filterset_kwargs(request, queryset, view)
        extra = getattr(view, "filterset_extra_kwargs", None)
        if extra is not None:
            kwargs.update(extra())
        return kwargs
