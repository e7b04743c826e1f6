"""Reads for liaison activities and the 履职档案, shared by views, exports and tasks. Committee
scope comes from ScopedQuerySet.visible_to — never filtered here by hand."""

from __future__ import annotations

from django.db.models import OuterRef, Prefetch, Q

from accounts import roles
from core.queries import SubqueryCount

from .models import Activity, ActivityEvent, ActivityParticipant


def participant_count() -> SubqueryCount:
    """The number of members on an activity, counted for the rows a page shows only."""
    return SubqueryCount(ActivityParticipant.objects.filter(activity=OuterRef("pk")))


def _list_base(qs):
    return (
        qs.select_related("committee", "reporter", "workstation", "group", "special_committee")
        .annotate(participant_count=participant_count())
        .order_by("-occurred_on", "-pk")
    )


def my_activities(*, member):
    """What the member logged (drafts included) or took part in (once submitted). One UNION of
    two index lookups (reporter, participant): an OR of the two conditions read every activity."""
    reported = Activity.objects.filter(reporter=member).order_by().values("pk")
    took_part = (
        ActivityParticipant.objects.filter(member=member)
        .exclude(activity__status=Activity.Status.DRAFT)
        .order_by()
        .values("activity_id")
    )
    return _list_base(Activity.objects.filter(pk__in=reported.union(took_part)))


def activity_desk(*, user):
    """Staff's list: the committees they see, never anyone's drafts."""
    return _list_base(Activity.objects.visible_to(user).exclude(status=Activity.Status.DRAFT))


def activities_awaiting_confirmation(*, user):
    """活动待确认: the desk's default view and the office's tile."""
    return activity_desk(user=user).filter(status=Activity.Status.SUBMITTED)


# A member's own queues (``liaison:activity_mine?queue=…``; the member's tiles).
def my_activities_to_do(*, member):
    """草稿和退回: activities the member reported and has to finish or revise."""
    return _list_base(
        Activity.objects.filter(
            reporter=member, status__in=(Activity.Status.DRAFT, Activity.Status.RETURNED)
        )
    )


def my_activities_submitted(*, member):
    """待确认: activities the member reported, waiting for the office."""
    return _list_base(Activity.objects.filter(reporter=member, status=Activity.Status.SUBMITTED))


MEMBER_QUEUES = {"todo": my_activities_to_do, "submitted": my_activities_submitted}


def activity_detail(*, user):
    """An activity the user may open: their own (drafts too), one they took part in, or (staff
    and leaders) a submitted one in their scope. Anything else is a 404."""
    base = Activity.objects.select_related(
        "committee",
        "reporter",
        "workstation",
        "region",
        "group",
        "special_committee",
        "confirmed_by",
        "shift",
    ).prefetch_related(
        Prefetch(
            "participants",
            queryset=ActivityParticipant.objects.select_related(
                "member", "member__committee", "member__sector"
            ),
        ),
        Prefetch("events", queryset=ActivityEvent.objects.select_related("actor")),
        "photos",
        "opinions",
    )
    if not user.is_authenticated:
        return base.none()
    condition = Q(reporter__user=user)
    not_draft = ~Q(status=Activity.Status.DRAFT)
    took_part = ActivityParticipant.objects.filter(member__user=user).values("activity_id")
    condition |= not_draft & Q(pk__in=took_part)
    if roles.is_office_or_leader(user):
        condition |= not_draft & Q(pk__in=Activity.objects.visible_to(user).values("pk"))
    return base.filter(condition)


def public_feed():
    return (
        Activity.objects.filter(is_public=True, status=Activity.Status.CONFIRMED)
        .select_related("committee", "workstation")
        .prefetch_related("photos")
    )
