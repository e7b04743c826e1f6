"""Members with no liaison activity in 30 days (run by liaison.tasks on the schedule in
settings.CELERY_BEAT_SCHEDULE): once a month, a nudge to each such member and one list of them
to their committee's staff, through the notification centre (``reminders_send``: once per
member, or committee, and month, whatever runs twice).

A member counts as active who reported, or attended, an activity submitted or confirmed
(drafts and returned ones do not count) that took place — or ended — within the last
INACTIVE_DAYS days; a served duty shift is such an activity. Members who joined less than
INACTIVE_DAYS ago, and members suspended or gone, are left alone. The job runs every day and
does nothing on a day off (org.calendar); a committee's month is done on the first working day
it finds inactive members, and its members are nudged in the same run, so a month brings at
most one nudge each and one list."""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import User
from core.text import pinyin_sort_key
from members.models import Member
from notifications.models import NoticeKind
from notifications.selectors import reminders_sent
from notifications.services import Due, notice_add, reminders_claim, reminders_send
from org.calendar import is_working_day

from .models import Activity, ActivityParticipant

INACTIVE_DAYS = 30
COUNTED = (Activity.Status.SUBMITTED, Activity.Status.CONFIRMED)
NAMES_SHOWN = 20


def members_without_activity(*, today: datetime.date, committee_ids=None):
    """Active members, in post for INACTIVE_DAYS days or more, with no activity counted (see
    the module's docstring) in the INACTIVE_DAYS days up to ``today``."""
    since = today - datetime.timedelta(days=INACTIVE_DAYS)
    recent = Q(occurred_on__gte=since) | Q(ends_on__gte=since)
    reported = Activity.objects.filter(recent, reporter=OuterRef("pk"), status__in=COUNTED)
    attended = ActivityParticipant.objects.filter(
        member=OuterRef("pk"), attended=True, activity__status__in=COUNTED
    ).filter(Q(activity__occurred_on__gte=since) | Q(activity__ends_on__gte=since))
    joined_before = timezone.make_aware(datetime.datetime.combine(since, datetime.time.min))
    members = Member.objects.filter(status=Member.Status.ACTIVE, created_at__lt=joined_before)
    if committee_ids is not None:
        members = members.filter(committee_id__in=committee_ids)
    return members.exclude(Exists(reported)).exclude(Exists(attended))


def _list_key(committee_id: int, today: datetime.date) -> str:
    return f"inactive-list:{today:%Y%m}:{committee_id}"


def inactive_members_remind(*, today: datetime.date | None = None) -> int:
    """This month's nudges and lists, for the committees not done yet this month. Returns how
    many members were listed."""
    today = today or timezone.localdate()
    if not is_working_day(today):
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        committees = set(
            members_without_activity(today=today)
            .order_by()
            .values_list("committee_id", flat=True)
            .distinct()
        )
        done = reminders_sent(keys=[_list_key(c, today) for c in committees])
        pending = [c for c in committees if _list_key(c, today) not in done]
        if not pending:
            return 0
        by_committee: dict[int, list[Member]] = defaultdict(list)
        for member in (
            members_without_activity(today=today, committee_ids=pending)
            .select_related("user")
            .order_by("committee_id", "name", "pk")
        ):
            by_committee[member.committee_id].append(member)
        staff: dict[int | None, list[User]] = defaultdict(list)
        for user in User.objects.filter(
            committee_id__in=pending, role=User.Role.STAFF, is_active=True
        ).order_by("pk"):
            staff[user.committee_id].append(user)
        listed = 0
        for committee_id, members in by_committee.items():
            members.sort(key=lambda member: pinyin_sort_key(member.name))  # ADR 0014
            listed += _committee_remind(committee_id, members, staff[committee_id], today)
        return listed


def _committee_remind(
    committee_id: int, members: list[Member], staff: list[User], today: datetime.date
) -> int:
    names = "、".join(member.name for member in members[:NAMES_SHOWN])
    if len(members) > NAMES_SHOWN:
        names += _("等")
    list_key = _list_key(committee_id, today)
    text = _("%(month)s：%(n)s 位委员 %(days)s 天内没有履职活动：%(names)s。") % {
        "month": f"{today:%Y-%m}",
        "n": len(members),
        "days": INACTIVE_DAYS,
        "names": names,
    }
    link = reverse("members:directory") + f"?committee={committee_id}&status=active"
    nudges = [
        Due(
            key=f"inactive:{today:%Y%m}:{member.pk}",
            users=[member.user],
            text=_(
                "您已 %(days)s 天没有填报履职活动。走访、座谈、值班、讲堂……联系群众的工作，"
                "都可以在“我的履职活动”中记录。"
            )
            % {"days": INACTIVE_DAYS},
            link=reverse("liaison:activity_new"),
        )
        for member in members
        if member.user is not None and member.user.is_active
    ]
    # The list and the nudges in one transaction: the list's key marks the committee's month
    # done (even where the committee has no staff account to tell).
    with transaction.atomic():
        if not reminders_claim(keys=[list_key]):
            return 0
        for user in staff:
            notice_add(user=user, text=text, link=link, cause=list_key, kind=NoticeKind.ACTIVITY)
        reminders_send(due=nudges, kind=NoticeKind.ACTIVITY)
    return len(members)
