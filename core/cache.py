"""A Redis cache that degrades instead of failing the request.

The cache holds nothing the portal cannot do without: rate-limit counters, CAPTCHA answers,
session copies (sessions are ``cached_db``, so the database has them too). When Redis is down or
slow, a request must still be answered — the public forms above all — so every operation here
catches Redis errors, logs them, and answers as an empty cache would: reads miss, writes are
dropped, counters start again from one (rate limits allow rather than refuse).

After a failure the backend stops talking to Redis for ``RETRY_SECONDS`` (a small circuit
breaker per process), so an outage costs one connection timeout now and then, not one per call.
Short socket timeouts are set in ``settings.CACHES`` (``OPTIONS``).

Each call reuses one ``redis.Redis`` client per connection pool (Django's client builds a new
one per call, ~0.1 ms of Python each time: a quarter of a cached public page, issue 11); the
client is thread-safe, its connections come from the same pool as before."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable
from typing import Any, ParamSpec, TypeVar

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import RedisError

logger = logging.getLogger("ordos.cache")

RETRY_SECONDS = 5.0

_P = ParamSpec("_P")
_T = TypeVar("_T")


class ReusedClientRedisCacheClient(RedisCacheClient):
    """Django's Redis cache client, with one ``redis.Redis`` per connection pool."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, Any] = {}

    def get_client(self, key: Any = None, *, write: bool = False) -> Any:
        django: Any = self  # Django's private attributes (not in the type stubs)
        index = django._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            if index not in django._pools:  # as Django's _get_connection_pool, for this index
                django._pools[index] = django._pool_class.from_url(
                    django._servers[index], **django._pool_options
                )
            client = self._clients[index] = django._client(connection_pool=django._pools[index])
        return client


class FailSoftRedisCache(RedisCache):
    def __init__(self, server: str | list[str], params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = ReusedClientRedisCacheClient
        self._down_until = 0.0
        self._lock = threading.Lock()

    # --- the breaker ---------------------------------------------------------------------------
    def _available(self) -> bool:
        return time.monotonic() >= self._down_until

    def _failed(self, operation: str, error: Exception) -> None:
        with self._lock:
            first = self._available()
            self._down_until = time.monotonic() + RETRY_SECONDS
        if first:
            logger.warning(
                "cache unavailable (%s: %s); serving without it for %.0f s",
                operation,
                error,
                RETRY_SECONDS,
            )

    def _call(
        self,
        operation: str,
        fallback: _T,
        method: Callable[_P, _T],
        /,
        *args: _P.args,
        **kwargs: _P.kwargs,
    ) -> _T:
        if not self._available():
            return fallback
        try:
            return method(*args, **kwargs)
        except (RedisError, OSError) as error:
            self._failed(operation, error)
            return fallback

    # --- the cache API -------------------------------------------------------------------------
    def add(
        self,
        key: Any,
        value: Any,
        timeout: float | None = DEFAULT_TIMEOUT,
        version: int | None = None,
    ) -> bool:
        return self._call("add", True, super().add, key, value, timeout, version)

    def get(self, key: Any, default: Any | None = None, version: int | None = None) -> Any:
        return self._call("get", default, super().get, key, default, version)

    def set(
        self,
        key: Any,
        value: Any,
        timeout: float | None = DEFAULT_TIMEOUT,
        version: int | None = None,
    ) -> None:
        self._call("set", None, super().set, key, value, timeout, version)

    def touch(
        self, key: Any, timeout: float | None = DEFAULT_TIMEOUT, version: int | None = None
    ) -> bool:
        return self._call("touch", False, super().touch, key, timeout, version)

    def delete(self, key: Any, version: int | None = None) -> bool:
        return self._call("delete", False, super().delete, key, version)

    def get_many(self, keys: Iterable[Any], version: int | None = None) -> dict[Any, Any]:
        return self._call("get_many", {}, super().get_many, keys, version)

    def has_key(self, key: Any, version: int | None = None) -> bool:
        return self._call("has_key", False, super().has_key, key, version)

    def incr(self, key: Any, delta: int = 1, version: int | None = None) -> int:
        # As if the counter had just been created: a rate limit allows rather than refuses.
        return self._call("incr", delta, super().incr, key, delta, version)

    def set_many(
        self,
        data: dict[Any, Any],
        timeout: float | None = DEFAULT_TIMEOUT,
        version: int | None = None,
    ) -> list[Any]:
        return self._call("set_many", list(data), super().set_many, data, timeout, version)

    def delete_many(self, keys: Iterable[Any], version: int | None = None) -> None:
        self._call("delete_many", None, super().delete_many, keys, version)

    def clear(self) -> None:
        self._call("clear", None, super().clear)

    # --- beyond Django's API -------------------------------------------------------------------
    def hit(self, key: Any, window: int, version: int | None = None) -> int:
        """One more event on a counter that lives ``window`` seconds from its first event: the
        new total, in one round trip (SET NX with the expiry, then INCR, pipelined), where
        ``add`` then ``incr`` take up to three (Django's ``incr`` asks EXISTS first). 1 when
        Redis is unavailable (a limit allows rather than refuses)."""
        made = self.make_and_validate_key(key, version=version)

        def run() -> int:
            django: Any = self  # RedisCache._cache (not in the type stubs)
            pipe = django._cache.get_client(made, write=True).pipeline(transaction=False)
            pipe.set(made, 0, ex=max(1, int(window)), nx=True)
            pipe.incr(made)
            return int(pipe.execute()[1])

        return self._call("hit", 1, run)
