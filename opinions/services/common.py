"""What every opinions service shares: the lookup key and tracking code, the event writer for
records and notes that are not transitions, and the runners that add the opinion's notices to
each transition's event (``opinions.workflows`` holds the tables)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from django.db import connection
from django.db.models import Model
from django.utils import timezone

from core.workflow import Result, TransitionError, Workflow

from .. import notifications
from ..lookup_keys import key_matches, new_lookup_key, normalize_key
from ..models import Forwarding, Opinion, OpinionEvent, TrackingSequence
from ..workflows import FORWARDING, OPINION

__all__ = [
    "Kind",
    "TransitionError",
    "check_lookup_key",
    "new_lookup_key",
    "normalize_key",
]

M = TypeVar("M", bound=Model)
Kind = OpinionEvent.Kind


def check_lookup_key(opinion: Opinion, key: str) -> bool:
    return bool(opinion.lookup_key_hash) and key_matches(key, opinion.lookup_key_hash)


def next_tracking_code(now) -> str:
    """The year's next number: one ``UPDATE … RETURNING`` that locks the year's row until the
    caller's transaction ends (SQLite ≥ 3.35 and PostgreSQL); the year's first number creates
    the row (locked, then taken as before)."""
    year = timezone.localtime(now).year
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {qn(TrackingSequence._meta.db_table)} SET {qn('last')} = {qn('last')} + 1 "
            f"WHERE {qn('year')} = %s RETURNING {qn('last')}",
            [year],
        )
        row = cursor.fetchone()
    if row is not None:
        return f"JY-{year}-{row[0]:06d}"
    sequence, _created = TrackingSequence.objects.select_for_update().get_or_create(year=year)
    sequence.last += 1
    sequence.save(update_fields=["last"])
    return f"JY-{year}-{sequence.last:06d}"


def record_event(
    opinion: Opinion,
    *,
    kind: str,
    actor,
    to_status: str = "",
    comment: str = "",
    data: Mapping[str, Any] | None = None,
    lookup_key: str | None = None,
) -> OpinionEvent:
    """An event that is not a transition: a record's creation (``to_status`` only), a note, a
    reveal. Its notices go into the outbox in the same transaction."""
    event = OPINION.record(
        opinion,
        kind=kind,
        by=actor,
        to_status=to_status,
        comment=comment,
        data=data,
        notified_at=timezone.now(),  # its notices are in the outbox from this transaction on
    )
    notifications.event_notices_add(event, lookup_key=lookup_key)
    return event


def _with_notices(after: Callable[[Any, Any], object] | None) -> Callable[[Any, Any], None]:
    def callback(obj, event) -> None:
        notifications.event_notices_add(event)
        if after is not None:
            after(obj, event)

    return callback


def run_opinion(
    opinion: Opinion,
    action: str,
    *,
    by,
    after: Callable[[Opinion, Any], object] | None = None,
    apply: Callable[[Opinion], None] | None = None,
    **kwargs: Any,
) -> Result[Opinion]:
    """``OPINION.run`` with the event's notices written to the outbox in the transaction. A
    staff member who acts on an item nobody handles yet becomes its 经办人 (the desk's column and
    the export show who handles it; an explicit assignment still names anyone)."""

    def apply_and_take_over(item: Opinion) -> None:
        if apply is not None:
            apply(item)
        if item.assignee_id is None and by is not None and getattr(by, "is_office", False):
            item.assignee = by

    return OPINION.run(
        opinion,
        action,
        by=by,
        apply=apply_and_take_over,
        after=_with_notices(after),
        event_fields={"notified_at": timezone.now()},
        **kwargs,
    )


def run_forwarding(
    forwarding: Forwarding,
    action: str,
    *,
    by,
    data: Mapping[str, Any] | None = None,
    after: Callable[[Forwarding, Any], object] | None = None,
    **kwargs: Any,
) -> Result[Forwarding]:
    """``FORWARDING.run``: the event is on the opinion's timeline too, and names the department.
    ``data`` is completed in place (not copied): a service's ``apply`` may still add to it, and
    the event is written after ``apply``."""
    payload: dict[str, Any] = data if isinstance(data, dict) else dict(data or {})
    payload.setdefault("forwarding", forwarding.pk)
    payload.setdefault("department", forwarding.department.name)
    return FORWARDING.run(
        forwarding,
        action,
        by=by,
        data=payload,
        after=_with_notices(after),
        event_fields={"notified_at": timezone.now()},
        **kwargs,
    )


def checked(
    workflow: Workflow[M], obj: M, action: str, *, by, expected_status: str | None = None
) -> M:
    """Lock ``obj`` and check the actor and the state now, for a service that validates its
    input against the locked record before it runs the transition (inside its transaction)."""
    current = workflow.lock(obj)
    workflow.check_actor(current, action, by)
    workflow.check_state(current, action, expected_status)
    return current
