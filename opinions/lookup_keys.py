"""The secret lookup key a citizen gets with a tracking code (shown once on the receipt).

The key is random and high-entropy (10 characters of a 32-letter alphabet, 50 bits), not a
password a person chose, so it needs no slow password hasher: it is stored as an HMAC-SHA256
with the server's secret (``SECRET_KEY``; ``SECRET_KEY_FALLBACKS`` still verify after a
rotation). A stolen database alone does not reveal or test keys, and a submission no longer
spends ~130 ms and ~100 MiB hashing one with Argon2. Keys issued before are still stored with
Django's password hashers and verified by them.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.contrib.auth.hashers import check_password
from django.utils.crypto import constant_time_compare, salted_hmac

KEY_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
PREFIX = "hmac_sha256$"
_SALT = "opinions.lookup_key"


def normalize_key(key: str) -> str:
    return "".join(ch for ch in (key or "").upper() if ch.isalnum())[:20]


def _digest(plain: str, secret: str | bytes) -> str:
    return salted_hmac(_SALT, plain, secret=secret, algorithm="sha256").hexdigest()


def hash_key(key: str) -> str:
    return PREFIX + _digest(normalize_key(key), settings.SECRET_KEY)


def new_lookup_key() -> tuple[str, str]:
    """A new key as shown to the citizen (``ABCDE-FGHJK``) and what is stored."""
    plain = "".join(secrets.choice(KEY_ALPHABET) for _ in range(10))
    return f"{plain[:5]}-{plain[5:]}", hash_key(plain)


def key_matches(key: str, stored: str) -> bool:
    """Does ``key`` (as typed: any case, with or without the dash) match ``stored``?"""
    given = normalize_key(key)
    if stored.startswith(PREFIX):
        digest = stored[len(PREFIX) :]
        secrets_to_try = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
        return any(constant_time_compare(_digest(given, s), digest) for s in secrets_to_try)
    return bool(stored) and check_password(given, stored)  # a key issued before the change
