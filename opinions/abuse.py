"""Abuse resistance for the public forms: a fill timer, per-IP rate limits kept in the shared
cache (Redis in production, so every web host counts together), and a self-hosted image CAPTCHA
that is only asked for once a client gets close to the limit."""

from __future__ import annotations

import functools
import hashlib
import hmac
import io
import logging
import random
import re
import secrets
import time

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from PIL import Image, ImageDraw, ImageFilter, ImageFont
from redis.exceptions import RedisError

from core.http import client_ip  # noqa: F401 (used as abuse.client_ip by the views)

logger = logging.getLogger(__name__)

TIMER_SALT = "opinions.form-timer"
CAPTCHA_ALPHABET = "23456789"
CAPTCHA_TTL = 600
# What a cache that is down raises (Redis client errors; socket errors from other backends). The
# public forms degrade — a counter reads 0, a CAPTCHA cannot be issued — and never answer 500.
CACHE_ERRORS = (RedisError, OSError)
_CHALLENGE = re.compile(r"[A-Za-z0-9_-]{1,64}")  # what captcha_new issues (token_urlsafe)


def _key(kind: str, value: str) -> str:
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{value}".encode()).hexdigest()[:32]
    return f"abuse:{kind}:{digest}"


# --- fill timer ------------------------------------------------------------------------------
# "t1.<unix time>.<HMAC-SHA256 of it, hex>", under a key derived from SECRET_KEY once per process:
# every public form page carries a new one, and ``signing.dumps`` (JSON, base64, a key derived
# per call) took ~30 µs of a ~300 µs page served from its shell (issue 11). Tokens made by
# ``signing.dumps`` before are still read (a form opened before a deploy).
TIMER_PREFIX = "t1."
TIMER_MAX_AGE = 24 * 3600
_TIMER_TOKEN = re.compile(r"t1\.([0-9]{1,12}\.[0-9]{3})\.([0-9a-f]{64})")


@functools.lru_cache(maxsize=4)
def _timer_key(secret: str) -> bytes:
    return hashlib.sha256(f"{TIMER_SALT}:timer-key:{secret}".encode()).digest()


def _timer_mac(text: str) -> str:
    return hmac.new(_timer_key(settings.SECRET_KEY), text.encode(), hashlib.sha256).hexdigest()


def timer_token(started: float | None = None) -> str:
    """The fill timer a rendered form carries: when it was made (``started``: now)."""
    text = f"{time.time() if started is None else started:.3f}"
    return f"{TIMER_PREFIX}{text}.{_timer_mac(text)}"


def _timer_started(token: str) -> float | None:
    """When the token was made, or None if we did not make it."""
    if token.startswith(TIMER_PREFIX):
        match = _TIMER_TOKEN.fullmatch(token)
        if match is None or not hmac.compare_digest(match.group(2), _timer_mac(match.group(1))):
            return None
        started = float(match.group(1))
        return started if time.time() - started <= TIMER_MAX_AGE else None
    try:  # the format of before
        return float(signing.loads(token, salt=TIMER_SALT, max_age=TIMER_MAX_AGE))
    except (signing.BadSignature, TypeError, ValueError):
        return None


def timer_flags(token: str | None) -> list[str]:
    """Reasons to flag: the form was never rendered by us, or filled faster than a person can."""
    if not token:
        return ["no_timer"]
    started = _timer_started(token)
    if started is None:
        return ["bad_timer"]
    if time.time() - started < settings.SUBMISSION_MIN_SECONDS:
        return ["too_fast"]
    return []


# --- counters --------------------------------------------------------------------------------
def count(kind: str, value: str) -> int:
    try:
        return int(cache.get(_key(kind, value)) or 0)
    except CACHE_ERRORS:
        logger.warning("abuse counter %s unavailable (cache error); allowing", kind, exc_info=True)
        return 0


def hit(kind: str, value: str, window: int) -> int:
    """Count one more event; the new total (0 when the cache is unavailable). On Redis
    (core.cache) one round trip; other caches add, then increment."""
    key = _key(kind, value)
    try:
        counter = getattr(cache, "hit", None)
        if counter is not None:
            return int(counter(key, window))
        if cache.add(key, 1, timeout=window):
            return 1
        try:
            return cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=window)
            return 1
    except CACHE_ERRORS:
        logger.warning("abuse counter %s unavailable (cache error); allowing", kind, exc_info=True)
        return 0


def reset(kind: str, value: str) -> None:
    try:
        cache.delete(_key(kind, value))
    except CACHE_ERRORS:
        logger.warning("abuse counter %s could not be reset (cache error)", kind, exc_info=True)


def submissions_so_far(ip: str) -> int:
    return count("submit", ip)


def captcha_required(ip: str) -> bool:
    return submissions_so_far(ip) >= settings.SUBMISSION_CAPTCHA_AFTER


def record_submission(ip: str) -> int:
    """Every POST of a public form counts, valid or not (an invalid one may cost as much)."""
    return hit("submit", ip, 3600)


# --- CAPTCHA ---------------------------------------------------------------------------------
# The challenge id is public (it is in the page); the answer and the seed of the image's noise
# are drawn from the OS's CSPRNG and kept only in the cache next to each other, so knowing the
# challenge and this code does not let anyone re-render the image without the noise. A challenge
# lives CAPTCHA_TTL seconds and is consumed by its first check, right or wrong; after that its
# image is no longer served.
def captcha_new() -> str:
    challenge = secrets.token_urlsafe(16)
    answer = "".join(secrets.choice(CAPTCHA_ALPHABET) for _ in range(5))
    entry = {"answer": answer, "seed": secrets.token_hex(16)}
    try:
        cache.set(f"captcha:{challenge}", entry, timeout=CAPTCHA_TTL)
    except CACHE_ERRORS:
        logger.warning("CAPTCHA could not be stored (cache error)", exc_info=True)
    return challenge


def _captcha_entry(challenge: str) -> dict | None:
    if not _CHALLENGE.fullmatch(challenge or ""):
        return None
    try:
        entry = cache.get(f"captcha:{challenge[:64]}")
    except CACHE_ERRORS:
        logger.warning("CAPTCHA store unavailable (cache error)", exc_info=True)
        return None
    return entry if isinstance(entry, dict) else None


def captcha_answer(challenge: str) -> str | None:
    entry = _captcha_entry(challenge)
    return entry["answer"] if entry else None


def captcha_check(challenge: str, answer: str) -> bool:
    """One try per challenge: the answer is consumed whether right or wrong."""
    if not challenge or not answer:
        return False
    key = f"captcha:{challenge[:64]}"
    entry = _captcha_entry(challenge)
    if entry is None:
        return False
    try:
        consumed = cache.delete(key)  # only the request that deleted it may use it
    except CACHE_ERRORS:
        logger.warning("CAPTCHA could not be consumed (cache error); refusing", exc_info=True)
        return False
    return (
        bool(consumed)
        and entry is not None
        and secrets.compare_digest(entry["answer"], answer.strip()[:10])
    )


def captcha_png(challenge: str) -> bytes | None:
    """The image of a live challenge (None once it is used or expired)."""
    entry = _captcha_entry(challenge)
    if entry is None:
        return None
    answer = entry["answer"]
    rng = random.Random(entry["seed"])  # a server-side secret, never the public challenge
    width, height = 180, 64
    image = Image.new("RGB", (width, height), (250, 247, 240))
    draw = ImageDraw.Draw(image)
    for _ in range(6):
        draw.line(
            [(rng.randint(0, width), rng.randint(0, height)) for _ in range(2)],
            fill=(rng.randint(120, 200), rng.randint(120, 200), rng.randint(120, 200)),
            width=2,
        )
    font = ImageFont.load_default(size=38)
    x = 12
    for ch in answer:
        glyph = Image.new("RGBA", (40, 56), (0, 0, 0, 0))
        ImageDraw.Draw(glyph).text((4, 4), ch, font=font, fill=(rng.randint(20, 90), 30, 40))
        glyph = glyph.rotate(rng.randint(-25, 25), expand=False, resample=Image.BICUBIC)
        image.paste(glyph, (x + rng.randint(-3, 3), rng.randint(0, 8)), glyph)
        x += 32
    for _ in range(250):
        draw.point((rng.randint(0, width - 1), rng.randint(0, height - 1)), fill=(90, 90, 90))
    image = image.filter(ImageFilter.SMOOTH)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()
