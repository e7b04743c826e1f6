"""A real Celery worker on the real broker (Redis in CI) runs the heartbeat task.

Runs only when REDIS_URL is set (``.ci/run`` does that for the PostgreSQL + Redis pass); it is
excluded from the default run by the ``integration`` marker."""

import datetime
import os
import threading

import pytest
from celery.signals import task_prerun
from django.urls import reverse

from dashboards.models import Heartbeat
from dashboards.tasks import HEARTBEAT_NAME, heartbeat_task
from ordos_liaison import celery_app
from tests.utils import real_celery_worker, task_run

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL (a real broker)"),
]


def test_broker_is_redis():
    assert celery_app.connection_for_write().transport.driver_type == "redis"


def test_worker_runs_heartbeat_task(transactional_db, client):
    assert not Heartbeat.objects.exists()
    ran_in = {}

    def on_prerun(sender=None, **kwargs):
        if sender is not None and sender.name == heartbeat_task.name:
            ran_in["thread"] = threading.current_thread()

    task_prerun.connect(on_prerun, weak=False)
    try:
        with real_celery_worker():
            assert task_run(heartbeat_task) == "SUCCESS"
    finally:
        task_prerun.disconnect(on_prerun)

    assert ran_in["thread"] is not threading.main_thread()  # really run by the worker
    # Written by the worker thread on its own database connection, committed, seen here.
    beat = Heartbeat.objects.get(name=HEARTBEAT_NAME)
    shown = client.get(reverse("healthz")).json()["celery_heartbeat"]
    assert datetime.datetime.fromisoformat(shown) == beat.seen_at
