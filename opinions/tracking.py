"""The public lookup by tracking code and secret key (or the FULL phone number): the checks and
limits the tracking page (views.public.TrackView) and the API (api.views.public) share.

Tracking codes are sequential (JY-2026-000123) and that is fine: a code alone shows nothing.
Guessing is limited per client address (refused for an hour after TRACKING_FAILURES_PER_HOUR
failures) and per code only by a CAPTCHA (after TRACKING_FAILURES_PER_CODE), so that nobody
else's failures can lock the owner out of their own item. Existing and missing codes cost the
same (one hash check each)."""

from __future__ import annotations

import re
import secrets
import unicodedata
from functools import lru_cache

from django.conf import settings
from django.core import signing

from . import abuse, selectors
from .lookup_keys import hash_key, key_matches
from .models import Opinion
from .workflows import OPINION

WINDOW = 3600


def ip_blocked(ip: str) -> bool:
    return abuse.count("track-ip", ip) >= settings.TRACKING_FAILURES_PER_HOUR


def code_needs_captcha(code: str) -> bool:
    return bool(code) and abuse.count("track-code", code) >= settings.TRACKING_FAILURES_PER_CODE


def wrong_captcha(ip: str) -> None:
    """A wrong CAPTCHA answer counts against the address."""
    abuse.hit("track-ip", ip, WINDOW)


def find(*, ip: str, code: str, key: str) -> Opinion | None:
    """The item, if the key (or full phone number) matches; a failure counts against the
    address and the code."""
    opinion = selectors.tracking_candidate(code)
    if opinion_key_matches(opinion, key):
        return opinion
    abuse.hit("track-ip", ip, WINDOW)
    abuse.hit("track-code", code, WINDOW)
    return None


@lru_cache(maxsize=1)
def _dummy_key_hash() -> str:
    """Checked against when the code does not exist, so that a missing code costs the same hash
    work as an existing one (the same keyed hash as the real lookup keys)."""
    return hash_key(secrets.token_urlsafe(24))


def _full_phone(key: str) -> bytes | None:
    digits = unicodedata.normalize("NFKC", key or "").replace(" ", "").replace("-", "")
    return digits.encode() if re.fullmatch(r"1[0-9]{10}", digits) else None


def opinion_key_matches(opinion: Opinion | None, key: str) -> bool:
    """Exactly one hash check on every path (existing code or not, key or phone)."""
    stored = opinion.lookup_key_hash if opinion is not None else ""
    key_ok = key_matches(key, stored or _dummy_key_hash())
    phone, given = (opinion.submitter_phone if opinion else "") or "", _full_phone(key)
    phone_ok = given is not None and secrets.compare_digest(given, phone.encode())
    return opinion is not None and ((key_ok and bool(stored)) or (phone_ok and bool(phone)))


# --- the rating that follows a lookup ----------------------------------------------------------
# A successful lookup proves the code and key; the answer carries a signed token naming the item
# (valid RATING_MAX_AGE seconds), which the rating (the page's form, the API's operation) brings
# back instead of the key.
RATING_SALT = "opinions.rating"
RATING_MAX_AGE = 2 * 3600


def rating_token(opinion: Opinion) -> str:
    return signing.dumps({"o": opinion.pk}, salt=RATING_SALT)


def rating_open(opinion: Opinion) -> bool:
    """Whether the submitter may answer now: rate the reply, or (once) ask for re-handling."""
    return OPINION.can(opinion, "rate") or OPINION.can(opinion, "rehandle")


def opinion_for_rating(token: str) -> Opinion | None:
    """The item a rating token names, or None when the token is forged, expired or malformed."""
    try:
        data = signing.loads(token, salt=RATING_SALT, max_age=RATING_MAX_AGE)
        return selectors.tracking_candidate_by_pk(int(data["o"]))
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
