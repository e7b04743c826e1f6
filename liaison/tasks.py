from celery import shared_task

from . import reminders


@shared_task(
    name="liaison.tasks.inactive_members_reminder_task",
    autoretry_for=(ConnectionError, OSError),
    retry_backoff=True,
    max_retries=5,
    ignore_result=True,
)
def inactive_members_reminder_task():
    """Daily (acts on working days): members with no liaison activity in 30 days are nudged and
    listed to their committee's staff, once a month (idempotent — one key per member, committee
    and month)."""
    reminders.inactive_members_remind()
