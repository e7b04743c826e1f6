from celery import shared_task

from . import services


@shared_task(
    name="consultations.tasks.consultation_reminder_task",
    autoretry_for=(ConnectionError, OSError),
    retry_backoff=True,
    max_retries=5,
    ignore_result=True,
)
def consultation_reminder_task():
    """Hourly: remind invited members of events in the next 48 hours (idempotent — one notice
    per invitation)."""
    services.consultation_reminders_send()


@shared_task(
    name="consultations.tasks.outcome_reminder_task",
    autoretry_for=(ConnectionError, OSError),
    retry_backoff=True,
    max_retries=5,
    ignore_result=True,
)
def outcome_reminder_task():
    """Daily: remind the office of outcomes not followed up for 30 days (idempotent)."""
    services.outcome_reminders_send()


@shared_task(
    name="consultations.tasks.observers_anonymise_task",
    autoretry_for=(ConnectionError, OSError),
    retry_backoff=True,
    max_retries=5,
    ignore_result=True,
)
def observers_anonymise_task():
    """Daily: blank observers' names and phones past the retention period (PIPL)."""
    services.observers_anonymise_expired()
