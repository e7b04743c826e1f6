"""A real Celery worker on the real broker makes the scheduled reports: the beat entry as the
DatabaseScheduler installs it (django-celery-beat's table, editable in the admin) is sent to the
broker the way beat's scheduler (core.beat) sends a due entry, and the worker thread runs it.

Runs only when REDIS_URL is set (``.ci/run`` does that for the PostgreSQL + Redis pass); it is
excluded from the default run by the ``integration`` marker; the worker is
``tests.utils.real_celery_worker``, as in test_celery_integration."""

import datetime
import os
import threading

import pytest
from celery.signals import task_postrun
from django_celery_beat.models import PeriodicTask

from core.beat import KeepAdminEditsScheduler
from dashboards.reports import periods
from dashboards.reports.models import Report
from dashboards.tasks import make_periodic_reports_task
from notifications.models import OutboxMessage
from ordos_liaison import celery_app
from tests.utils import real_celery_worker

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL (a real broker)"),
]


@pytest.fixture
def real_worker(transactional_db):
    """A worker thread on this xdist worker's broker, its queue purged first."""
    with real_celery_worker() as worker:
        yield worker


def run_on_worker(send, *, times: int = 1):
    """Call ``send`` and wait until the worker has finished the reports task ``times`` times."""
    finished = threading.Event()
    states: list[tuple[str, threading.Thread]] = []

    def on_postrun(sender=None, state=None, **kwargs):
        if sender is not None and sender.name == make_periodic_reports_task.name:
            states.append((state, threading.current_thread()))
            if len(states) == times:
                finished.set()

    task_postrun.connect(on_postrun, weak=False)
    try:
        send()
        assert finished.wait(timeout=120), "the worker did not run the reports task in 120 s"
    finally:
        task_postrun.disconnect(on_postrun)
    return states


def test_the_scheduled_entry_makes_every_committees_report_on_the_worker(
    real_worker,
    make_user,
    dalate,
):
    from accounts.models import User

    leader = make_user(User.Role.LEADER, dalate, username="ld_int", email="ld@example.com")
    scheduler = KeepAdminEditsScheduler(app=celery_app)  # beat's scheduler: installs the entries
    stored = PeriodicTask.objects.get(name="reports-monthly")
    assert (stored.task, stored.args) == (make_periodic_reports_task.name, '["monthly"]')
    entry = scheduler.schedule["reports-monthly"]

    # beat sends a due entry like this; two beats firing at once send it twice
    states = run_on_worker(lambda: [scheduler.apply_async(entry) for _ in range(2)], times=2)

    assert [s for s, _ in states] == ["SUCCESS", "SUCCESS"]
    assert all(thread is not threading.main_thread() for _, thread in states)
    start = periods.previous_start("monthly", datetime.date.today())
    reports = Report.objects.filter(kind="monthly", period_start=start)
    assert reports.count() == 10  # once per committee, not twice
    dalate_report = reports.get(committee=dalate)
    assert dalate_report.created_by is None
    assert (
        OutboxMessage.objects.filter(
            cause=f"report:{dalate_report.pk}", recipient=f"user:{leader.pk}"
        ).count()
        == 1
    )
