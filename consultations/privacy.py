"""PIPL: one citizen's registrations to observe events, found, exported and erased by phone
from the office's personal-data page (``opinions.privacy`` registers these sources;
``ConsultationsConfig.ready``; 委员讲堂 orders: ``lectures.privacy``). Only records of the
committees the office user may change; the audit entry is the page's own."""

from __future__ import annotations

import contextlib

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.workflow import TransitionError
from opinions.privacy import PersonalDataHit, PersonalDataSource

from .models import Consultation, Observer
from .services import observer_cancel

LIVE = (Observer.Status.PENDING, Observer.Status.CONFIRMED, Observer.Status.WAITLISTED)


# --- observers (旁听报名) ----------------------------------------------------------------------
def _observers(by, phone):
    return (
        Observer.objects.filter(
            phone=phone, consultation__in=Consultation.objects.changeable_by(by)
        )
        .select_related("consultation", "consultation__committee")
        .order_by("-created_at", "-pk")
    )


def observers_find(*, by, phone):
    return [
        PersonalDataHit(
            code=o.get_status_display(),
            title=o.consultation.title,
            committee=o.consultation.committee.short_name,
            date=o.created_at,
            link=reverse("consultations:detail", args=[o.consultation_id]),
        )
        for o in _observers(by, phone)
    ]


def observers_export(*, by, phone):
    return [
        {
            "record": "observer",
            "event": o.consultation.title,
            "committee": o.consultation.committee.name,
            "starts_at": o.consultation.starts_at.isoformat(),
            "name": o.name,
            "phone": o.phone,
            "status": o.get_status_display(),
            "signed_up_at": o.created_at.isoformat(),
            "consent_at": o.consent_at.isoformat() if o.consent_at else None,
            "checked_in_at": o.checked_in_at.isoformat() if o.checked_in_at else None,
        }
        for o in _observers(by, phone)
    ]


def observers_erase(*, by, phone) -> int:
    """Blank the person's name and phone; a registration still to come is cancelled first (its
    place goes to the next on the waitlist, as when they cancel through their link)."""
    observers = list(_observers(by, phone))
    now = timezone.now()
    for observer in observers:
        if observer.status in LIVE and observer.consultation.ends_at > now:
            # already moved on meanwhile: blanked below all the same
            with contextlib.suppress(TransitionError):
                observer_cancel(observer=observer)
    return Observer.objects.filter(pk__in=[o.pk for o in observers]).update(name="", phone="")


SOURCES = [
    PersonalDataSource(
        key="observers",
        label=_("旁听报名"),
        find=observers_find,
        export=observers_export,
        erase=observers_erase,
    ),
]
