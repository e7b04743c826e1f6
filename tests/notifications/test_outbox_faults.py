"""Fault tests of the outbox with a real Celery worker (a `celery -A ordos_liaison worker`
subprocess), a real SMTP server (a small sink on a loopback port) and a real Redis broker of the
test's own (a `redis-server` subprocess on a free port, so stopping it disturbs nobody): the mail
server down then up, the broker stopped then started, the worker killed with SIGKILL in the
middle of sending. Every e-mail arrives exactly once.

Runs only with REDIS_URL set and on PostgreSQL (the worker process shares the test database);
excluded from the default run by the ``integration`` marker."""

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection, transaction

from notifications import services
from notifications.models import OutboxMessage
from notifications.tasks import outbox_sweep_task
from ordos_liaison import celery_app
from tests.notifications.smtp_sink import SmtpSink
from tests.utils import reset_celery_producer_pools

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL (a real broker)"),
    pytest.mark.skipif(not shutil.which("redis-server"), reason="needs redis-server"),
]

ROOT = Path(__file__).resolve().parents[2]
LEASE_SECONDS = 3  # short, so a killed worker's row is swept again within the test


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until(condition, timeout: float, *, sweep: bool = False) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        if sweep:
            outbox_sweep_task()  # what beat runs every minute, run here every few tenths
        time.sleep(0.25)
    return condition()


class RedisServer:
    def __init__(self):
        self.port = free_port()
        self.process = None

    def start(self):
        if self.process is not None:
            return
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", ""]
            + ["--appendonly", "no"],
            stdout=subprocess.DEVNULL,
        )
        assert wait_until(self._answers, 10), "redis-server did not start"

    def _answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def stop(self):
        if self.process is not None:
            self.process.terminate()
            self.process.wait(10)
            self.process = None


class Worker:
    def __init__(self, env: dict, log_dir: Path):
        self.env, self.log_dir = env, log_dir
        self.process = None
        self.started = 0

    def start(self):
        if self.process is not None:
            return
        self.started += 1
        self.log = self.log_dir / f"worker-{self.started}.log"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "ordos_liaison", "worker", "--pool=solo"]
            + ["--without-heartbeat", "--without-gossip", "--without-mingle", "-l", "INFO"]
            + ["-n", f"outbox-faults-{self.started}@%h", "-f", str(self.log)],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        ready = wait_until(lambda: self.log.exists() and " ready." in self.log.read_text(), 40)
        assert ready, f"the worker did not start: {self.log.read_text()[-2000:]}"

    def kill(self):
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(10)
        self.process = None

    def stop(self):
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.kill()
            self.process = None


@pytest.fixture(scope="module")
def rig(django_db_setup, django_db_blocker, tmp_path_factory):
    if connection.vendor != "postgresql":
        pytest.skip("the worker process must share the test database: PostgreSQL only")
    sink, redis = SmtpSink(), RedisServer()
    redis.start()
    db = connection.settings_dict
    env = {
        **{k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "PYTEST_XDIST_WORKER")},
        "DATABASE_URL": (
            f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:"
            f"{db['PORT'] or 5432}/{db['NAME']}"
        ),
        "CELERY_BROKER_URL": f"redis://127.0.0.1:{redis.port}/0",
        "EMAIL_URL": f"smtp://127.0.0.1:{sink.port}",
        "EMAIL_TIMEOUT": "5",
        "OUTBOX_RETRY_SECONDS": "1",
        "OUTBOX_LEASE_SECONDS": str(LEASE_SECONDS),
        "CELERY_VISIBILITY_TIMEOUT": "60",
    }
    saved = {
        name: getattr(celery_app.conf, name)
        for name in ("broker_url", "task_always_eager", "broker_transport_options")
    }
    celery_app.conf.broker_url = env["CELERY_BROKER_URL"]
    celery_app.conf.broker_transport_options = {"visibility_timeout": 60, "max_retries": 0}
    celery_app.conf.task_always_eager = False
    reset_celery_producer_pools()
    worker = Worker(env, tmp_path_factory.mktemp("outbox-faults"))
    try:
        yield sink, redis, worker
    finally:
        worker.stop()
        redis.stop()
        sink.stop()
        for name, value in saved.items():
            setattr(celery_app.conf, name, value)
        reset_celery_producer_pools()


@pytest.fixture
def up(rig, transactional_db, settings):
    """Everything running (each scenario then breaks what it tests)."""
    settings.OUTBOX_RETRY_SECONDS = 1
    settings.OUTBOX_LEASE_SECONDS = LEASE_SECONDS
    sink, redis, worker = rig
    redis.start()
    if not sink.running:
        sink.start()
    worker.start()
    return rig


def write_emails(prefix: str, count: int) -> set[str]:
    """One committed change that causes ``count`` e-mails."""
    with transaction.atomic():
        for number in range(count):
            services.email_add(
                to=f"citizen{number}@example.com",
                subject=f"{prefix}-{number}",
                body="您的建言已收到。",
                cause=f"faults:{prefix}:{number}",
            )
    return {f"{prefix}-{number}" for number in range(count)}


def assert_each_arrives_exactly_once(sink: SmtpSink, prefix: str, subjects: set[str]):
    rows = OutboxMessage.objects.filter(cause__startswith=f"faults:{prefix}:")

    def all_sent():
        return not rows.exclude(status=OutboxMessage.Status.SENT).exists()

    assert wait_until(all_sent, 30, sweep=True), list(rows.values("subject", "status", "attempts"))
    # Every row is marked sent, so no delivery can start any more: the count is final.
    counts = sink.counts()
    assert {subject: counts[subject] for subject in subjects} == dict.fromkeys(subjects, 1)


def test_smtp_down_then_up(up):
    sink, _redis, _worker = up
    sink.stop()
    subjects = write_emails("smtp", 5)
    rows = OutboxMessage.objects.filter(cause__startswith="faults:smtp:")
    assert wait_until(lambda: not rows.filter(attempts=0).exists(), 20)
    assert all(row.status == OutboxMessage.Status.PENDING for row in rows.all())
    assert all("Connection refused" in row.last_error for row in rows.all())
    assert not sink.counts()

    sink.start()
    assert_each_arrives_exactly_once(sink, "smtp", subjects)


def test_broker_stopped_then_started(up):
    sink, redis, _worker = up
    redis.stop()
    started = time.monotonic()
    subjects = write_emails("redis", 5)  # the enqueue fails after commit: logged, not raised
    assert time.monotonic() - started < 3  # no waiting on the dead broker
    assert OutboxMessage.objects.filter(cause__startswith="faults:redis:").count() == 5

    redis.start()
    assert_each_arrives_exactly_once(sink, "redis", subjects)


def test_worker_killed_while_sending(up):
    sink, _redis, worker = up
    sink.hold_at = len(sink.subjects) + 2  # the third message of this scenario
    subjects = write_emails("kill", 6)
    assert sink.holding.wait(20), "the worker never reached the third message"
    worker.kill()  # SIGKILL in the middle of the SMTP conversation
    sink.release.set()

    worker.start()
    assert_each_arrives_exactly_once(sink, "kill", subjects)
    retried = OutboxMessage.objects.filter(cause__startswith="faults:kill:", attempts=2)
    assert retried.count() == 1  # the message the killed worker was sending
