"""A member's own activity and its review: the member logs it (a draft until submitted) and
records the matters the public raised during it; staff of the activity's committee confirm it
(every attending participant gets it on their 履职档案) or return it with a reason, undo a
confirmation (which reverses the points) and show it on the public feed or take it off."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Unpack

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core.access import is_self
from core.uploads import CleanUpload
from ledger import services as ledger
from members.models import Member
from notifications.models import NoticeKind
from notifications.services import notice_add
from opinions.models import Channel
from opinions.services import LiaisonMatter, opinion_from_liaison

from ..models import Activity, ActivityEvent, ActivityType
from ..workflows import ACTIVITY, EDITABLE
from .common import (
    ActivityDetails,
    Status,
    _created,
    _lock,
    _set_participants,
    _store_photos,
    _written,
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
