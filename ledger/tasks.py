from celery import shared_task

from exports.services import export_job_run

from . import exports


@shared_task(name="ledger.tasks.ranking_export_task", ignore_result=True)
def ranking_export_task(job_id: int):
    """A ranking export too large for a request (exports app): written once, then offered."""

    export_job_run(job_id=job_id, produce=exports.ranking_export_job)
