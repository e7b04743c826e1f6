"""A query string over Django's field limit is a plain 400, in every mode.

Django refuses more than DATA_UPLOAD_MAX_NUMBER_FIELDS parameters by raising TooManyFieldsSent
when ``request.GET`` is first read. ``request.GET`` does not keep that failure, so every later
reader raises again — with DEBUG on (the ``make run`` mode) the technical error page reads it
while describing the first error, and the request ends in a 500 with no page at all. Parsing the
query string once, first thing, answers 400 before anything else reads it.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import TooManyFieldsSent
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render


class QueryStringLimitMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            request.GET  # noqa: B018 (parsed here, once)
        except TooManyFieldsSent:
            request.GET = QueryDict()  # the page below must not read the oversized one again
            return render(request, "400.html", status=400)
        return self.get_response(request)
