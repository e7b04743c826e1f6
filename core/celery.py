"""The base class of every Celery task of the portal.

On the embedded SQLite database the web server and the worker share one file: a worker write
that meets a held write lock past the busy timeout fails with "database is locked". On PostgreSQL
the like is a deadlock or a serialisation failure. All are transient, and every task is
idempotent (safe to run twice), so the task is run again in place after a short pause, a few
times, before the error is let through (and the task's own retry policy, if any, takes over)."""

from __future__ import annotations

import logging
import time
from typing import Any

from celery import Task
from django.db import OperationalError, connection

logger = logging.getLogger("ordos.tasks")

TRANSIENT_MESSAGES = (
    "database is locked",
    "database table is locked",
    "deadlock detected",
    "could not serialize access",
)


def is_transient(error: BaseException) -> bool:
    text = str(error).lower()
    return any(message in text for message in TRANSIENT_MESSAGES)


class RetryOnLockedTask(Task[..., Any]):
    lock_retry_delays: tuple[float, ...] = (0.2, 0.5, 1.0, 2.0, 4.0)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        for delay in (*self.lock_retry_delays, None):
            try:
                return super().__call__(*args, **kwargs)
            except OperationalError as error:
                # Inside a caller's transaction (an eager task) the whole transaction is lost:
                # only the caller can start again.
                if delay is None or not is_transient(error) or connection.in_atomic_block:
                    raise
                logger.warning("%s: %s; running it again in %.1f s", self.name, error, delay)
                time.sleep(delay)
