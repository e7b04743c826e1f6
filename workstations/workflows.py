"""The duty shift's and the shift swap's transition tables: every status change (and every act
recorded on a shift) is a row here and runs through ``SHIFT.run`` / ``SWAP.run``.

A shift is planned (its initial state, written on planning), the member on duty checks in on the
day (served: a confirmed liaison activity and the duty points), records the visitors and raises
their matters; staff mark a shift missed (a deduction), excused or cancelled, and may correct that
mark later. A member asks a colleague to take an upcoming shift (a swap, pending on creation);
staff approve (the shift moves to the colleague) or reject it.
"""

from __future__ import annotations

from functools import partial

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.workflow import Transition, Workflow

from .models import DutyShift, ShiftEvent, ShiftSwap

S = DutyShift.Status
Kind = ShiftEvent.Kind

# Staff may mark any shift that was not served, and correct their mark later.
NOT_SERVED = frozenset({S.PLANNED, S.MISSED, S.EXCUSED, S.CANCELLED})


def _on_or_after_the_day(shift: DutyShift) -> str | None:
    if shift.date > timezone.localdate():
        return str(_("值班当天才能签到。"))
    return None


def _still_ahead(shift: DutyShift) -> str | None:
    if shift.date < timezone.localdate():
        return str(_("只有尚未到期的待值班才能申请换班。"))
    return None


_on_duty = partial(Transition, perm="workstations.serve_shift")
_owner = partial(Transition, perm="workstations.own_shift")
_staff = partial(Transition, perm="workstations.manage_shift")

SHIFT: Workflow[DutyShift] = Workflow(
    model=DutyShift,
    event_model=ShiftEvent,
    event_fk="shift",
    denied=_("您无权办理该值班。"),
    transitions=[
        _on_duty(
            "check_in", {S.PLANNED}, S.SERVED, kind=Kind.CHECKED_IN, guard=_on_or_after_the_day
        ),
        _on_duty("record", {S.SERVED}, None, kind=Kind.RECORDED),
        _owner("matter", {S.SERVED}, None, kind=Kind.MATTER),
        _owner("request_swap", {S.PLANNED}, None, kind=Kind.SWAP_REQUESTED, guard=_still_ahead),
        _staff("mark_missed", NOT_SERVED - {S.MISSED}, S.MISSED, _("标记为缺勤"), Kind.STATUS),
        _staff("mark_excused", NOT_SERVED - {S.EXCUSED}, S.EXCUSED, _("标记为请假"), Kind.STATUS),
        _staff("cancel", NOT_SERVED - {S.CANCELLED}, S.CANCELLED, _("取消"), Kind.STATUS),
    ],
)

# The mark a staff member picks (ShiftMarkForm) → the transition that sets it.
MARKS: dict[str, str] = {S.MISSED: "mark_missed", S.EXCUSED: "mark_excused", S.CANCELLED: "cancel"}


def _shift_unchanged(swap: ShiftSwap) -> str | None:
    shift = swap.shift
    if shift.status != S.PLANNED or shift.member_id != swap.from_member_id:
        return str(_("该值班已变更，不能再换班。"))
    return None


W = ShiftSwap.Status

# A swap's events are rows of its shift's timeline (ShiftEvent.swap points at the swap; the run
# passes ``event_fields={"shift": …}``); their from/to are the swap's states.
_decide = partial(Transition, perm="workstations.decide_swap")

SWAP: Workflow[ShiftSwap] = Workflow(
    model=ShiftSwap,
    event_model=ShiftEvent,
    event_fk="swap",
    denied=_("只有本政协组织的工作人员可以审批换班。"),
    transitions=[
        _decide(
            "approve", {W.PENDING}, W.APPROVED, kind=Kind.SWAP_APPROVED, guard=_shift_unchanged
        ),
        _decide("reject", {W.PENDING}, W.REJECTED, kind=Kind.SWAP_REJECTED),
        # the member who asked, while the office has not decided
        _owner("withdraw", {W.PENDING}, W.WITHDRAWN, kind=Kind.SWAP_WITHDRAWN),
    ],
)
