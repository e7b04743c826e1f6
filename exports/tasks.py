from celery import shared_task

from .services import export_jobs_sweep


@shared_task(name="exports.tasks.export_jobs_sweep_task", ignore_result=True)
def export_jobs_sweep_task():
    """Hourly: delete expired export files; fail jobs a lost worker left behind."""
    export_jobs_sweep()
