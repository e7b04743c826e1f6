"""View helpers every app shares."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Hashable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils import translation
from django.views.generic.base import ContextMixin, View

from .forms import add_service_errors
from .memo import PUBLIC, memo_peek, memo_store
from .shells import FIRST_VISIT_SHELL, Shell, is_first_visit, remember_first_visit
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


# --- action pages driven by a transition table ----------------------------------------------
@dataclasses.dataclass(frozen=True)
class Step:
    """How a record's action page runs one row of its transition table: the row's form (or
    none), the service call (request, record, the form's cleaned data) and the message on
    success."""

    form: type[forms.BaseForm] | None
    # (request, record, data); the request is the app's (its user is signed in by then)
    call: Callable[[Any, Any, dict[str, Any]], object]
    done: Text


def service_step(
    form: type[forms.BaseForm] | None,
    service: Callable[..., object],
    done: Text,
    *,
    record: str,
    **fixed: Any,
) -> Step:
    """A step whose form's fields are the service's keyword arguments: it calls
    ``service(<record>=the record, by=request.user, **fixed, **cleaned data)``. A table binds
    its ``record`` once (``functools.partial``)."""

    def call(request: HttpRequest, obj: Any, data: dict[str, Any]) -> object:
        return service(**{record: obj}, by=request.user, **fixed, **data)

    return Step(form, call, done)


def run_step(
    request: HttpRequest,
    step: Step,
    record: Any,
    form: forms.BaseForm | None,
    again: Callable[[forms.BaseForm], HttpResponse],
) -> HttpResponse | None:
    """Run a posted step: bad input, or a service refusal about a field, gives the page again
    with the form (``again``, answered 400 by the caller); a state the row does not start from
    or a refusal without a form is a message. ``None``: the caller redirects to the record."""
    data: dict[str, Any] = {}
    if form is not None:
        if not form.is_valid():
            return again(form)
        data = form.cleaned_data
    try:
        step.call(request, record, data)
    except TransitionError as exc:
        messages.error(request, exc.message)
    except ValidationError as exc:
        if form is not None:
            add_service_errors(form, exc)
            return again(form)
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, str(step.done))
    return None


# --- public pages served from a rendered shell ---------------------------------------------
_CSRF_INPUT = re.compile(r'<input type="hidden" name="csrfmiddlewaretoken" value="([^"]+)">')


class PublicShellMixin(View):
    """A public page every anonymous visitor gets alike (per language) is rendered once per
    process and then served from its shell (``Shell``) with this request's CSRF token, CSP nonce
    and ``fresh_values()`` filled in: the template is not rendered again until the public data
    changes (core.memo, group PUBLIC), ``MEMO_SECONDS`` pass or the process restarts. Signed-in
    users, query strings, pending messages and ``shell_key`` returning None get the page
    rendered as usual. Per-request values a page shows must be holes: ``rendered_values`` names
    those the render used, ``fresh_values`` makes new ones (same names)."""

    def shell_key(self) -> Hashable | None:
        request = self.request
        if request.method != "GET" or request.GET or request.user.is_authenticated:
            return None
        if len(messages.get_messages(request)):
            return None
        return ("shell", type(self).__qualname__, request.path, translation.get_language())

    def rendered_values(self, response: Any) -> dict[str, str]:
        return {}

    def fresh_values(self) -> dict[str, str]:
        return {}

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        # A first visit the short chain serves (core.shells) brings the shell it found; the
        # conditions it checked (no cookie but the language, no query string) are this page's.
        shell = getattr(request, FIRST_VISIT_SHELL, None)
        key = None if shell is not None else self.shell_key()
        if key is not None:
            shell = memo_peek(PUBLIC, key)
            if isinstance(shell, Shell) and is_first_visit(request):
                remember_first_visit(request, key)
        if isinstance(shell, Shell):
            values = dict(self.fresh_values())
            if "csrf" in shell.holes:
                values["csrf"] = get_token(request)
            if "nonce" in shell.holes:
                values["nonce"] = str(request.csp_nonce)  # type: ignore[attr-defined]
            return HttpResponse(shell.fill(values))
        response: HttpResponse = super().get(request, *args, **kwargs)  # type: ignore[misc]
        if key is not None and response.status_code == 200 and hasattr(response, "render"):
            response.render()
            html = response.content.decode(response.charset)
            csrf = _CSRF_INPUT.search(html)
            values = {
                **self.rendered_values(response),
                "csrf": csrf.group(1) if csrf else "",
                "nonce": getattr(request, "_csp_nonce", None) or "",
            }
            memo_store(PUBLIC, key, Shell.of(html, values))
        return response
