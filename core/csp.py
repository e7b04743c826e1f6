"""django-csp's middleware with the policy text built once per process.

django-csp builds the header on every response from the settings (two ``dataclasses.asdict``
calls and a walk of every directive, for the policy and for the report-only policy: ~10 % of a
public page served from its shell, issue 11). Nothing in it differs between two responses but
the nonce, so this middleware keeps the text built with a placeholder where the nonce goes and
puts each response's nonce there. A response that carries its own policy (the ``csp_update``,
``csp_replace`` or ``csp`` decorators) is handed to django-csp's code unchanged, and so is every
response when ``DEBUG`` exempts error pages; a change of the CSP settings (tests) drops the
texts."""

from __future__ import annotations

from typing import Any

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject
from csp.middleware import CSPMiddleware as DjangoCSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver

# What the decorators set on a response; any of them means "this response's own policy".
_OWN_POLICY = (
    "_csp_config",
    "_csp_update",
    "_csp_replace",
    "_csp_config_ro",
    "_csp_update_ro",
    "_csp_replace_ro",
)
# Stands for the nonce in a kept text: not base64 (nonces are), not in any directive.
_NONCE_HOLE = "\x00nonce\x00"
_SETTINGS = ("CONTENT_SECURITY_POLICY", "CONTENT_SECURITY_POLICY_REPORT_ONLY")
# (report_only, with a nonce) -> the policy text, with _NONCE_HOLE for the nonce.
_texts: dict[tuple[bool, bool], str] = {}


@receiver(setting_changed)
def _forget_texts(*, setting: str, **kwargs: Any) -> None:
    if setting in _SETTINGS or setting == "DEBUG":
        _texts.clear()


def policy_text(*, report_only: bool, nonce: str | None) -> str:
    """The settings' policy (or report-only policy) with ``nonce``, as django-csp builds it."""
    key = (report_only, nonce is not None)
    text = _texts.get(key)
    if text is None:
        text = _texts[key] = build_policy(
            nonce=_NONCE_HOLE if nonce is not None else None, report_only=report_only
        )
    return text.replace(_NONCE_HOLE, nonce) if nonce is not None else text


class CSPMiddleware(DjangoCSPMiddleware):
    def process_response(self, request: Any, response: Any) -> Any:
        if settings.DEBUG or any(getattr(response, name, None) is not None for name in _OWN_POLICY):
            return super().process_response(request, response)
        nonce = getattr(request, "_csp_nonce", None)
        for report_only, header, exempt, setting in (
            (False, HEADER, "_csp_exempt", "CONTENT_SECURITY_POLICY"),
            (True, HEADER_REPORT_ONLY, "_csp_exempt_ro", "CONTENT_SECURITY_POLICY_REPORT_ONLY"),
        ):
            text = policy_text(report_only=report_only, nonce=nonce)
            if not text or header in response or getattr(response, exempt, False) is not False:
                continue
            prefixes = (getattr(settings, setting, None) or {}).get("EXCLUDE_URL_PREFIXES") or ()
            if not request.path_info.startswith(tuple(prefixes)):
                response[header] = text
        # As django-csp: a nonce asked for after the header is written is an error.
        if nonce is None:
            request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response
