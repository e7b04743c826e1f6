"""Every write to a liaison activity (联系群众活动) goes through these functions.

A member logs an activity (a draft until submitted); staff of the activity's committee confirm it
(every attending participant gets it on their 履职档案) or return it with a reason; a confirmation
can be undone, which reverses the points. Staff may also organise an activity for a member group or
a special committee and record attendance per member.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any, Required, TypedDict, Unpack

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core.access import is_self
from core.uploads import CleanUpload
from core.workflow import TransitionError
from ledger import services as ledger
from members.models import Member, MemberGroup
from notifications.models import NoticeKind
from notifications.services import notice_add
from opinions.models import Channel
from opinions.services import LiaisonMatter, opinion_from_liaison
from org.models import Committee, Region, SpecialCommittee
from workstations.models import DutyShift, Workstation

from .models import Activity, ActivityEvent, ActivityParticipant, ActivityPhoto, ActivityType
from .workflows import ACTIVITY, EDITABLE

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


# --- members log their own activities -------------------------------------------------------
def activity_save(
    *,
    by: User,
    reporter: Member,
    activity: Activity | None = None,
    co_members: Iterable[Member] = (),
    opinions: Iterable = (),
    photos: Iterable[CleanUpload] = (),
    dedupe_token: str | None = None,
    **details: Unpack[ActivityDetails],
) -> Activity:
    """Create a draft, or edit a draft or a returned activity. The reporter is always a
    participant; ``co_members`` are the other members who took part."""
    if not is_self(by, reporter.user_id):
        raise PermissionDenied(_("只能填报本人参加的活动。"))
    if activity is None and dedupe_token:
        existing = Activity.objects.filter(dedupe_token=dedupe_token, reporter=reporter).first()
        if existing is not None:
            return existing
    co_members = [m for m in co_members if m.pk != reporter.pk]
    if any(
        not (m.committee_id == reporter.committee_id or m.committee.is_municipal)
        for m in co_members
    ):
        raise ValidationError({"co_members": _("参加委员须是本政协组织或市政协的委员。")})
    opinions = list(opinions)
    if any(o.author_id != reporter.pk for o in opinions):
        raise ValidationError({"opinions": _("只能关联本人报送的社情民意。")})
    fields = _written(details)
    try:
        with transaction.atomic():
            if activity is None:
                activity = Activity(
                    committee_id=reporter.committee_id,
                    reporter=reporter,
                    created_by=by,
                    status=Status.DRAFT,
                    dedupe_token=dedupe_token or None,
                    **fields,
                )
                activity.full_clean()
                activity.save()
                _created(activity, by=by)
            else:
                activity = _lock(activity)
                if activity.reporter_id != reporter.pk:
                    raise PermissionDenied(_("只能修改本人填报的活动。"))
                ACTIVITY.edit_locked(
                    activity,
                    fields,
                    editable=EDITABLE,
                    refusal=_("当前状态“%(status)s”下不能修改。"),
                )
            _set_participants(activity, [reporter, *co_members])
            activity.opinions.set(opinions)
            _store_photos(activity, photos)
    except IntegrityError:
        if dedupe_token:
            existing = Activity.objects.filter(dedupe_token=dedupe_token).first()
            if existing is not None:
                return existing
        raise
    return activity


def activity_submit(*, activity: Activity, by: User) -> Activity:
    """The reporter sends a draft (or a returned activity) to staff; the record is validated
    again (dates, workstation) on the way."""
    return ACTIVITY.run(
        activity,
        "submit",
        by=by,
        changes={"submitted_at": timezone.now(), "return_reason": ""},
        validate=True,
    ).obj


# --- staff ---------------------------------------------------------------------------------
def activity_confirm(*, activity: Activity, by: User, comment: str = "") -> Activity:
    """Every attending participant gets the activity on their 履职档案 (in the same transaction)."""
    return ACTIVITY.run(
        activity,
        "confirm",
        by=by,
        comment=comment,
        changes={"confirmed_by": by, "confirmed_at": timezone.now()},
        after=_score,
    ).obj


def _score(activity: Activity, _event: ActivityEvent) -> None:
    ledger.ledger_on_activity_confirmed(activity=activity)


def _required_reason(reason: str, message) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": message})
    return reason


def activity_return(*, activity: Activity, by: User, reason: str) -> Activity:
    reason = (reason or "").strip()

    def apply(locked: Activity) -> None:
        locked.return_reason = _required_reason(reason, _("请写明退回的理由。"))[:200]

    def after(returned: Activity, _event) -> None:
        _notify_reporter(
            returned,
            _("您填报的活动“%(title)s”被退回：%(reason)s")
            % {"title": returned.title, "reason": reason},
            f"activity-returned:{returned.pk}:{returned.events.count()}",
        )

    return ACTIVITY.run(activity, "return", by=by, comment=reason, apply=apply, after=after).obj


def activity_unconfirm(*, activity: Activity, by: User, reason: str) -> Activity:
    """Undo a confirmation (it was a mistake): back to 待确认, and the points are reversed."""
    reason = (reason or "").strip()

    def apply(_locked: Activity) -> None:
        _required_reason(reason, _("请写明撤销确认的理由。"))

    def after(undone: Activity, _event: ActivityEvent) -> None:
        ledger.ledger_on_activity_unconfirmed(activity=undone, reason=reason)

    return ACTIVITY.run(
        activity,
        "unconfirm",
        by=by,
        comment=reason,
        apply=apply,
        changes={"confirmed_by": None, "confirmed_at": None, "is_public": False},
        after=after,
    ).obj


@transaction.atomic
def activity_set_public(*, activity: Activity, by: User, public: bool) -> Activity:
    """Show a confirmed activity on the public feed, or take it off; asking for the state it is
    already in changes nothing and writes no event."""
    action = "publish" if public else "unpublish"
    locked = ACTIVITY.lock(activity)
    ACTIVITY.check_actor(locked, action, by)
    if public:
        ACTIVITY.check_state(locked, action)
    if locked.is_public == public:
        return locked
    return ACTIVITY.run(activity, action, by=by, changes={"is_public": public}).obj


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


@transaction.atomic
def activity_add_opinion(*, activity: Activity, by: User, **matter: Unpack[LiaisonMatter]):
    """A matter raised by the public during the activity becomes a 社情民意 item in one step,
    authored by the reporting member and linked to the activity."""

    activity = _lock(activity)
    reporter = activity.reporter
    if reporter is None or not by.has_perm("liaison.record_matter", activity):
        raise PermissionDenied(_("只能在本人填报的活动中记录群众反映的事项。"))
    channel = Channel.GRID if activity.type == ActivityType.GRID_VISIT else Channel.MEMBER
    opinion = opinion_from_liaison(
        by=by, author=reporter, channel=channel, region=activity.region, **matter
    )
    activity.opinions.add(opinion)
    ledger.ledger_on_opinion_submitted(opinion=opinion)
    return opinion


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


def _notify_reporter(activity: Activity, text: str, source: str) -> None:
    reporter = activity.reporter
    if reporter is None or reporter.user_id is None:
        return
    notice_add(
        user=User.objects.get(pk=reporter.user_id),
        text=text,
        link=reverse("liaison:activity_detail", args=[activity.pk]),
        cause=source,
        kind=NoticeKind.ACTIVITY,
    )
