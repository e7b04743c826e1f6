"""View helpers every app shares."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.views.generic.base import ContextMixin, View

from .workflow import Text, TransitionError


class QueryStringMixin(ContextMixin, View):
    """Puts the current query string (without ``page``) in the context, for pagination links."""

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        context["query_string"] = query.urlencode()
        return context


def form_errors_to_messages(request: HttpRequest, form: forms.BaseForm) -> None:
    """A small form posted from another page: its errors as messages on the page it returns to."""
    for errors in form.errors.values():
        messages.error(request, " ".join(str(error) for error in errors))


def run_posted_form(
    request: HttpRequest,
    form: forms.BaseForm,
    run: Callable[[dict[str, Any]], Any],
    success: Text | Callable[[Any], Text],
) -> None:
    """A small form posted from a detail page (a decision, an adjustment, a link): validate it,
    run the service with the cleaned data and say how it went as messages — the form's errors,
    the service's refusal (``ValidationError``, ``TransitionError``) or ``success`` (a text, or
    a function of the service's result)."""
    if not form.is_valid():
        form_errors_to_messages(request, form)
        return
    try:
        result = run(form.cleaned_data)
    except TransitionError as exc:
        messages.error(request, exc.message)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, str(success(result) if callable(success) else success))
