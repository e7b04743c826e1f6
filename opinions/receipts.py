"""The submission receipt travels from the POST to the receipt page in a short-lived, encrypted
and authenticated cookie (Fernet, key derived from SECRET_KEY), not in a session: an anonymous
visitor never gets a session row, nothing the cache or the session store does after the commit
can turn a saved submission into an error page, and the lookup key is in neither the URL nor
the server's logs."""

from __future__ import annotations

import base64
import json
import logging

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.urls import reverse
from django.utils.crypto import salted_hmac

logger = logging.getLogger(__name__)

COOKIE = "opinion_receipt"
MAX_AGE = 15 * 60  # the receipt is for the moment after submitting


def _fernet() -> Fernet:
    digest = salted_hmac("opinions.receipt-cookie", "fernet", algorithm="sha256").digest()
    return Fernet(base64.urlsafe_b64encode(digest))


def _path() -> str:
    """The deepest path that covers the forms and the receipt page (the POST reads it too)."""
    urls = [reverse(name) for name in ("opinions:submit", "opinions:mailbox", "opinions:receipt")]
    prefix = urls[0]
    for url in urls[1:]:
        while not url.startswith(prefix):
            prefix = prefix[:-1]
    return prefix[: prefix.rfind("/") + 1] or "/"


def read(request) -> dict | None:
    value = request.COOKIES.get(COOKIE)
    if not value:
        return None
    try:
        data = json.loads(_fernet().decrypt(value.encode("ascii"), ttl=MAX_AGE))
    except (InvalidToken, UnicodeEncodeError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def write(response, receipt: dict) -> None:
    token = _fernet().encrypt(json.dumps(receipt).encode()).decode("ascii")
    response.set_cookie(
        COOKIE,
        token,
        max_age=MAX_AGE,
        path=_path(),
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Strict",
    )
