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
