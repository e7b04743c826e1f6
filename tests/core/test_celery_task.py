"""Every task retries in place when the database is locked (core.celery.RetryOnLockedTask):
on the embedded SQLite file the web server and the worker take turns at the write lock."""

import pytest
from django.db import OperationalError

from core.celery import RetryOnLockedTask
from ordos_liaison import celery_app

calls = []


@celery_app.task(name="tests.flaky_write_task", lock_retry_delays=(0.0, 0.0, 0.0))
def flaky_write_task(failures: int, message: str = "database is locked"):
    calls.append(1)
    if len(calls) <= failures:
        raise OperationalError(message)
    return len(calls)


@pytest.fixture(autouse=True)
def _calls():
    calls.clear()


def test_every_task_of_the_portal_has_the_base_class():
    from dashboards.tasks import heartbeat_task

    assert isinstance(heartbeat_task._get_current_object(), RetryOnLockedTask)


def test_a_locked_database_is_retried_until_it_is_free():
    assert flaky_write_task.apply(args=[2]).get() == 3


def test_it_gives_up_after_the_last_pause():
    with pytest.raises(OperationalError):
        flaky_write_task.apply(args=[10]).get()
    assert len(calls) == 4  # the first run and three more


def test_other_database_errors_are_not_retried():
    with pytest.raises(OperationalError):
        flaky_write_task.apply(args=[1], kwargs={"message": "no such table: x"}).get()
    assert len(calls) == 1


@pytest.mark.django_db
def test_not_retried_inside_a_callers_transaction():
    """An eager task inside a request's transaction: that transaction is lost, only the caller
    can start again."""
    with pytest.raises(OperationalError):
        flaky_write_task.apply(args=[1]).get()
    assert len(calls) == 1
