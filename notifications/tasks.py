import logging

from celery import shared_task

from . import delivery

logger = logging.getLogger(__name__)


@shared_task(
    name="notifications.tasks.outbox_deliver_task",
    ignore_result=True,
    # Well under OUTBOX_LEASE_SECONDS: a worker stuck on a mail server is stopped before its
    # claim on the row runs out, so nobody else sends the row meanwhile.
    soft_time_limit=60,
    time_limit=90,
)
def outbox_deliver_task(message_id: int) -> None:
    """Carries only the row id: the message itself (and any secret in it) stays in the
    database."""
    delivery.outbox_deliver(message_id=message_id)


@shared_task(name="notifications.tasks.outbox_sweep_task", ignore_result=True)
def outbox_sweep_task() -> None:
    """Every minute: enqueue rows the broker never got, rows a dead worker held, and rows whose
    retry is due; delete old delivered rows."""
    for message_id in delivery.outbox_take_due():
        outbox_enqueue(message_id)
    delivery.outbox_purge()


@shared_task(name="notifications.tasks.outbox_dispatch_task", ignore_result=True)
def outbox_dispatch_task(message_ids: list[int]) -> None:
    """The rows one transaction wrote (ids only): each gets its own delivery task, enqueued here
    in the worker rather than by the request that wrote them (one publish per transaction)."""
    for message_id in message_ids:
        outbox_enqueue(message_id)


def outbox_enqueue_many(message_ids: list[int]) -> None:
    """After commit: one publish for the rows of a transaction — the delivery task itself for a
    single row, else one dispatch task that enqueues theirs. Never raises (as
    ``outbox_enqueue``): the sweeper sends what the broker did not get."""
    if len(message_ids) == 1:
        outbox_enqueue(message_ids[0])
        return
    if not message_ids:
        return
    try:
        outbox_dispatch_task.apply_async(args=(list(message_ids),), retry=False)
    except Exception:  # noqa: BLE001 — any broker failure
        logger.exception(
            "could not enqueue outbox messages %s; the sweeper will", list(message_ids)
        )


def outbox_enqueue(message_id: int) -> None:
    """After commit. A broker that is down must never fail the request that wrote the row: log
    it, and the sweeper sends the row later. No publish retries (they would hold the request)."""
    try:
        outbox_deliver_task.apply_async(args=(message_id,), retry=False)
    except Exception:  # noqa: BLE001 — any broker failure
        logger.exception("could not enqueue outbox message %s; the sweeper will", message_id)
