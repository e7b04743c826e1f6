from celery import shared_task

from . import notifications


@shared_task(
    name="opinions.tasks.opinion_event_notify_task",
    autoretry_for=(ConnectionError, OSError),
    retry_backoff=True,
    max_retries=5,
    ignore_result=True,
)
def opinion_event_notify_task(event_id: int, lookup_key: str | None = None):
    notifications.notify_event(event_id=event_id, lookup_key=lookup_key)


@shared_task(name="opinions.tasks.opinion_notify_pending_task", ignore_result=True)
def opinion_notify_pending_task():
    """Housekeeping: send notifications whose enqueue failed (older than 10 minutes)."""
    notifications.notify_pending()


@shared_task(name="opinions.tasks.forwardings_overdue_task", ignore_result=True)
def forwardings_overdue_task():
    """Daily: remind departments of forwardings past their due date."""
    from .handling import forwardings_remind_overdue

    forwardings_remind_overdue()


@shared_task(name="opinions.tasks.opinions_auto_close_task", ignore_result=True)
def opinions_auto_close_task():
    """Daily: close replied opinions that were not rated in time."""
    from .handling import opinions_auto_close

    opinions_auto_close()


@shared_task(name="opinions.tasks.opinions_anonymise_task", ignore_result=True)
def opinions_anonymise_task():
    """Daily: anonymise citizens' contact details past the retention period (PIPL)."""
    from .privacy import opinions_anonymise_expired

    opinions_anonymise_expired()
