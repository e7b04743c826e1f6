"""Activities staff organise: one a member group (编组下沉, 界别活动组) or a special committee
held for many members at once, and the attendance staff record on a submitted activity."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Unpack

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core.uploads import CleanUpload
from members.models import Member, MemberGroup
from org.models import Committee, SpecialCommittee

from ..models import Activity, ActivityParticipant, ActivityType
from ..workflows import ACTIVITY
from .common import ActivityDetails, Status, _created, _set_participants, _store_photos, _written


@transaction.atomic
def activity_organise(
    *,
    by: User,
    committee: Committee,
    members: Iterable[Member],
    group: MemberGroup | None = None,
    special_committee: SpecialCommittee | None = None,
    photos: Iterable[CleanUpload] = (),
    **details: Unpack[ActivityDetails],
) -> Activity:
    """Staff record an activity a member group (编组下沉, 界别活动组) or a special committee
    organised for many members at once. It waits for attendance and confirmation."""
    activity = Activity(
        committee=committee,
        group=group,
        special_committee=special_committee,
        status=Status.SUBMITTED,
        submitted_at=timezone.now(),
        **_written(details),
    )
    if not by.has_perm("liaison.handle_activity", activity):
        raise PermissionDenied(_("您无权为该政协组织登记活动。"))
    activity.created_by = by
    members = list(members)
    if group is not None:
        if group.committee_id != committee.pk:
            raise ValidationError({"group": _("所选小组不属于该政协组织。")})
        members += list(group.members.all())
    if special_committee is not None:
        if special_committee.committee_id != committee.pk:
            raise ValidationError({"special_committee": _("所选专委会不属于该政协组织。")})
        members += list(special_committee.members.filter(status=Member.Status.ACTIVE))
    members = list({m.pk: m for m in members}.values())
    if not members:
        raise ValidationError({"members": _("请至少选择一位参加委员，或选择一个委员小组/专委会。")})
    if any(m.committee_id != committee.pk for m in members):
        raise ValidationError({"members": _("参加委员须属于该政协组织。")})
    if details["type"] not in ActivityType.values:
        raise ValidationError({"type": _("请选择活动类型。")})
    activity.full_clean()
    activity.save()
    _set_participants(activity, members)
    _store_photos(activity, photos)
    _created(activity, by=by)
    return activity


def activity_set_attendance(
    *, activity: Activity, by: User, attended: Iterable[int], excused: Iterable[int] = ()
) -> Activity:
    """Record who attended (member ids); the others are absent (or excused)."""
    attended, excused = set(attended), set(excused) - set(attended)

    def apply(locked: Activity) -> None:
        participants = list(locked.participants.all())
        for participant in participants:
            participant.attended = participant.member_id in attended
            participant.excused = participant.member_id in excused
        ActivityParticipant.objects.bulk_update(participants, ["attended", "excused"])

    # a submitted activity's participants are fixed (only a draft or a returned one is edited)
    count = activity.participants.filter(member_id__in=attended).count()
    return ACTIVITY.run(
        activity,
        "attendance",
        by=by,
        comment=_("出席 %(n)s 人") % {"n": count},
        apply=apply,
    ).obj
