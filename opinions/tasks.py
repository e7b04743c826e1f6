from celery import shared_task

from exports.services import export_job_run

from . import exports, notifications, reminders
from .privacy import opinions_anonymise_expired
from .services import opinions_auto_close

# The reminders retry a database or broker hiccup; a retry sends nothing twice (each reminder is
# claimed once, with its notices: notifications.models.Reminder).
RETRIED = (ConnectionError, OSError)


# The two tasks below stay registered only for what an older release left behind: messages
# already queued with the old signature, and the old 10-minute beat entry that
# django_celery_beat keeps in its table. Both write outbox rows at most once (never send).
@shared_task(name="opinions.tasks.opinion_event_notify_task", ignore_result=True)
def opinion_event_notify_task(event_id: int, lookup_key: str | None = None):
    notifications.event_notices_backfill(event_id=event_id, lookup_key=lookup_key)


@shared_task(name="opinions.tasks.opinion_notify_pending_task", ignore_result=True)
def opinion_notify_pending_task():
    notifications.notify_pending()


@shared_task(
    name="opinions.tasks.forwardings_overdue_task",
    autoretry_for=RETRIED,
    retry_backoff=True,
    max_retries=5,
    ignore_result=True,
)
def forwardings_overdue_task():
    """Working days: remind departments of forwardings past their due date (every working
    day) and the handler (once per due date)."""

    reminders.forwardings_late_remind()


@shared_task(
    name="opinions.tasks.forwardings_due_soon_task",
    autoretry_for=RETRIED,
    retry_backoff=True,
    max_retries=5,
    ignore_result=True,
)
def forwardings_due_soon_task():
    """Working days: departments and handlers of forwardings due within 3 days, once per due
    date."""

    reminders.forwardings_due_soon_remind()


@shared_task(
    name="opinions.tasks.review_reminders_task",
    autoretry_for=RETRIED,
    retry_backoff=True,
    max_retries=5,
    ignore_result=True,
)
def review_reminders_task():
    """Working days: opinions past their 5-working-day review deadline — the handler, and a
    working day later the office head; once per deadline."""

    reminders.review_reminders_send()


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
