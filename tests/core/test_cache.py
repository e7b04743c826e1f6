"""core.cache.FailSoftRedisCache: a Redis outage degrades the cache to "empty", never an error;
after it the cache is used again."""

import pytest
from django.core.cache.backends.redis import RedisCache

from core import cache as cache_module
from core.cache import FailSoftRedisCache

OPTIONS = {"socket_connect_timeout": 0.3, "socket_timeout": 0.3}


def make(url, backend=FailSoftRedisCache):
    return backend(url, {"OPTIONS": OPTIONS, "KEY_PREFIX": "t"})


def test_works_like_the_redis_cache_while_redis_is_up(redis_process):
    cache = make(redis_process.url)
    assert cache.add("a", 1, 30) is True
    assert cache.add("a", 2, 30) is False
    assert cache.incr("a") == 2
    cache.set("b", "x", 30)
    assert cache.get_many(["a", "b"]) == {"a": 2, "b": "x"}
    assert cache.get_or_set("c", "y", 30) == "y"


def test_an_outage_degrades_every_operation_then_recovers(redis_process, monkeypatch):
    monkeypatch.setattr(cache_module, "RETRY_SECONDS", 0.0)
    cache = make(redis_process.url)
    cache.set("kept", "value", 60)
    redis_process.stop()

    assert cache.get("kept") is None
    assert cache.get("kept", "default") == "default"
    assert cache.set("k", "v", 30) is None
    assert cache.add("k", 1, 30) is True  # "first hit": a limit allows
    assert cache.incr("k") == 1
    assert cache.get_many(["k"]) == {}
    assert cache.has_key("k") is False
    assert cache.delete("k") is False
    assert cache.get_or_set("k", "computed", 30) == "computed"

    redis_process.start()  # same port, empty
    cache.set("back", "yes", 30)
    assert cache.get("back") == "yes"


def test_the_plain_redis_cache_would_fail(redis_process):
    """Negative control: without the wrapper an outage is an exception in the request."""
    cache = make(redis_process.url, backend=RedisCache)
    redis_process.stop()
    with pytest.raises(Exception):  # noqa: B017 (redis' ConnectionError)
        cache.get("x")


def test_after_a_failure_redis_is_left_alone_for_a_while(redis_process, monkeypatch):
    monkeypatch.setattr(cache_module, "RETRY_SECONDS", 60.0)
    cache = make(redis_process.url)
    redis_process.stop()
    assert cache.get("x") is None  # the failure opens the breaker
    calls = []
    monkeypatch.setattr(RedisCache, "get", lambda *a, **k: calls.append(a) or "hit")
    redis_process.start()
    assert cache.get("x") is None and calls == []  # not even tried


def test_one_redis_client_per_pool_is_reused(redis_process):
    """Django's client builds a redis.Redis per call; ours keeps one per connection pool."""
    cache = make(redis_process.url)
    cache.set("a", 1, 30)
    client = cache._cache.get_client(write=True)
    assert cache.get("a") == 1
    assert cache._cache.get_client() is client
    assert make(redis_process.url, backend=RedisCache)._cache.get_client() is not (
        make(redis_process.url, backend=RedisCache)._cache.get_client()
    )


def test_a_counter_hit_is_one_round_trip_and_expires(redis_process):
    cache = make(redis_process.url)
    assert [cache.hit("n", 60) for _ in range(3)] == [1, 2, 3]
    assert cache.get("n") == 3  # what Django's cache reads back
    client = cache._cache.get_client()
    assert 0 < client.ttl(cache.make_and_validate_key("n")) <= 60  # from the first hit
    cache.set("m", 5, 30)
    assert cache.hit("m", 60) == 6  # an existing counter keeps its expiry
    assert client.ttl(cache.make_and_validate_key("m")) <= 30


def test_a_counter_hit_while_redis_is_down_allows(redis_process, monkeypatch):
    monkeypatch.setattr(cache_module, "RETRY_SECONDS", 0.0)
    cache = make(redis_process.url)
    redis_process.stop()
    assert cache.hit("n", 60) == 1
