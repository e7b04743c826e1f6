"""The embedded database's backend (core.sqlite): the write transactions of one process's threads
take turns instead of polling SQLite's busy handler, where some of them lost for the whole busy
timeout and failed with "database is locked" (bench/embedded.py: 500s on 我要建言 under 16
concurrent citizens)."""

import threading
import time

import pytest
from django.db import OperationalError
from django.db.utils import ConnectionHandler

from core.sqlite.base import Turns

THREADS = 8
EACH = 10


@pytest.fixture(autouse=True)
def _own_database(django_db_blocker):
    """These tests open connections to a database file of their own, not the test database."""
    with django_db_blocker.unblock():
        yield


def _database(tmp_path, engine: str, timeout: float) -> ConnectionHandler:
    """A file database as the embedded settings configure it, with its own connections."""
    handler = ConnectionHandler(
        {
            "default": {
                "ENGINE": engine,
                "NAME": str(tmp_path / "db.sqlite3"),
                "OPTIONS": {
                    "transaction_mode": "IMMEDIATE",
                    "timeout": timeout,
                    "init_command": "PRAGMA journal_mode=WAL;",
                },
            }
        }
    )
    connection = handler["default"]
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE item (id INTEGER PRIMARY KEY, writer INTEGER)")
    connection.close()
    return handler


def _writers(handler: ConnectionHandler) -> tuple[int, list[str]]:
    """THREADS threads (as runserver's request threads), each writing EACH short transactions
    the way ``transaction.atomic`` opens them. Returns the rows written and the errors."""
    errors: list[str] = []

    def write(number: int) -> None:
        connection = handler["default"]  # each thread its own, as Django's connections
        for _ in range(EACH):
            try:
                connection.set_autocommit(
                    False, force_begin_transaction_with_broken_autocommit=True
                )
                with connection.cursor() as cursor:
                    cursor.execute("INSERT INTO item (writer) VALUES (%s)", [number])
                time.sleep(0.015)  # the rest of the request's work inside its transaction
                connection.commit()
            except OperationalError as error:
                errors.append(str(error))
                connection.rollback()
            finally:
                connection.set_autocommit(True)
        connection.close()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    connection = handler["default"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM item")
        (rows,) = cursor.fetchone()
    connection.close()
    return rows, errors


def test_writers_of_one_process_take_turns_instead_of_timing_out(tmp_path):
    rows, errors = _writers(_database(tmp_path, "core.sqlite", timeout=0.5))
    assert errors == []
    assert rows == THREADS * EACH


def test_without_turns_writers_time_out(tmp_path):
    """The negative control: Django's own backend, same database, same load — the test above is
    only worth something because this fails."""
    rows, errors = _writers(_database(tmp_path, "django.db.backends.sqlite3", timeout=0.5))
    assert errors, "no writer timed out: the load is too light to show the difference"
    assert all("database is locked" in error for error in errors)
    assert rows == THREADS * EACH - len(errors)


def test_a_turn_is_given_back_when_the_transaction_fails(tmp_path):
    handler = _database(tmp_path, "core.sqlite", timeout=0.5)
    connection = handler["default"]
    connection.set_autocommit(False, force_begin_transaction_with_broken_autocommit=True)
    with pytest.raises(OperationalError), connection.cursor() as cursor:
        cursor.execute("INSERT INTO missing_table VALUES (1)")
    connection.rollback()
    connection.set_autocommit(True)
    rows, errors = _writers(handler)  # another thread would wait forever on a turn not given back
    assert (rows, errors) == (THREADS * EACH, [])


def test_turns_are_served_in_the_order_asked():
    turns = Turns()
    assert turns.acquire(timeout=1)
    served: list[str] = []

    def wait(name: str) -> None:
        assert turns.acquire(timeout=30)
        served.append(name)
        turns.release()

    threads = []
    for name in "abcd":
        threads.append(threading.Thread(target=wait, args=(name,)))
        threads[-1].start()
        while len(turns._waiting) < len(threads):  # queued before the next one comes
            time.sleep(0.001)
    turns.release()
    for thread in threads:
        thread.join(timeout=30)
    assert served == ["a", "b", "c", "d"]


def test_a_wait_for_a_turn_is_bounded_and_leaves_the_queue():
    turns = Turns()
    assert turns.acquire(timeout=1)
    assert turns.acquire(timeout=0.01) is False
    assert len(turns._waiting) == 0
    turns.release()
    assert turns.acquire(timeout=0.01)  # free again, not handed to the one who gave up
