"""Public pages served from their rendered shells, and the short way first visits reach them.

A public page every anonymous visitor gets alike is rendered once per process and kept as a
``Shell``: the page's text with holes for each request's own values (the CSRF token, the CSP
nonce, a form's tokens). ``core.views.PublicShellMixin`` serves it.

A *first visit* — a GET without a query string whose only cookie, if any, is the language —
cannot be signed in, has no session, no pending messages and no CSRF cookie: everything the
middleware between ``FirstVisitShellMiddleware`` and the view would look at is absent. Once a
page has been served from its shell to such a visit (``remember_first_visit``), the middleware
sends the next ones straight to the view through the middleware that still write this response
(``SHORT_CHAIN``: the language, the CSRF cookie, X-Frame-Options and the CSP header) and skips
the others — sessions, common (its Host check is made here), authentication (the visitor is
anonymous), messages, allauth, the account policy, the query-string limit — and the URL
resolver (issue 11: about a third of such a request's work). The view serves the shell the
middleware found; it never renders in the short chain. The remembered route lives in the same
memo group as the shells (core.memo PUBLIC), so a change of the public data forgets both.
tests/test_first_visit.py checks that both ways give the same page and headers.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Hashable, Mapping

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.html import conditional_escape
from django.utils.module_loading import import_string

from .memo import PUBLIC, memo_peek, memo_store

# The request attribute carrying the shell the middleware found to the view.
FIRST_VISIT_SHELL = "_first_visit_shell"

# The middleware, in settings.MIDDLEWARE's order, whose work a first visit's response needs.
SHORT_CHAIN = (
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "core.csp.CSPMiddleware",
)


@dataclasses.dataclass(frozen=True)
class Shell:
    """A rendered page with holes where each request's own values go (the CSRF token, the CSP
    nonce, a form's tokens): the text between them, and the holes' names."""

    texts: tuple[str, ...]
    holes: tuple[str, ...]

    @classmethod
    def of(cls, html: str, values: Mapping[str, str]) -> Shell:
        """``html`` with each occurrence of a value (as the page escapes it) made its hole."""
        shown = {str(conditional_escape(value)): name for name, value in values.items() if value}
        texts, holes, start = [], [], 0
        if shown:
            pattern = re.compile("|".join(map(re.escape, sorted(shown, key=len, reverse=True))))
            for match in pattern.finditer(html):
                texts.append(html[start : match.start()])
                holes.append(shown[match.group()])
                start = match.end()
        texts.append(html[start:])
        return cls(tuple(texts), tuple(holes))

    def fill(self, values: Mapping[str, str]) -> str:
        shown = {name: str(conditional_escape(value)) for name, value in values.items()}
        parts = [self.texts[0]]
        for hole, text in zip(self.holes, self.texts[1:], strict=True):
            parts += (shown[hole], text)
        return "".join(parts)


def is_first_visit(request: HttpRequest) -> bool:
    """A GET without a query string whose only cookie, if any, is the chosen language."""
    if request.method != "GET" or request.META.get("QUERY_STRING"):
        return False
    cookies = request.COOKIES
    return not cookies or cookies.keys() <= {settings.LANGUAGE_COOKIE_NAME}


def _route_key(path: str, language: str) -> tuple[str, str, str]:
    return ("first-visit", path, language)


def remember_first_visit(request: HttpRequest, shell_key: Hashable) -> None:
    """The page at this path, in this language, is served from its shell to a first visit: the
    route (the resolved view) and the shell's key, for ``FirstVisitShellMiddleware``."""
    match = request.resolver_match
    if match is not None:
        key = _route_key(request.path_info, translation.get_language())
        memo_store(PUBLIC, key, (match, shell_key))


class FirstVisitShellMiddleware:
    """Put after WhiteNoise (static files) and before the session middleware."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        handler: Callable[[HttpRequest], HttpResponse] = self._view
        for path in reversed(SHORT_CHAIN):
            handler = import_string(path)(handler)
        self.short_chain = handler

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if is_first_visit(request):
            language = translation.get_language_from_request(request)
            route = memo_peek(PUBLIC, _route_key(request.path_info, language))
            if route is not None:
                match, shell_key = route
                shell = memo_peek(PUBLIC, shell_key)
                if isinstance(shell, Shell):
                    # the common middleware's check, skipped below: a Host not allowed is a 400
                    request.get_host()
                    request.resolver_match = match
                    setattr(request, FIRST_VISIT_SHELL, shell)
                    return self.short_chain(request)
        return self.get_response(request)

    @staticmethod
    def _view(request: HttpRequest) -> HttpResponse:
        request.user = AnonymousUser()
        match = request.resolver_match
        assert match is not None  # set by __call__ before the short chain
        response: HttpResponse = match.func(request, *match.args, **match.kwargs)
        # what the skipped middleware adds to such a page: the session middleware's Vary (the
        # page differs for a signed-in visitor) and the common middleware's Content-Length
        patch_vary_headers(response, ("Cookie",))
        if not response.has_header("Content-Length"):
            response.headers["Content-Length"] = str(len(response.content))
        return response
