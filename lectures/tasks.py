from celery import shared_task

from . import services


@shared_task(
    name="lectures.tasks.lecture_reminder_task",
    autoretry_for=(ConnectionError, OSError),
    retry_backoff=True,
    max_retries=5,
    ignore_result=True,
)
def lecture_reminder_task():
    """Daily: remind the office of lecture orders dispatched and not accepted in 3 days
    (idempotent — once per order and dispatch)."""
    services.lecture_reminders_send()


@shared_task(
    name="lectures.tasks.lecture_requesters_anonymise_task",
    autoretry_for=(ConnectionError, OSError),
    retry_backoff=True,
    max_retries=5,
    ignore_result=True,
)
def lecture_requesters_anonymise_task():
    """Daily: blank lecture requesters' contact name and phone past the retention period."""
    services.requesters_anonymise_expired()
