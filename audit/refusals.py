"""Permission refusals (403) in the audit log without letting one client flood it.

The first refusal of a user (an address when anonymous) for a method and URL in a window of
AUDIT_REFUSAL_WINDOW_SECONDS is written at once; repeats in that window are only counted in the
cache. When the window is over, each counter with repeats becomes one "permission_denied_repeats"
entry (actor, address, URL, how many, from–to), written by the first refusal of a later window or
by the beat job (audit.tasks.audit_refusals_flush_task), whichever comes first. A client
probing many URLs is capped too: past AUDIT_REFUSAL_URLS_PER_WINDOW distinct URLs in a window, its
further refusals are counted under one "*" target. If the cache is unavailable every refusal is
written, as before."""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import logging
import time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache

from core.http import client_ip

from . import chain as audit
from .services import audit_log

logger = logging.getLogger(__name__)

_PREFIX = "audit:refusal"
_SLOTS = f"{_PREFIX}:slots"
_LOCK = f"{_PREFIX}:lock"
_KEEP = 24 * 60 * 60  # counters outlive their window until a flush (a day at most)


def _window() -> int:
    return max(1, settings.AUDIT_REFUSAL_WINDOW_SECONDS)


def _slot(now: float | None = None) -> int:
    return int((time.time() if now is None else now) // _window())


def _digest(*parts) -> str:
    return hashlib.sha256("\x00".join(str(p) for p in parts).encode()).hexdigest()[:32]


@contextlib.contextmanager
def _locked():
    """A short cross-process lock in the shared cache (index updates happen once per window and
    client, so contention is rare)."""
    deadline = time.monotonic() + 2
    while not cache.add(_LOCK, 1, timeout=10):
        if time.monotonic() > deadline:
            break  # proceed unlocked rather than drop the refusal
        time.sleep(0.01)
    try:
        yield
    finally:
        cache.delete(_LOCK)


def _index(slot: int, entry: dict) -> None:
    with _locked():
        key = f"{_PREFIX}:index:{slot}"
        cache.set(key, [*cache.get(key, []), entry], timeout=_KEEP)
        slots = cache.get(_SLOTS, [])
        if slot not in slots:
            cache.set(_SLOTS, [*slots, slot], timeout=_KEEP)


def refusal_record(*, request, actor) -> None:
    """Record a 403 for ``request`` (called by the 403 handler)."""
    actor = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
    path = request.path[:120]
    method = request.method
    try:
        slot = _slot()
        who = f"user:{actor.pk}" if actor is not None else f"ip:{client_ip(request)}"
        urls_key = f"{_PREFIX}:{slot}:{_digest(who)}:urls"
        key = f"{_PREFIX}:{slot}:{_digest(who, method, path)}"
        if cache.get(key) is None:
            # a URL this client was not refused in this window: too many of them are counted
            # under "*" together
            cache.add(urls_key, 0, timeout=_KEEP)
            if cache.incr(urls_key) > settings.AUDIT_REFUSAL_URLS_PER_WINDOW:
                path = "*"
                key = f"{_PREFIX}:{slot}:{_digest(who, method, path)}"
        first = cache.add(key, 0, timeout=_KEEP)
        if not first:
            cache.incr(key)
            return
        _index(
            slot,
            {
                "key": key,
                "actor": actor.pk if actor is not None else None,
                "ip": client_ip(request),
                "path": path,
                "method": method,
            },
        )
    except Exception:  # the cache is down: write every refusal, as before
        logger.warning("refusal counter unavailable; writing the refusal", exc_info=True)
        slot = None
    audit_log(
        actor=actor,
        action="permission_denied",
        target=path,
        detail={"method": method},
        request=request,
    )
    if slot is not None:
        with contextlib.suppress(Exception):
            if cache.add(f"{_PREFIX}:flushed:{slot}", 1, timeout=_KEEP):
                refusals_flush()


def refusals_flush(*, now: float | None = None) -> int:
    """Write one entry per counter of a finished window that saw repeats. Returns how many
    entries were written. Safe to run concurrently and repeatedly."""
    current = _slot(now)
    written = 0
    with _locked():
        slots = cache.get(_SLOTS, [])
        done = [slot for slot in slots if slot < current]
        if not done:
            return 0
        batches = {slot: cache.get(f"{_PREFIX}:index:{slot}", []) for slot in done}
        cache.set(_SLOTS, [slot for slot in slots if slot >= current], timeout=_KEEP)
        cache.delete_many([f"{_PREFIX}:index:{slot}" for slot in done])
    for slot, entries in sorted(batches.items()):
        start = datetime.datetime.fromtimestamp(slot * _window(), tz=datetime.UTC)
        end = start + datetime.timedelta(seconds=_window())
        counts = cache.get_many([entry["key"] for entry in entries])
        cache.delete_many([entry["key"] for entry in entries])
        actors = get_user_model().objects.in_bulk(
            [e["actor"] for e in entries if e["actor"] is not None]
        )
        for entry in entries:
            repeats = counts.get(entry["key"]) or 0
            if not repeats:
                continue
            actor = actors.get(entry["actor"])
            audit.append(
                actor=actor,
                action="permission_denied_repeats",
                target=entry["path"],
                detail={
                    "method": entry["method"],
                    "repeats": repeats,
                    "from": start.isoformat(),
                    "to": end.isoformat(),
                },
                ip=None if entry["ip"] == "unknown" else entry["ip"],
            )
            written += 1
    return written
