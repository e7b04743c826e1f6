"""What the liaison services share: the details a member or staff write about an activity
(``ActivityDetails``), the first event of a new activity, its participants and its photos."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any, Required, TypedDict

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from accounts.models import User
from core.uploads import CleanUpload
from core.workflow import TransitionError
from members.models import Member
from org.models import Region
from workstations.models import Workstation

from ..models import Activity, ActivityEvent, ActivityParticipant, ActivityPhoto
from ..workflows import ACTIVITY

MAX_PHOTOS = 6
Status = Activity.Status
Kind = ActivityEvent.Kind


class ActivityDetails(TypedDict, total=False):
    """What a member writes about an activity (activity_save), and staff when they organise one
    (activity_organise); the edit page's initial data reads the same fields (ACTIVITY_FIELDS)."""

    type: Required[str]
    title: Required[str]
    occurred_on: Required[datetime.date]
    ends_on: datetime.date | None
    place: str
    workstation: Workstation | None
    region: Region | None
    people_reached: int | None
    summary: Required[str]
    outcome: str


ACTIVITY_FIELDS = tuple(ActivityDetails.__annotations__)


def _written(details: ActivityDetails) -> dict[str, Any]:
    """The activity's written fields: those given, the others at the model's default (an edit
    that leaves a field out clears it, as the form does)."""
    unknown = details.keys() - set(ACTIVITY_FIELDS)
    if unknown:
        raise TypeError(f"not an activity field: {', '.join(sorted(unknown))}")
    written = {
        f.name: f.get_default() for f in Activity._meta.concrete_fields if f.name in ACTIVITY_FIELDS
    }
    written.update(details)
    written["people_reached"] = written["people_reached"] or 0
    return written


# One error for every workflow (core.workflow); the old name stays for existing imports.
ActivityTransitionError = TransitionError


def _lock(activity: Activity) -> Activity:
    return ACTIVITY.lock(activity)


def _created(activity: Activity, *, by: User | None, comment: str = "") -> ActivityEvent:
    """The first event of a new activity: its initial state (the runner writes all later ones)."""
    kind = Kind.CREATED if activity.status != Status.CONFIRMED else Kind.CONFIRMED
    return ACTIVITY.record(activity, kind=kind, by=by, to_status=activity.status, comment=comment)


def _store_photos(activity: Activity, photos: Iterable[CleanUpload]) -> None:
    photos = list(photos)
    if not photos:
        return
    if any(not p.content_type.startswith("image/") for p in photos):
        raise ValidationError({"photos": _("活动照片只能上传 JPG 或 PNG 图片。")})
    if activity.photos.count() + len(photos) > MAX_PHOTOS:
        raise ValidationError({"photos": _("每次活动最多上传 %(n)s 张照片。") % {"n": MAX_PHOTOS}})
    for upload in photos:
        ActivityPhoto.store(upload, activity=activity)


def _set_participants(activity: Activity, members: Iterable[Member]) -> None:
    wanted = {m.pk: m for m in members}
    existing = set(activity.participants.values_list("member_id", flat=True))
    activity.participants.exclude(member_id__in=wanted).delete()
    ActivityParticipant.objects.bulk_create(
        [
            ActivityParticipant(activity=activity, member=m)
            for pk, m in wanted.items()
            if pk not in existing
        ]
    )
