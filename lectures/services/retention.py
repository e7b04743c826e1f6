"""The requesters' personal data kept no longer than needed (PIPL): contact details of closed
orders blanked after the retention period."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from audit.services import audit_log

from ..models import LectureOrder

S = LectureOrder.Status


def requesters_anonymise_expired(*, now: datetime.datetime | None = None) -> int:
    """Daily (PIPL): blank the requester's contact name and phone of orders closed more than
    ``LECTURE_REQUESTER_RETENTION_DAYS`` ago — rated, delivered and never rated (from the
    lecture day), or cancelled/withdrawn (from the last change). The organisation, place and
    the lecture itself stay (they are the activity's record). Idempotent; one audit entry."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=settings.LECTURE_REQUESTER_RETENTION_DAYS)
    closed = (
        Q(status=S.RATED, rated_at__lt=cutoff)
        | Q(status=S.DELIVERED, delivered_on__lt=timezone.localdate(cutoff))
        | Q(status=S.CANCELLED, updated_at__lt=cutoff)
    )
    expired = LectureOrder.objects.filter(closed).exclude(contact_name="", contact_phone="")
    with transaction.atomic():
        # .update(): updated_at stays (it dates the closing, above)
        count = expired.update(contact_name="", contact_phone="")
        if count:
            audit_log(
                actor=None,
                action="retention_anonymise",
                # the target's name from before the app split (ADR 0018), so entries compare
                target="consultations.lecture_orders",
                detail={"count": count, "cutoff": cutoff.isoformat()},
            )
    return count
