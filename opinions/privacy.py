"""PIPL: retention of citizens' contact details, and one person's request to see, export or erase
their data (found by phone number). Every step is audit-logged.

Higher apps whose records also hold a citizen's phone (consultations: observers' registrations
and 委员讲堂 orders) register a ``PersonalDataSource`` in their ``AppConfig.ready``; the page
then finds, exports and erases those records too, in the same request, the same scope (the
records of the user's own committee) and the same audit entry. opinions never imports them."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from audit.services import audit_log
from core.access import require_perm
from notifications.services import outbox_forget

from .models import Opinion, OpinionEvent, Status


@dataclass(frozen=True)
class PersonalDataHit:
    """One record found for a phone number, as the page lists it."""

    code: str
    title: str
    committee: str
    date: datetime.date | datetime.datetime | None
    link: str


@dataclass(frozen=True)
class PersonalDataSource:
    """A higher app's records holding citizens' phones. Each callable takes ``by`` (the office
    user; only records of the committees they may change) and ``phone`` (11 digits): ``find``
    lists them, ``export`` gives one dict each (with a ``record`` key naming the kind), ``erase``
    blanks the person's name and phone in them and returns how many."""

    key: str
    label: Any  # a lazy translation
    find: Callable[..., list[PersonalDataHit]]
    export: Callable[..., list[dict]]
    erase: Callable[..., int]


SOURCES: dict[str, PersonalDataSource] = {}


def personal_data_source_register(source: PersonalDataSource) -> None:
    SOURCES[source.key] = source


def personal_data_find_other(*, by: User, phone: str) -> list[tuple[PersonalDataSource, list]]:
    """The registered sources' records of this phone (searched and logged with the opinions)."""
    require_perm(by, "opinions.manage_personal_data")
    phone = _normalise_phone(phone)
    return [(source, source.find(by=by, phone=phone)) for source in SOURCES.values()]


CONTACT_FIELDS = {"submitter_name": "", "submitter_phone": "", "submitter_email": ""}


def retention_cutoff(now=None) -> datetime.datetime:
    now = now or timezone.now()
    return now - datetime.timedelta(days=365 * settings.PERSONAL_DATA_RETENTION_YEARS)


def expired_for_anonymising(now=None):
    cutoff = retention_cutoff(now)
    finished = Q(status=Status.CLOSED, closed_at__lt=cutoff) | Q(
        status__in=[Status.NOT_ADOPTED, Status.MERGED], decided_at__lt=cutoff
    )
    has_contact = ~Q(submitter_name="") | ~Q(submitter_phone="") | ~Q(submitter_email="")
    return Opinion.objects.filter(finished, has_contact, anonymised_at__isnull=True)


def opinions_anonymise_expired(*, now=None) -> int:
    """Beat job: blank the contact details of opinions finished more than the retention period
    ago. Idempotent (already anonymised rows are skipped)."""
    now = now or timezone.now()
    ids = list(expired_for_anonymising(now).values_list("pk", flat=True)[:5000])
    if not ids:
        return 0
    with transaction.atomic():
        count = Opinion.objects.filter(pk__in=ids, anonymised_at__isnull=True).update(
            anonymised_at=now, **CONTACT_FIELDS
        )
        audit_log(
            actor=None,
            action="retention_anonymise",
            target="opinions",
            detail={"count": count, "cutoff": retention_cutoff(now).isoformat()},
        )
    return count


def _normalise_phone(phone: str) -> str:
    return "".join(ch for ch in phone if ch.isdigit())[:11]


def personal_data_find(*, by: User, phone: str, request=None):
    require_perm(by, "opinions.manage_personal_data")
    phone = _normalise_phone(phone)
    audit_log(
        actor=by,
        action="personal_data_search",
        target=f"phone:{phone[:3]}****{phone[-4:]}",
        request=request,
    )
    return (
        Opinion.objects.changeable_by(by)
        .filter(submitter_phone=phone)
        .select_related("committee")
        .order_by("-submitted_at")
    )


def personal_data_export(*, by: User, phone: str, request=None) -> list[dict]:
    rows = []
    for o in personal_data_find(by=by, phone=phone, request=None):
        rows.append(
            {
                "tracking_code": o.tracking_code,
                "committee": o.committee.name,
                "submitted_at": o.submitted_at.isoformat() if o.submitted_at else None,
                "title": o.title,
                "content": o.content,
                "status": o.get_status_display(),
                "name": o.submitter_name,
                "phone": o.submitter_phone,
                "email": o.submitter_email,
                "consent_version": o.consent_version,
                "consent_at": o.consent_at.isoformat() if o.consent_at else None,
                "public_reply": o.public_reply,
            }
        )
    for source in SOURCES.values():
        rows.extend(source.export(by=by, phone=_normalise_phone(phone)))
    audit_log(
        actor=by,
        action="personal_data_export",
        target=f"phone:{phone[:3]}****{phone[-4:]}",
        detail={"count": len(rows)},
        request=request,
    )
    return rows


@transaction.atomic
def personal_data_erase(*, by: User, phone: str, request=None) -> int:
    """Erase one person's contact details from every opinion the office may change; the
    opinions themselves stay (anonymised) because they are part of the public record."""
    phone = _normalise_phone(phone)
    if len(phone) != 11:
        raise PermissionDenied(_("请输入完整的11位手机号码。"))
    opinions = list(personal_data_find(by=by, phone=phone).select_for_update())
    now = timezone.now()
    for opinion in opinions:
        if opinion.submitter_email:
            outbox_forget(address=opinion.submitter_email)
        Opinion.objects.filter(pk=opinion.pk).update(anonymised_at=now, **CONTACT_FIELDS)
        OpinionEvent.objects.create(
            opinion=opinion,
            kind=OpinionEvent.Kind.NOTE,
            actor=by,
            comment=_("应本人申请，已删除反映人姓名和联系方式。"),
            notified_at=now,
        )
    count = len(opinions)
    for source in SOURCES.values():
        count += source.erase(by=by, phone=phone)
    audit_log(
        actor=by,
        action="personal_data_erase",
        target=f"phone:{phone[:3]}****{phone[-4:]}",
        detail={"count": count},
        request=request,
    )
    return count
