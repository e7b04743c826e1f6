"""The per-client limits of a public form's page (我要建言, 政协信箱, 委员讲堂点单): every POST
counts, valid or not; over the hour's limit the answer is 429; close to it the form asks for the
CAPTCHA (its form: ``opinions.forms.guards.PublicFormGuardsMixin``)."""

from __future__ import annotations

from functools import cached_property
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.generic import FormView

from .. import abuse


class SubmissionLimitMixin(FormView):
    posts_so_far: int | None = None  # this client's POSTs in the window, this one included

    @cached_property
    def ip(self) -> str:
        """The client's address, worked out when a counter needs it."""
        return abuse.client_ip(self.request)

    @cached_property
    def captcha_shown_first(self) -> bool:
        """Whether the empty form already carries the CAPTCHA (read once per request)."""
        return abuse.captcha_required(self.ip)

    def need_captcha(self) -> bool:
        """The form's ``need_captcha``: on a POST, what the page it came from showed."""
        if self.posts_so_far is None:
            return self.captcha_shown_first
        # the page this POST came from was rendered before it was counted
        return self.posts_so_far - 1 >= settings.SUBMISSION_CAPTCHA_AFTER

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.posts_so_far = abuse.record_submission(self.ip)
        if self.posts_so_far > settings.SUBMISSION_LIMIT_PER_HOUR:
            return render(request, "opinions/too_many.html", status=429)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form: Any) -> HttpResponse:
        if (self.posts_so_far or 0) >= settings.SUBMISSION_CAPTCHA_AFTER:
            form.require_captcha()
        return super().form_invalid(form)
