"""Every write to a liaison activity (联系群众活动) goes through these functions.

A member logs an activity (a draft until submitted); staff of the activity's committee confirm it
(every attending participant gets it on their 履职档案) or return it with a reason; a confirmation
can be undone, which reverses the points. Staff may also organise an activity for a member group or
a special committee and record attendance per member.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core.uploads import CleanUpload
from ledger import services as ledger
from members.models import Member, MemberGroup
from notifications.services import notice_add
from opinions.models import Channel
from opinions.services import opinion_from_liaison
from org import scope
from org.models import Committee, SpecialCommittee

from .models import Activity, ActivityEvent, ActivityParticipant, ActivityPhoto, ActivityType

MAX_PHOTOS = 6
Status = Activity.Status
Kind = ActivityEvent.Kind
ACTIVITY_FIELDS = (
    "type",
    "title",
    "occurred_on",
    "ends_on",
    "place",
    "workstation",
    "region",
    "people_reached",
    "summary",
    "outcome",
)


class ActivityTransitionError(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


def _lock(activity: Activity) -> Activity:
    return Activity.objects.select_for_update().get(pk=activity.pk)


def _event(activity, *, kind, by, from_status="", to_status="", comment="") -> ActivityEvent:
    return ActivityEvent.objects.create(
        activity=activity,
        kind=kind,
        actor=by if by is not None and by.is_authenticated else None,
        from_status=from_status,
        to_status=to_status,
        comment=comment[:200],
    )


def _guard(allowed: bool, activity: Activity, action: str) -> None:
    if not allowed:
        raise ActivityTransitionError(
            _("当前状态“%(status)s”下不能%(action)s。")
            % {"status": activity.get_status_display(), "action": action}
        )


def _check_office(by: User, activity: Activity) -> None:
    if not (by.is_authenticated and by.is_office):
        raise PermissionDenied(_("只有政协机关工作人员可以办理。"))
    if not scope.can_change_committee(by, activity.committee_id):
        raise PermissionDenied(_("您无权办理其他政协组织的活动。"))


def _store_photos(activity: Activity, photos: Iterable[CleanUpload]) -> None:
    photos = list(photos)
    if not photos:
        return
    if any(not p.content_type.startswith("image/") for p in photos):
        raise ValidationError({"photos": _("活动照片只能上传 JPG 或 PNG 图片。")})
    if activity.photos.count() + len(photos) > MAX_PHOTOS:
        raise ValidationError({"photos": _("每次活动最多上传 %(n)s 张照片。") % {"n": MAX_PHOTOS}})
    for upload in photos:
        photo = ActivityPhoto(
            activity=activity,
            token=upload.token,
            original_name=upload.original_name,
            content_type=upload.content_type,
            size=len(upload.data),
        )
        photo.file.save(photo.extension, ContentFile(upload.data), save=False)
        photo.save()


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
    type: str,
    title: str,
    occurred_on: datetime.date,
    summary: str,
    ends_on: datetime.date | None = None,
    place: str = "",
    workstation=None,
    region=None,
    people_reached: int = 0,
    outcome: str = "",
    co_members: Iterable[Member] = (),
    opinions: Iterable = (),
    photos: Iterable[CleanUpload] = (),
    dedupe_token: str | None = None,
) -> Activity:
    """Create a draft, or edit a draft or a returned activity. The reporter is always a
    participant; ``co_members`` are the other members who took part."""
    if reporter.user_id != by.pk:
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
    fields = dict(
        type=type,
        title=title,
        occurred_on=occurred_on,
        ends_on=ends_on,
        place=place,
        workstation=workstation,
        region=region,
        people_reached=people_reached or 0,
        summary=summary,
        outcome=outcome,
    )
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
                _event(activity, kind=Kind.CREATED, by=by, to_status=Status.DRAFT)
            else:
                activity = _lock(activity)
                if activity.reporter_id != reporter.pk:
                    raise PermissionDenied(_("只能修改本人填报的活动。"))
                _guard(activity.can_edit(), activity, _("修改"))
                for field, value in fields.items():
                    setattr(activity, field, value)
                activity.full_clean()
                activity.save()
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


@transaction.atomic
def activity_submit(*, activity: Activity, by: User) -> Activity:
    activity = _lock(activity)
    if activity.reporter is None or activity.reporter.user_id != by.pk:
        raise PermissionDenied(_("只能提交本人填报的活动。"))
    _guard(activity.can_submit(), activity, _("提交"))
    activity.full_clean()
    from_status = activity.status
    activity.status = Status.SUBMITTED
    activity.submitted_at = timezone.now()
    activity.return_reason = ""
    activity.save()
    _event(
        activity, kind=Kind.SUBMITTED, by=by, from_status=from_status, to_status=Status.SUBMITTED
    )
    return activity


# --- staff ---------------------------------------------------------------------------------
@transaction.atomic
def activity_confirm(*, activity: Activity, by: User, comment: str = "") -> Activity:
    activity = _lock(activity)
    _check_office(by, activity)
    member = getattr(by, "member", None)
    if member is not None and (
        activity.reporter_id == member.pk or activity.participants.filter(member=member).exists()
    ):
        raise PermissionDenied(_("不能确认本人填报或参加的活动。"))
    _guard(activity.can_confirm(), activity, _("确认"))
    from_status = activity.status
    activity.status = Status.CONFIRMED
    activity.confirmed_by = by
    activity.confirmed_at = timezone.now()
    activity.save()
    _event(
        activity,
        kind=Kind.CONFIRMED,
        by=by,
        from_status=from_status,
        to_status=Status.CONFIRMED,
        comment=comment,
    )
    ledger.ledger_on_activity_confirmed(activity=activity)
    return activity


@transaction.atomic
def activity_return(*, activity: Activity, by: User, reason: str) -> Activity:
    activity = _lock(activity)
    _check_office(by, activity)
    _guard(activity.can_return(), activity, _("退回"))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("请写明退回的理由。")})
    if activity.reporter_id is None:
        raise ValidationError(_("工作人员组织的活动无需退回，请直接修改出席情况。"))
    from_status = activity.status
    activity.status = Status.RETURNED
    activity.return_reason = reason[:200]
    activity.save()
    _event(
        activity,
        kind=Kind.RETURNED,
        by=by,
        from_status=from_status,
        to_status=Status.RETURNED,
        comment=reason,
    )
    _notify_reporter(
        activity,
        _("您填报的活动“%(title)s”被退回：%(reason)s")
        % {"title": activity.title, "reason": reason},
        f"activity-returned:{activity.pk}:{activity.events.count()}",
    )
    return activity


@transaction.atomic
def activity_unconfirm(*, activity: Activity, by: User, reason: str) -> Activity:
    """Undo a confirmation (it was a mistake): back to 待确认, and the points are reversed."""
    activity = _lock(activity)
    _check_office(by, activity)
    _guard(activity.can_unconfirm(), activity, _("撤销确认"))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("请写明撤销确认的理由。")})
    activity.status = Status.SUBMITTED
    activity.confirmed_by = None
    activity.confirmed_at = None
    activity.is_public = False
    activity.save()
    _event(
        activity,
        kind=Kind.UNCONFIRMED,
        by=by,
        from_status=Status.CONFIRMED,
        to_status=Status.SUBMITTED,
        comment=reason,
    )
    ledger.ledger_on_activity_unconfirmed(activity=activity, reason=reason)
    return activity


@transaction.atomic
def activity_set_public(*, activity: Activity, by: User, public: bool) -> Activity:
    activity = _lock(activity)
    _check_office(by, activity)
    if public:
        _guard(activity.can_publish(), activity, _("公开展示"))
    if activity.is_public != public:
        activity.is_public = public
        activity.save(update_fields=["is_public", "updated_at"])
        _event(activity, kind=Kind.PUBLISHED if public else Kind.UNPUBLISHED, by=by)
    return activity


@transaction.atomic
def activity_organise(
    *,
    by: User,
    committee: Committee,
    type: str,
    title: str,
    occurred_on: datetime.date,
    summary: str,
    members: Iterable[Member],
    group: MemberGroup | None = None,
    special_committee: SpecialCommittee | None = None,
    ends_on=None,
    place: str = "",
    workstation=None,
    region=None,
    people_reached: int = 0,
    outcome: str = "",
    photos: Iterable[CleanUpload] = (),
) -> Activity:
    """Staff record an activity a member group (编组下沉, 界别活动组) or a special committee
    organised for many members at once. It waits for attendance and confirmation."""
    if not (by.is_authenticated and by.is_office and scope.can_change_committee(by, committee.pk)):
        raise PermissionDenied(_("您无权为该政协组织登记活动。"))
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
    if type not in ActivityType.values:
        raise ValidationError({"type": _("请选择活动类型。")})
    activity = Activity(
        committee=committee,
        type=type,
        title=title,
        occurred_on=occurred_on,
        ends_on=ends_on,
        place=place,
        workstation=workstation,
        region=region,
        people_reached=people_reached or 0,
        summary=summary,
        outcome=outcome,
        group=group,
        special_committee=special_committee,
        created_by=by,
        status=Status.SUBMITTED,
        submitted_at=timezone.now(),
    )
    activity.full_clean()
    activity.save()
    _set_participants(activity, members)
    _store_photos(activity, photos)
    _event(activity, kind=Kind.CREATED, by=by, to_status=Status.SUBMITTED)
    return activity


@transaction.atomic
def activity_set_attendance(
    *, activity: Activity, by: User, attended: Iterable[int], excused: Iterable[int] = ()
) -> Activity:
    """Record who attended (member ids); the others are absent (or excused)."""
    activity = _lock(activity)
    _check_office(by, activity)
    _guard(activity.status == Status.SUBMITTED, activity, _("登记出席情况"))
    attended, excused = set(attended), set(excused) - set(attended)
    participants = list(activity.participants.all())
    for participant in participants:
        participant.attended = participant.member_id in attended
        participant.excused = participant.member_id in excused
    ActivityParticipant.objects.bulk_update(participants, ["attended", "excused"])
    _event(
        activity,
        kind=Kind.ATTENDANCE,
        by=by,
        comment=_("出席 %(n)s 人") % {"n": sum(p.attended for p in participants)},
    )
    return activity


@transaction.atomic
def activity_add_opinion(
    *,
    activity: Activity,
    by: User,
    title: str,
    content: str,
    suggestion: str = "",
    submitter_name: str = "",
    submitter_phone: str = "",
    category=None,
):
    """A matter raised by the public during the activity becomes a 社情民意 item in one step,
    authored by the reporting member and linked to the activity."""

    activity = _lock(activity)
    if activity.reporter is None or activity.reporter.user_id != by.pk:
        raise PermissionDenied(_("只能在本人填报的活动中记录群众反映的事项。"))
    channel = Channel.GRID if activity.type == ActivityType.GRID_VISIT else Channel.MEMBER
    opinion = opinion_from_liaison(
        by=by,
        author=activity.reporter,
        channel=channel,
        title=title,
        content=content,
        suggestion=suggestion,
        submitter_name=submitter_name,
        submitter_phone=submitter_phone,
        category=category,
        region=activity.region,
    )
    activity.opinions.add(opinion)
    ledger.ledger_on_opinion_submitted(opinion=opinion)
    return opinion


def _notify_reporter(activity: Activity, text: str, source: str) -> None:
    reporter = activity.reporter
    if reporter is None or reporter.user_id is None:
        return
    notice_add(
        user=User.objects.get(pk=reporter.user_id),
        text=text,
        link=reverse("liaison:activity_detail", args=[activity.pk]),
        cause=source,
    )
