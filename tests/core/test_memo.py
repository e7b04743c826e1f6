"""core.memo: a process trusts the generation token it read for TOKEN_SECONDS, so a public page
served from its shell costs no cache round trip; its own changes show at once, another
process's within TOKEN_SECONDS."""

import pytest
from django.core.cache import cache

from core import memo


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


@pytest.fixture
def clock(monkeypatch):
    fake = Clock()
    monkeypatch.setattr(memo.time, "monotonic", fake)
    monkeypatch.setattr(memo, "TOKEN_SECONDS", 1.0)  # production's (the test session sets 0)
    memo.forget_local()
    yield fake
    memo.forget_local()


@pytest.fixture
def reads(monkeypatch):
    counted = []
    real = cache.get

    def get(key, *args, **kwargs):
        counted.append(key)
        return real(key, *args, **kwargs)

    monkeypatch.setattr(cache, "get", get)
    return counted


def another_process_changes(group):
    cache.set(memo._cache_key(group), "from-elsewhere", timeout=None)


def test_a_kept_value_costs_no_cache_read_within_token_seconds(clock, reads):
    assert memo.memo("g", "k", lambda: "built") == "built"
    reads.clear()
    for _ in range(5):
        assert memo.memo_peek("g", "k") == "built"
        clock.now += 0.1
    assert reads == []


def test_another_process_change_shows_after_token_seconds(clock):
    memo.memo_store("g", "k", "old")
    another_process_changes("g")
    clock.now += 0.5
    assert memo.memo_peek("g", "k") == "old"  # trusted for a second
    clock.now += 0.6
    assert memo.memo_peek("g", "k") is None  # the new generation: computed again
    assert memo.memo("g", "k", lambda: "new") == "new"


@pytest.mark.django_db
def test_this_process_change_shows_at_once(clock):
    memo.memo_store("g", "k", "old")
    memo.changed("g")
    assert memo.memo_peek("g", "k") is None
    assert memo.token("g") == cache.get(memo._cache_key("g"))


def test_without_trust_every_read_asks_the_cache(clock, reads, monkeypatch):
    """Negative control: with TOKEN_SECONDS 0 (the test session's), each peek reads."""
    monkeypatch.setattr(memo, "TOKEN_SECONDS", 0.0)
    memo.memo_store("g", "k", "v")
    reads.clear()
    memo.memo_peek("g", "k"), memo.memo_peek("g", "k")
    assert len(reads) == 2
