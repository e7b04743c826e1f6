from celery import shared_task

from exports.services import export_job_run

from . import exports


# Longer than the default limits (4/5 min): EXPORT_MAX_ROWS rows on a busy worker; still well
# inside the broker's visibility timeout (15 min), so a running export is never handed out twice.
@shared_task(
    name="ledger.tasks.ranking_export_task",
    ignore_result=True,
    soft_time_limit=9 * 60,
    time_limit=10 * 60,
)
def ranking_export_task(job_id: int):
    """A ranking export too large for a request (exports app): written once, then offered."""

    export_job_run(job_id=job_id, produce=exports.ranking_export_job)
