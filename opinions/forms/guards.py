"""What every public form (我要建言, 政协信箱, 委员讲堂点单) does against abuse: the CAPTCHA asked
once a client nears the limit, the honeypot, the fill timer and the dedupe token."""

from __future__ import annotations

import re
import uuid
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .. import abuse


class PublicFormGuardsMixin(forms.Form):
    """The form declares ``website`` (the honeypot), ``started`` (the fill timer), ``token`` and,
    when it may ask for one, ``captcha_challenge`` and ``captcha``; the view passes
    ``need_captcha`` (``opinions.views.public``, ``lectures.views.orders``)."""

    need_captcha = False
    challenge = ""

    @staticmethod
    def fresh_tokens() -> dict[str, str]:
        """The values an unbound form gets anew each time it is shown: the fill timer and the
        dedupe token (opinions.views.public fills them into a page rendered before)."""
        return {"started": abuse.timer_token(), "token": uuid.uuid4().hex}

    def clean_token(self) -> str:
        """The dedupe token, or nothing when it is not one the form issued."""
        token = self.cleaned_data.get("token") or ""
        return token if re.fullmatch(r"[0-9a-f]{32}", token) else ""

    def require_captcha(self) -> None:
        """Ask for the CAPTCHA (on the first rendering, or on the re-rendered form when the
        limit was reached by this POST)."""
        if not self.need_captcha:
            self.need_captcha = True
            self.fields["captcha"].required = True
            self.challenge = abuse.captcha_new()

    def check_captcha(self, data: dict[str, Any]) -> None:
        """In ``clean``: the answer must match the challenge the page carried (single use)."""
        if self.need_captcha and "captcha" not in self.errors:
            challenge = str(self.data.get(self.add_prefix("captcha_challenge"), ""))
            if not abuse.captcha_check(challenge, data.get("captcha") or ""):
                self.add_error("captcha", _("验证码不正确或已过期，请输入新图片中的数字。"))

    def abuse_flags(self) -> list[str]:
        """What a valid submission is kept with but nobody is told of: honeypot, fill timer."""
        flags = []
        if self.cleaned_data.get("website"):
            flags.append("honeypot")
        flags.extend(abuse.timer_flags(self.cleaned_data.get("started")))
        return flags
