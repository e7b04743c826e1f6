"""Django's SQLite backend, with the write transactions of one process taking turns.

The embedded mode runs the web server (``runserver``: a thread per request) and the Celery worker
on one SQLite file. ``transaction_mode = "IMMEDIATE"`` makes every ``atomic`` block take the
write lock when it begins, so two writers never deadlock on a lock upgrade; but a writer that
finds the lock held waits in SQLite's busy handler, which polls with growing sleeps (up to 100 ms)
and serves nobody in order. With a dozen request threads writing at once on a busy machine, the
lock is free for a moment between two transactions and another poller takes it: one unlucky
request kept losing for the whole busy timeout (20 s) and answered 500 "database is locked"
(bench/embedded.py: 3 of 444 submissions; a saved submission's receipt, shown only once, was at
stake on the same path).

Here the threads of one process queue for their turn (first come, first served, woken when it is
their turn: no polling) before ``BEGIN IMMEDIATE``, and keep it until the transaction ends; so
only one of them at a time meets the other processes (the worker's, beat's) in SQLite's busy
handler. Waiting for the turn is bounded by the same busy timeout. In-memory databases (the test
suite's) are left as they were.
"""

from __future__ import annotations

import threading
from collections import deque
from typing import Any

from django.db import OperationalError
from django.db.backends.sqlite3 import base


class Turns:
    """A lock whose waiters are served in the order they came (``threading.Lock`` lets a thread
    that arrives as the lock is released go before one that has waited for seconds)."""

    def __init__(self) -> None:
        self._guard = threading.Lock()
        self._waiting: deque[threading.Lock] = deque()
        self._held = False

    def acquire(self, timeout: float) -> bool:
        with self._guard:
            if not self._held:
                self._held = True
                return True
            mine = threading.Lock()
            mine.acquire()
            self._waiting.append(mine)
        if mine.acquire(timeout=timeout):
            return True  # handed over by release()
        with self._guard:
            try:
                self._waiting.remove(mine)
            except ValueError:
                return True  # handed over just as the wait ran out: it is ours
        return False

    def release(self) -> None:
        with self._guard:
            if self._waiting:
                self._waiting.popleft().release()  # the next in line holds it now
            else:
                self._held = False


_TURNS: dict[str, Turns] = {}
_TURNS_GUARD = threading.Lock()


def writers_turns(name: str) -> Turns:
    """The turns the write transactions on database file ``name`` take, in this process."""
    with _TURNS_GUARD:
        return _TURNS.setdefault(str(name), Turns())


class DatabaseWrapper(base.DatabaseWrapper):
    _holds_turn = False

    def _turns(self) -> Turns | None:
        if self.is_in_memory_db():
            return None
        return writers_turns(self.settings_dict["NAME"])

    def _start_transaction_under_autocommit(self) -> None:
        turns = self._turns()
        if turns is not None and not self._holds_turn:
            timeout = float(self.settings_dict.get("OPTIONS", {}).get("timeout", 5))
            if not turns.acquire(timeout=timeout):
                raise OperationalError(
                    f"database is locked (waited {timeout:g} s for this process's other writers)"
                )
            self._holds_turn = True
        try:
            super()._start_transaction_under_autocommit()  # type: ignore[misc]  # private, so not in django-stubs
        except BaseException:
            self._end_turn()
            raise

    def _end_turn(self) -> None:
        if self._holds_turn:
            self._holds_turn = False
            turns = self._turns()
            if turns is not None:
                turns.release()

    def _commit(self) -> Any:
        try:
            return super()._commit()  # type: ignore[misc]  # private, so not in django-stubs
        finally:
            self._end_turn()

    def _rollback(self) -> Any:
        try:
            return super()._rollback()  # type: ignore[misc]  # private, so not in django-stubs
        finally:
            self._end_turn()

    def _close(self) -> Any:
        try:
            return super()._close()  # type: ignore[misc]  # private, so not in django-stubs
        finally:
            self._end_turn()
