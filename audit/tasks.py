from celery import shared_task

from . import chain as audit
from . import refusals


@shared_task(name="audit.tasks.audit_purge_task", ignore_result=True)
def audit_purge_task():
    """Daily: remove audit entries past the retention period (at least 180 days)."""

    audit.purge()


@shared_task(name="audit.tasks.audit_refusals_flush_task", ignore_result=True)
def audit_refusals_flush_task():
    """Every minute: write the counts of repeated permission refusals of finished windows."""

    refusals.refusals_flush()


@shared_task(name="audit.tasks.audit_checkpoint_task", ignore_result=True)
def audit_checkpoint_task():
    """Every ten minutes: sign where the audit chain stands (stored and logged) if it moved."""

    audit.checkpoint()
