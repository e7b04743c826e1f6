"""The public's observer registrations (旁听): sign-up with consent, capacity and the waiting
list, approval, cancellation through the private link, entry codes and the door check-in, and the
blanking of their personal data after the retention period.

A registration locks its event's row first (``select_for_update``), so concurrent sign-ups cannot
take more places than the event has, and a freed place goes to the first on the waiting list.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from audit.services import audit_log
from core.workflow import TransitionError

from ..models import Consultation, ConsultationEvent, Observer, new_entry_code
from ..workflows import OBSERVER

C = Consultation.Status
OB = Observer.Status


def _lock_consultation(consultation_id: int) -> Consultation:
    return Consultation.objects.select_for_update().get(pk=consultation_id)


def _first_status(consultation: Consultation) -> str:
    return OB.PENDING if consultation.needs_approval else OB.CONFIRMED


def signup_refusal(consultation: Consultation) -> str | None:
    """Why the public cannot sign up for ``consultation`` now (``None`` if they can)."""
    if consultation.status != C.OPEN or not consultation.takes_observers:
        return _("该活动当前不接受报名。")
    if consultation.starts_at <= timezone.now():
        return _("活动已开始，报名已截止。")
    return None


@transaction.atomic
def observer_sign_up(
    *, consultation: Consultation, name: str, phone: str, consent: bool
) -> Observer:
    """A member of the public signs up to observe. With the event's row locked: a free place
    → confirmed (with an entry code) or pending approval; no place → the waiting list."""
    if not consent:
        raise ValidationError({"consent": _("请阅读并同意个人信息处理告知后再报名。")})
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("请填写姓名。")})
    locked = _lock_consultation(consultation.pk)
    refusal = signup_refusal(locked)
    if refusal:
        raise TransitionError(refusal)
    live = [*Observer.PLACE_STATUSES, OB.WAITLISTED]
    if locked.observers.filter(phone=phone, status__in=live).exists():
        raise ValidationError({"phone": _("该手机号码已报名本场活动，请通过报名时的链接查看。")})
    taken = locked.observers.holding_places().count()
    status = _first_status(locked) if taken < locked.capacity else OB.WAITLISTED
    now = timezone.now()
    observer = Observer(
        consultation=locked,
        name=name,
        phone=phone,
        status=status,
        consent_at=now,
        created_at=now,
        entry_code=new_entry_code() if status == OB.CONFIRMED else None,
    )
    observer.full_clean()
    try:
        with transaction.atomic():
            observer.save()
    except IntegrityError as exc:  # the same phone at the same moment
        raise ValidationError({"phone": _("该手机号码已报名本场活动。")}) from exc
    ConsultationEvent.objects.create(
        consultation=locked,
        observer=observer,
        kind=ConsultationEvent.Kind.SIGNED_UP,
        to_status=status,
    )
    return observer


def _promote_next(consultation: Consultation) -> Observer | None:
    """The first on the waiting list takes a freed place (the event's row is locked)."""
    if consultation.status not in {C.PLANNED, C.OPEN}:
        return None
    if consultation.observers.holding_places().count() >= consultation.capacity:
        return None
    waiting = consultation.observers.waitlist().first()
    if waiting is None:
        return None
    target = _first_status(consultation)
    changes = {"entry_code": new_entry_code()} if target == OB.CONFIRMED else {}
    return OBSERVER.run(
        waiting,
        "promote",
        by=None,
        system=True,
        target=target,
        changes=changes,
        event_fields={"consultation_id": consultation.pk},
    ).obj


@transaction.atomic
def observer_cancel(*, observer: Observer) -> Observer:
    """Cancelled through the private link; a place it held goes to the first on the list."""
    consultation = _lock_consultation(observer.consultation_id)
    held_place = Observer.objects.get(pk=observer.pk).status in Observer.PLACE_STATUSES
    cancelled = OBSERVER.run(
        observer,
        "cancel",
        by=None,
        changes={"entry_code": None},
        event_fields={"consultation_id": consultation.pk},
    ).obj
    if held_place:
        _promote_next(consultation)
    return cancelled


@transaction.atomic
def observer_decide(*, observer: Observer, by: User, approve: bool, comment: str = "") -> Observer:
    """Staff approve a pending registration (it gets its entry code) or turn it down (its place
    goes to the first on the list)."""
    consultation = _lock_consultation(observer.consultation_id)
    if approve:
        return OBSERVER.run(
            observer,
            "approve",
            by=by,
            comment=comment,
            changes={"entry_code": new_entry_code()},
            event_fields={"consultation_id": consultation.pk},
        ).obj
    decided = OBSERVER.run(
        observer,
        "reject",
        by=by,
        comment=comment,
        event_fields={"consultation_id": consultation.pk},
    ).obj
    _promote_next(consultation)
    return decided


def observer_by_code(*, code: str) -> Observer | None:
    code = (code or "").strip()
    if not code or len(code) > 16:
        return None
    return (
        Observer.objects.select_related("consultation", "consultation__workstation")
        .filter(entry_code=code)
        .first()
    )


@transaction.atomic
def observer_check_in(*, observer: Observer, by: User) -> Observer:
    """At the door: the entry code is used once (a second scan is refused with the time it was
    used)."""
    current = Observer.objects.get(pk=observer.pk)
    if current.status == OB.CHECKED_IN:
        raise TransitionError(
            _("该入场码已于 %(time)s 使用过。")
            % {"time": timezone.localtime(current.checked_in_at).strftime("%H:%M")}
        )
    return OBSERVER.run(
        observer,
        "check_in",
        by=by,
        changes={"checked_in_at": timezone.now()},
        event_fields={"consultation_id": observer.consultation_id},
    ).obj


# --- personal data ----------------------------------------------------------------------------
def observers_anonymise_expired(*, now: datetime.datetime | None = None) -> int:
    """Daily (PIPL): blank the names and phone numbers of observers of events that ended more
    than ``OBSERVER_DATA_RETENTION_DAYS`` ago (or were cancelled that long ago). Idempotent."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=settings.OBSERVER_DATA_RETENTION_DAYS)
    expired = Observer.objects.filter(consultation__ends_at__lt=cutoff).exclude(name="", phone="")
    with transaction.atomic():
        count = expired.update(name="", phone="")
        if count:
            audit_log(
                actor=None,
                action="retention_anonymise",
                target="consultations.observers",
                detail={"count": count, "cutoff": cutoff.isoformat()},
            )
    return count
