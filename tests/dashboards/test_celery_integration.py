"""A real Celery worker on the real broker (Redis in CI) runs the heartbeat task.

Runs only when REDIS_URL is set (``.ci/run`` does that for the PostgreSQL + Redis pass); it is
excluded from the default run by the ``integration`` marker."""

import datetime
import os
import threading

import pytest
from celery.contrib.testing.worker import start_worker
from celery.signals import task_postrun
from django.urls import reverse

from dashboards.models import Heartbeat
from dashboards.tasks import HEARTBEAT_NAME, heartbeat_task
from ordos_liaison import celery_app

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL (a real broker)"),
]


@pytest.fixture
def real_worker(transactional_db):
    """A worker thread consuming from the configured broker, with eager mode off."""
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = False
    try:
        with start_worker(celery_app, perform_ping_check=False, loglevel="WARNING") as worker:
            yield worker
    finally:
        celery_app.conf.task_always_eager = previous


def test_broker_is_redis():
    assert celery_app.connection_for_write().transport.driver_type == "redis"


def test_worker_runs_heartbeat_task(real_worker, client):
    assert not Heartbeat.objects.exists()
    finished = threading.Event()
    outcome = {}

    def on_postrun(sender=None, task_id=None, state=None, **kwargs):
        if sender is not None and sender.name == heartbeat_task.name:
            outcome["state"] = state
            outcome["thread"] = threading.current_thread()
            finished.set()

    task_postrun.connect(on_postrun, weak=False)
    try:
        result = heartbeat_task.delay()
        assert finished.wait(timeout=30), "the worker did not run the task within 30 s"
    finally:
        task_postrun.disconnect(on_postrun)

    assert outcome["state"] == "SUCCESS"
    assert outcome["thread"] is not threading.main_thread()  # really run by the worker
    assert result.id
    # Written by the worker thread on its own database connection, committed, seen here.
    beat = Heartbeat.objects.get(name=HEARTBEAT_NAME)
    shown = client.get(reverse("healthz")).json()["celery_heartbeat"]
    assert datetime.datetime.fromisoformat(shown) == beat.seen_at
