"""Small helpers shared by tests."""

import contextlib
import io
import threading
import time
import uuid
import zipfile
from html.parser import HTMLParser

from django.db import connection
from django.test.utils import CaptureQueriesContext
from docx import Document


def queries_for(client, url, data=None, *, expected_status=200):
    """Number of SQL queries one GET takes (after a warm-up request)."""
    client.get(url, data)  # warm-up: session, content types, per-process caches
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, data)
        if response.streaming:  # a streamed export reads its rows while it is sent
            response.getvalue()
    assert response.status_code == expected_status, (url, response.status_code)
    return len(ctx.captured_queries), [q["sql"] for q in ctx.captured_queries]


class _FormControls(HTMLParser):
    """Collects form controls and the ``for`` targets of labels."""

    SKIPPED_INPUT_TYPES = {"hidden", "submit", "button", "reset", "image"}

    def __init__(self):
        super().__init__()
        self.controls = []  # (tag, attrs)
        self.label_targets = set()
        self._label_depth = 0
        self.wrapped = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "label":
            if attrs.get("for"):
                self.label_targets.add(attrs["for"])
            self._label_depth += 1
        elif tag in ("input", "select", "textarea"):
            if tag == "input" and attrs.get("type", "text") in self.SKIPPED_INPUT_TYPES:
                return
            self.controls.append((tag, attrs))

    def handle_endtag(self, tag):
        if tag == "label" and self._label_depth:
            self._label_depth -= 1


def unlabelled_controls(html: str) -> list[str]:
    """Visible inputs, selects and textareas without a ``<label for=…>`` pointing at their id."""
    parser = _FormControls()
    parser.feed(html)
    missing = []
    for tag, attrs in parser.controls:
        control_id = attrs.get("id")
        if not control_id or control_id not in parser.label_targets:
            missing.append(f"<{tag} name={attrs.get('name')!r} id={control_id!r}>")
    return missing


def form_controls(html: str) -> list[tuple[str, dict]]:
    parser = _FormControls()
    parser.feed(html)
    return parser.controls


def issue_bulletin(bulletin, *, by, signer=None):
    """Send ``bulletin`` for sign-off as ``by`` (its compiler) and have it signed off (签发) by
    ``signer`` — by default a leader of its committee, made for the purpose."""
    from accounts.models import User
    from opinions import services
    from tests.members.factories import UserFactory

    services.bulletin_submit(bulletin=bulletin, by=by)
    if signer is None:
        signer = User.objects.filter(
            role=User.Role.LEADER, committee_id=bulletin.committee_id, is_active=True
        ).first() or UserFactory(
            role=User.Role.LEADER,
            committee_id=bulletin.committee_id,
            username=f"leader_signer_{bulletin.committee_id}",
        )
    return services.bulletin_issue(bulletin=bulletin, by=signer)


@contextlib.contextmanager
def real_celery_worker():
    """A Celery worker thread on the configured broker, with eager mode off: what it consumes
    was really published. The queue is purged first, so a message another run left behind is
    never taken for one of this test's. Use ``task_run`` to publish and wait for a task."""
    from celery.contrib.testing.worker import start_worker

    from ordos_liaison import celery_app

    celery_app.conf.task_always_eager = False
    reset_celery_producer_pools()  # fresh broker connections, whatever ran before here
    try:
        celery_app.control.purge()
        with start_worker(celery_app, perform_ping_check=False, loglevel="WARNING") as worker:
            yield worker
    finally:
        celery_app.conf.task_always_eager = True


def task_run(task, *args, timeout: float = 30) -> str:
    """Publish ``task`` and wait until the worker has finished it (its own run, told apart by
    the task id: the tasks ignore their results, so ``.get()`` would not wait). Returns the
    run's state (``SUCCESS``, ``FAILURE``...)."""
    from celery.signals import task_postrun

    done, outcome, own_id = threading.Event(), {}, str(uuid.uuid4())

    def on_postrun(sender=None, task_id=None, state=None, **kwargs):
        if task_id == own_id:
            outcome["state"] = state
            done.set()

    task_postrun.connect(on_postrun, weak=False)
    try:
        task.apply_async(args=args, task_id=own_id)
        assert done.wait(timeout), f"the worker did not finish {task.name} in {timeout} s"
    finally:
        task_postrun.disconnect(on_postrun)
    return outcome["state"]


def wait_until(condition, timeout: float) -> bool:
    """Whether ``condition()`` holds within ``timeout`` seconds (asked every quarter second;
    monotonic time, which time_machine leaves alone)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.25)
    return condition()


def reset_celery_producer_pools():
    """Drop the Celery app's broker connection pool, its producer pool and kombu's per-broker
    pools they come from (a test that pointed the app at another broker, or a test worker that
    stopped, leaves closed pools there; the next ``delay()`` builds fresh ones)."""
    from kombu import pools

    from ordos_liaison import celery_app

    pools.reset()

    if celery_app._pool is not None:
        celery_app._pool.force_close_all()
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


def docx_bytes(text: str, *, macro: bool = False) -> bytes:
    """A Word document with one paragraph; with ``macro`` the same document with a macro part
    (``word/vbaProject.bin``) added, which the upload checks refuse."""
    out = io.BytesIO()
    document = Document()
    document.add_paragraph(text)
    document.save(out)
    if not macro:
        return out.getvalue()
    source = zipfile.ZipFile(io.BytesIO(out.getvalue()))
    bad = io.BytesIO()
    with zipfile.ZipFile(bad, "w") as archive:
        for info in source.infolist():
            archive.writestr(info, source.read(info))
        archive.writestr("word/vbaProject.bin", b"\x00" * 32)
    return bad.getvalue()
