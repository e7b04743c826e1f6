"""The heartbeat task (run inline here; the integration tests run it on a real worker)."""

import datetime

import pytest
from django.urls import reverse

from dashboards.models import Heartbeat
from dashboards.tasks import HEARTBEAT_NAME, heartbeat_task


def test_celery_runs_eagerly_in_tests():
    from ordos_liaison import celery_app

    assert celery_app.conf.task_always_eager is True


@pytest.mark.django_db
def test_heartbeat_is_recorded_and_shown_by_healthz(client, frozen_now):
    assert client.get(reverse("healthz")).json()["celery_heartbeat"] is None
    heartbeat_task.delay()
    heartbeat_task.delay()  # idempotent: still one row
    beat = Heartbeat.objects.get(name=HEARTBEAT_NAME)
    assert beat.seen_at == frozen_now
    assert Heartbeat.objects.count() == 1
    shown = client.get(reverse("healthz")).json()["celery_heartbeat"]
    assert datetime.datetime.fromisoformat(shown) == frozen_now
