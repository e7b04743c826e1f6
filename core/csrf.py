"""Random strings for Django's CSRF secrets and masks, from one read of the OS's CSPRNG.

Django draws each character of a CSRF secret and of each token's mask with ``secrets.choice``:
one ``os.urandom`` call and a rejection loop per character, ~70 µs for a 32-character string.
A first visit needs two (the secret and the mask), any page with a form one: ~40 % of the
Python time of a public page served from its rendered shell (issue 11). ``random_string``
gives the same strings — the same length, the same alphabet, each character uniform and
independent, from the same source — reading the bytes at once: those below the largest
multiple of the alphabet's size are taken modulo the size, the others dropped (no bias).

``install()`` (``CoreConfig.ready``) makes it the generator of ``django.middleware.csrf``,
the only module whose ``get_random_string`` it replaces."""

from __future__ import annotations

import secrets

import django.middleware.csrf


def random_string(length: int, allowed_chars: str) -> str:
    size = len(allowed_chars)
    if not 0 < size <= 256:
        raise ValueError("allowed_chars must hold 1 to 256 characters")
    limit = 256 - 256 % size  # bytes at or above it would favour the first characters
    chars: list[str] = []
    while len(chars) < length:
        # Enough bytes for the usual case in one read (62 characters: 3 % of bytes dropped).
        for byte in secrets.token_bytes(length - len(chars) + 8):
            if byte < limit:
                chars.append(allowed_chars[byte % size])
                if len(chars) == length:
                    break
    return "".join(chars)


def install() -> None:
    django.middleware.csrf.get_random_string = random_string  # type: ignore[attr-defined]
