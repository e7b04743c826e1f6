from celery import shared_task

from . import lecture_services, services


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


@shared_task(
    name="consultations.tasks.lecture_reminder_task",
    autoretry_for=(ConnectionError, OSError),
    retry_backoff=True,
    max_retries=5,
    ignore_result=True,
)
def lecture_reminder_task():
    """Daily: remind the office of lecture orders dispatched and not accepted in 3 days
    (idempotent — once per order and dispatch)."""
    lecture_services.lecture_reminders_send()


@shared_task(
    name="consultations.tasks.lecture_requesters_anonymise_task",
    autoretry_for=(ConnectionError, OSError),
    retry_backoff=True,
    max_retries=5,
    ignore_result=True,
)
def lecture_requesters_anonymise_task():
    """Daily: blank lecture requesters' contact name and phone past the retention period."""
    lecture_services.requesters_anonymise_expired()
