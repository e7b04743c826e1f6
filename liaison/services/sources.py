"""Activities other workflows create: a served duty shift (through ``liaison.receivers``) and a
record of a higher app that stands for a confirmed activity (a delivered 委员讲堂 lecture)."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from members.models import Member
from org.models import Committee, Region
from workstations.models import DutyShift

from ..models import Activity, ActivityParticipant, ActivityType
from .common import Status, _created


# --- a served duty shift is a confirmed activity ----------------------------------------------
# Called by liaison.receivers when workstations signals a shift fact (workstations.signals), in
# the shift service's transaction: workstations never imports liaison.
def activity_from_shift(*, shift: DutyShift, by: User | None, at) -> Activity:
    """The member checked in: the shift becomes a confirmed liaison activity (its initial state:
    the duty itself was the confirmation). Once per shift."""
    existing = Activity.objects.filter(shift=shift).first()
    if existing is not None:
        return existing
    workstation = shift.workstation
    kind_label = DutyShift.Kind(shift.kind).label
    activity = Activity(
        committee_id=shift.member.committee_id,
        shift=shift,
        reporter=shift.member,
        type=ActivityType.RECEPTION
        if shift.kind == DutyShift.Kind.RECEPTION
        else ActivityType.DUTY,
        title=f"{workstation.name}{kind_label}"[:80],
        occurred_on=shift.date,
        workstation=workstation,
        region=workstation.region,
        place=workstation.address[:120],
        summary=_("值班签到"),
        created_by=by if by is not None and by.is_authenticated else None,
        status=Status.CONFIRMED,
        submitted_at=at,
        confirmed_at=at,
    )
    activity.save()
    ActivityParticipant.objects.create(activity=activity, member=shift.member)
    _created(activity, by=by, comment=_("由值班签到自动生成"))
    return activity


def activity_follow_shift_record(*, shift: DutyShift) -> None:
    """Visitors received and notes recorded on the shift: the activity says the same."""
    Activity.objects.filter(shift=shift).update(
        people_reached=shift.visitors_count,
        summary=shift.notes or _("值班签到"),
        updated_at=timezone.now(),
    )


def activity_link_shift_opinion(*, shift: DutyShift, opinion) -> None:
    """A matter raised on duty is also an opinion the shift's activity collected."""
    activity = Activity.objects.filter(shift=shift).first()
    if activity is not None:
        activity.opinions.add(opinion)


# --- a record of a higher app that stands for a confirmed activity ---------------------------
def activity_from_record(
    *,
    origin: str,
    member: Member,
    committee: Committee,
    type: str,
    title: str,
    occurred_on: datetime.date,
    place: str = "",
    region: Region | None = None,
    people_reached: int = 0,
    summary: str,
    by: User | None,
    comment: str = "",
) -> Activity:
    """A confirmed activity that another app's record stands for (``origin``, e.g.
    ``"lecture:12"``: a 委员讲堂 lecture staff recorded as delivered). That record's step was the
    confirmation, so the activity starts confirmed; the record's own ledger fact counts it (the
    activity itself scores nothing, ``ledger.facts.activity_facts``), and it cannot be returned
    or unconfirmed here. Once per origin (a second call returns the first activity)."""
    if not origin:
        raise ValueError("an activity from a record needs its origin")
    existing = Activity.objects.filter(origin=origin).first()
    if existing is not None:
        return existing
    if type not in ActivityType.values:
        raise ValidationError({"type": _("请选择活动类型。")})
    now = timezone.now()
    activity = Activity(
        committee=committee,
        origin=origin,
        reporter=member,
        type=type,
        title=title[:80],
        occurred_on=occurred_on,
        place=place[:120],
        region=region,
        people_reached=people_reached or 0,
        summary=summary[:2000] or title,
        created_by=by if by is not None and by.is_authenticated else None,
        confirmed_by=by if by is not None and by.is_authenticated else None,
        status=Status.CONFIRMED,
        submitted_at=now,
        confirmed_at=now,
    )
    activity.full_clean(exclude=["origin"])
    activity.save()
    ActivityParticipant.objects.create(activity=activity, member=member)
    _created(activity, by=by, comment=comment)
    return activity
