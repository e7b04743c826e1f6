from celery import shared_task
from django.utils import timezone

from . import figures
from .models import Heartbeat
from .reports import services as reports_services

HEARTBEAT_NAME = "celery"


@shared_task(name="dashboards.tasks.heartbeat_task", ignore_result=True)
def heartbeat_task():
    """Beat → broker → worker round trip; the health page shows when it last ran."""
    Heartbeat.objects.update_or_create(name=HEARTBEAT_NAME, defaults={"seen_at": timezone.now()})


@shared_task(name="dashboards.tasks.cockpit_refresh_task", ignore_result=True)
def cockpit_refresh_task(full: bool = False):
    """The leaders' cockpit's summary table: the recent months (every five minutes) or every
    month (nightly). Safe to run twice or at once: the refresh replaces rows under a lock."""
    figures.refresh_cockpit_figures(since=None if full else figures.recent_since())


@shared_task(
    name="dashboards.tasks.make_periodic_reports_task",
    autoretry_for=(ConnectionError, OSError),
    retry_backoff=True,
    max_retries=5,
    ignore_result=True,
)
def make_periodic_reports_task(kind):
    """Beat: every committee's report of ``kind`` (weekly, monthly, quarterly, annual) for the
    last complete period. Idempotent: a report is made once per committee and period."""
    reports_services.periodic_reports_make(kind=kind)
