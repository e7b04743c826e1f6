"""The liaison activity's transition table: every status change (and every recorded act on an
activity: attendance, publishing) is a row here and runs through ``ACTIVITY.run``.

A member logs an activity as a draft (or staff organise one, already submitted: those two, and an
activity a served duty shift creates already confirmed, are the initial states written on
creation); the member submits it; staff of its committee confirm it or return it with a reason;
a confirmation can be undone; a confirmed activity can be shown on the public feed.
"""

from __future__ import annotations

from functools import partial

from django.utils.translation import gettext_lazy as _

from core.workflow import Transition, Workflow

from .models import Activity, ActivityEvent

S = Activity.Status
Kind = ActivityEvent.Kind

# A draft or a returned activity is the reporter's to edit and submit.
EDITABLE = frozenset({S.DRAFT, S.RETURNED})


def _not_from_a_shift(activity: Activity) -> str | None:
    if activity.shift_id is not None:
        return str(_("值班签到生成的活动由值班记录决定，不能在此退回或撤销确认。"))
    if activity.origin:
        return str(_("委员讲堂授课生成的活动由讲堂订单决定，不能在此退回或撤销确认。"))
    return None


def _returnable(activity: Activity) -> str | None:
    if activity.reporter_id is None:
        return str(_("工作人员组织的活动无需退回，请直接修改出席情况。"))
    return _not_from_a_shift(activity)


# Past submission, every act on an activity is the committee staff's (``liaison.handle_activity``).
_staff = partial(Transition, perm="liaison.handle_activity")

ACTIVITY: Workflow[Activity] = Workflow(
    model=Activity,
    event_model=ActivityEvent,
    event_fk="activity",
    denied=_("您无权办理该活动。"),
    transitions=[
        Transition(
            "submit", EDITABLE, S.SUBMITTED, kind=Kind.SUBMITTED, perm="liaison.submit_activity"
        ),
        Transition(
            "confirm",
            {S.SUBMITTED},
            S.CONFIRMED,
            kind=Kind.CONFIRMED,
            perm="liaison.confirm_activity",
        ),
        _staff("return", {S.SUBMITTED}, S.RETURNED, kind=Kind.RETURNED, guard=_returnable),
        _staff(
            "unconfirm", {S.CONFIRMED}, S.SUBMITTED, kind=Kind.UNCONFIRMED, guard=_not_from_a_shift
        ),
        _staff("publish", {S.CONFIRMED}, None, kind=Kind.PUBLISHED),
        _staff("unpublish", {S.CONFIRMED}, None, kind=Kind.UNPUBLISHED),
        _staff("attendance", {S.SUBMITTED}, None, _("登记出席情况"), Kind.ATTENDANCE),
    ],
)
