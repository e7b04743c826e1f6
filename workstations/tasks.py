from celery import shared_task

from . import services


@shared_task(
    name="workstations.tasks.duty_shift_reminder_task",
    autoretry_for=(ConnectionError, OSError),
    retry_backoff=True,
    max_retries=5,
    ignore_result=True,
)
def duty_shift_reminder_task():
    """Daily: remind each member on duty tomorrow (idempotent — one notice per shift)."""
    services.shift_reminders_send()
