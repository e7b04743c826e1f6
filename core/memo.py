"""Values computed once per process until their data changes: the reference lists the public
forms offer (committees, places, categories, workstations) and the public pages themselves.

That data changes a few times a year, and the pages read it on every request (issue 11). A
*group* of such data has a generation: a random token kept in the shared cache (Redis in
production, so every worker and host sees the same one), replaced whenever a row of the group is
saved or deleted (``changed``; ``forget_on_change`` connects it to the models' signals, and
commands that write rows in bulk call it themselves). A value computed from the group is kept in
this process's memory under the current token (``memo``): using it costs one small cache read.
A new token, ``MEMO_SECONDS`` passing (a bound for a write that sent no signal), or a cache that
is unavailable (the fail-soft cache, core.cache, answers as if empty) means it is computed again
— nothing here is needed for correctness, a miss costs what the page did before.

The token is replaced when the row is saved and again when its transaction commits: a request
that read the old rows in between stored its value under a token that is no longer current.

A process trusts the token it read for ``TOKEN_SECONDS`` (one cache read per group and second,
not one per request: that read was 40 % of a public page served from its shell, issue 11). Its
own changes show at once (``changed`` sets the new token here too); another process's after
``TOKEN_SECONDS`` at most.
"""

from __future__ import annotations

import logging
import secrets
import threading
import time
from collections.abc import Callable, Hashable
from typing import Any, TypeVar, cast

from django.core.cache import cache
from django.db import models, transaction
from django.db.models.signals import post_delete, post_save
from redis.exceptions import RedisError

logger = logging.getLogger("ordos.cache")
# What a cache other than core.cache.FailSoftRedisCache raises when it is down.
CACHE_ERRORS = (RedisError, OSError)

MEMO_SECONDS = 300.0
# How long a process trusts the generation token it read from the cache.
TOKEN_SECONDS = 1.0
# The group of the data the public pages show: committees, places, 界别, categories,
# workstations and their members (each app connects its models in its AppConfig.ready).
PUBLIC = "public"

_T = TypeVar("_T")
_lock = threading.Lock()
# group -> (token, {key: (expires, value)}); only the current token's values are kept.
_values: dict[str, tuple[str, dict[Hashable, tuple[float, Any]]]] = {}
# group -> (trusted until, token): the tokens this process read or set.
_tokens: dict[str, tuple[float, str]] = {}


def _cache_key(group: str) -> str:
    return f"memo-generation:{group}"


def token(group: str) -> str | None:
    """The group's current generation (a new one if the cache has none), as read at most
    ``TOKEN_SECONDS`` ago; None if the cache raised (one other than core.cache's may)."""
    now = time.monotonic()
    seen = _tokens.get(group)
    if seen is not None and seen[0] > now:
        return seen[1]
    try:
        current = cache.get(_cache_key(group))
        if current is None:
            current = secrets.token_hex(8)
            if not cache.add(_cache_key(group), current, timeout=None):
                current = cache.get(_cache_key(group)) or current
    except CACHE_ERRORS:
        logger.warning("memo generation of %s unavailable (cache error)", group, exc_info=True)
        return None
    _tokens[group] = (now + TOKEN_SECONDS, str(current))
    return str(current)


def _bucket(group: str, current: str) -> dict[Hashable, tuple[float, Any]]:
    """This process's values of the group's current generation (older ones dropped)."""
    with _lock:
        stored, values = _values.get(group, ("", {}))
        if stored != current:
            values = {}
            _values[group] = (current, values)
        return values


def memo_peek(group: str, key: Hashable) -> Any | None:
    """The value kept for ``key`` in the group's current generation, or None."""
    current = token(group)
    if current is None:
        return None
    found = _bucket(group, current).get(key)
    return found[1] if found is not None and found[0] > time.monotonic() else None


def memo_store(group: str, key: Hashable, value: Any, *, seconds: float = MEMO_SECONDS) -> None:
    """Keep ``value`` for ``key`` in the group's current generation, for ``seconds``."""
    current = token(group)
    if current is not None:
        _bucket(group, current)[key] = (time.monotonic() + seconds, value)


def memo(
    group: str, key: Hashable, build: Callable[[], _T], *, seconds: float = MEMO_SECONDS
) -> _T:
    """``build()``, computed once per process while the group's data stays the same."""
    current = token(group)
    if current is None:
        return build()
    values = _bucket(group, current)
    found = values.get(key)
    if found is not None and found[0] > time.monotonic():
        return cast(_T, found[1])
    value = build()
    values[key] = (time.monotonic() + seconds, value)
    return value


def _renew(group: str) -> None:
    current = secrets.token_hex(8)
    with _lock:
        _values.pop(group, None)
        _tokens[group] = (time.monotonic() + TOKEN_SECONDS, current)
    try:
        cache.set(_cache_key(group), current, timeout=None)
    except CACHE_ERRORS:
        # Other processes keep their values until MEMO_SECONDS pass.
        logger.warning("memo generation of %s not renewed (cache error)", group, exc_info=True)


def forget_local() -> None:
    """Drop this process's values and tokens (tests: the cache was cleared under them)."""
    with _lock:
        _values.clear()
        _tokens.clear()


def changed(group: str) -> None:
    """The group's data changed: its values are computed again, now and after the commit."""
    _renew(group)
    transaction.on_commit(lambda: _renew(group))


def forget_on_change(group: str, *senders: type[models.Model]) -> None:
    """Call ``changed(group)`` whenever a row of these models is saved or deleted."""

    def receiver(sender: type[models.Model], **kwargs: Any) -> None:
        changed(group)

    for sender in senders:
        for signal in (post_save, post_delete):
            signal.connect(
                receiver, sender=sender, weak=False, dispatch_uid=(group, sender, signal)
            )
