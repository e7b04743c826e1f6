from celery import shared_task

from exports.services import export_job_run

from . import exports, notifications
from .privacy import opinions_anonymise_expired
from .services import forwardings_remind_overdue, opinions_auto_close


# The two tasks below stay registered only for what an older release left behind: messages
# already queued with the old signature, and the old 10-minute beat entry that
# django_celery_beat keeps in its table. Both write outbox rows at most once (never send).
@shared_task(name="opinions.tasks.opinion_event_notify_task", ignore_result=True)
def opinion_event_notify_task(event_id: int, lookup_key: str | None = None):
    notifications.event_notices_backfill(event_id=event_id, lookup_key=lookup_key)


@shared_task(name="opinions.tasks.opinion_notify_pending_task", ignore_result=True)
def opinion_notify_pending_task():
    notifications.notify_pending()


@shared_task(name="opinions.tasks.forwardings_overdue_task", ignore_result=True)
def forwardings_overdue_task():
    """Daily: remind departments of forwardings past their due date."""

    forwardings_remind_overdue()


@shared_task(name="opinions.tasks.opinions_auto_close_task", ignore_result=True)
def opinions_auto_close_task():
    """Daily: close replied opinions that were not rated in time."""

    opinions_auto_close()


@shared_task(name="opinions.tasks.opinions_anonymise_task", ignore_result=True)
def opinions_anonymise_task():
    """Daily: anonymise citizens' contact details past the retention period (PIPL)."""

    opinions_anonymise_expired()


# Longer than the default limits (4/5 min): EXPORT_MAX_ROWS rows on a busy worker; still well
# inside the broker's visibility timeout (15 min), so a running export is never handed out twice.
@shared_task(
    name="opinions.tasks.desk_export_task",
    ignore_result=True,
    soft_time_limit=9 * 60,
    time_limit=10 * 60,
)
def desk_export_task(job_id: int):
    """A desk export too large for a request (exports app): written once, then offered."""

    export_job_run(job_id=job_id, produce=exports.desk_export_job)
