"""/healthz answers JSON, and quickly, whatever fails: the load balancer reads a status code, not
an error page, and a database that does not answer must not hold the worker."""

import json
import socket
import subprocess
import threading
import time
from unittest import mock

from django.db import OperationalError
from django.urls import reverse

from tests.test_settings import _run_manage


def test_everything_up_is_200(client, db):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


def test_database_down_is_503_json(client, db):
    with mock.patch("dashboards.views.connection.cursor", side_effect=OperationalError("down")):
        response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "database": "error",
        "cache": "ok",
        "celery_heartbeat": None,
        "status": "error",
    }


def test_cache_down_is_503_json(client, db):
    with mock.patch("dashboards.views.cache.set", side_effect=ConnectionError("down")):
        response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json()["cache"] == "error"
    assert response.json()["database"] == "ok"


def test_a_database_that_never_answers_is_reported_within_seconds(tmp_path):
    """A TCP listener that accepts and then says nothing: before the connect timeout the request
    hung until the worker was killed."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    port = listener.getsockname()[1]
    held = []
    stop = threading.Event()

    def accept_and_stay_silent():
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(listener.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept_and_stay_silent, daemon=True)
    thread.start()
    script = (
        "import json; from django.test import Client; "
        "r = Client().get('/healthz'); "
        "print(json.dumps({'status': r.status_code, 'body': r.json()}))"
    )
    started = time.monotonic()
    try:
        result = _run_manage(
            tmp_path,
            "shell",
            "-c",
            script,
            DATABASE_URL=f"postgres://nobody@127.0.0.1:{port}/nothing",
            DB_CONNECT_TIMEOUT="2",
        )
    except subprocess.TimeoutExpired:  # pragma: no cover — the failure this test is about
        raise AssertionError("/healthz hung on a silent database") from None
    finally:
        stop.set()
        thread.join()
        for conn in held:
            conn.close()
        listener.close()
    elapsed = time.monotonic() - started
    assert result.returncode == 0, result.stderr[-2000:]
    answer = json.loads(result.stdout.strip().splitlines()[-1])
    assert answer["status"] == 503
    assert answer["body"]["database"] == "error"
    assert elapsed < 20, elapsed
