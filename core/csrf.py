"""Django's CSRF secrets and masked tokens, made with less Python.

Django draws each character of a CSRF secret and of each token's mask with ``secrets.choice``
(one ``os.urandom`` call and a rejection loop per character: ~70 µs for 32 characters) and
masks a secret with two ``str.index`` scans per character. A first visit needs a secret and a
masked token, any page with a form a masked token: ~40 % of the Python time of a public page
served from its rendered shell (issue 11).

``random_string`` gives the same strings — the same length, the same alphabet, each character
uniform and independent, from the same source — from one read of the OS's CSPRNG: bytes below
the largest multiple of the alphabet's size are taken modulo the size, the others dropped (no
bias); for an ASCII alphabet ``bytes.translate`` does both. ``mask_cipher_secret`` is Django's
masking with a lookup table for the alphabet (the same token for the same secret and mask).

``install()`` (``core.apps.CoreConfig.ready``) makes them ``django.middleware.csrf``'s: its
``get_random_string`` and ``_mask_cipher_secret``, nothing else of Django's."""

from __future__ import annotations

import functools
import secrets

import django.middleware.csrf as django_csrf


@functools.lru_cache(maxsize=8)
def _tables(allowed_chars: str) -> tuple[bytes, bytes] | None:
    """For an ASCII alphabet: a byte -> character table and the bytes to drop."""
    if not allowed_chars.isascii():
        return None
    size = len(allowed_chars)
    limit = 256 - 256 % size  # bytes at or above it would favour the first characters
    table = bytes(ord(allowed_chars[b % size]) if b < limit else 0 for b in range(256))
    return table, bytes(range(limit, 256))


def random_string(length: int, allowed_chars: str) -> str:
    size = len(allowed_chars)
    if not 0 < size <= 256:
        raise ValueError("allowed_chars must hold 1 to 256 characters")
    tables = _tables(allowed_chars)
    if tables is not None:
        table, dropped = tables
        out = b""
        while len(out) < length:
            out += secrets.token_bytes(length - len(out) + 8).translate(table, dropped)
        return out[:length].decode("ascii")
    limit = 256 - 256 % size
    chars: list[str] = []
    while len(chars) < length:
        for byte in secrets.token_bytes(length - len(chars) + 8):
            if byte < limit:
                chars.append(allowed_chars[byte % size])
                if len(chars) == length:
                    break
    return "".join(chars)


_CHARS = django_csrf.CSRF_ALLOWED_CHARS
_INDEX = {char: i for i, char in enumerate(_CHARS)}


def mask_cipher_secret(secret: str) -> str:
    """Django's ``_mask_cipher_secret``: a new mask, then each secret character shifted by the
    mask's character at the same place (modulo the alphabet)."""
    mask = random_string(django_csrf.CSRF_SECRET_LENGTH, _CHARS)
    size = len(_CHARS)
    cipher = "".join(
        _CHARS[(_INDEX[x] + _INDEX[y]) % size] for x, y in zip(secret, mask, strict=True)
    )
    return mask + cipher


def install() -> None:
    django_csrf.get_random_string = random_string  # type: ignore[attr-defined]
    django_csrf._mask_cipher_secret = mask_cipher_secret  # type: ignore[attr-defined]
