"""One duty shift: marks by the office, check-in, the visitors record, a raised matter, the
reminder the day before."""

from __future__ import annotations

import datetime
from typing import Unpack

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import User
from core.workflow import TransitionError
from ledger import services as ledger
from notifications.models import NoticeKind
from notifications.services import notice_add
from opinions.models import Channel
from opinions.services import LiaisonMatter, opinion_from_liaison

from .. import signals
from ..models import DutyShift, ShiftEvent
from ..workflows import MARKS, SHIFT

# One error for every workflow (core.workflow). ShiftError stays as an alias, not a subclass:
# every place that raised it was a state refusal (now the tables' sources and guards); input
# problems are ValidationErrors.
ShiftError = TransitionError


# --- marks by the office ---------------------------------------------------------------------
def _lock(shift: DutyShift) -> DutyShift:
    return (
        DutyShift.objects.select_for_update()
        .select_related("member", "workstation")
        .get(pk=shift.pk)
    )


def shift_cancel(*, shift: DutyShift, by: User, comment: str = "") -> DutyShift:
    return shift_mark(shift=shift, by=by, status=DutyShift.Status.CANCELLED, comment=comment)


@transaction.atomic
def shift_mark(*, shift: DutyShift, by: User, status: str, comment: str = "") -> DutyShift:
    """Staff record a shift as missed (缺勤, a deduction), excused (请假) or cancelled; marking it
    as what it already is changes nothing."""
    action = MARKS.get(status)
    if action is None:
        raise ValidationError({"status": _("请选择缺勤、请假或取消。")})
    locked = _lock(shift)
    SHIFT.check_actor(locked, action, by)
    if locked.status == status:
        return locked

    def apply(marked: DutyShift) -> None:
        if status == DutyShift.Status.MISSED and marked.date >= timezone.localdate():
            raise ValidationError({"status": _("值班日期还没过，不能标记为缺勤。")})

    return SHIFT.run(
        shift,
        action,
        by=by,
        comment=comment,
        apply=apply,
        after=_rescore,
    ).obj


def _rescore(shift: DutyShift, _event: ShiftEvent) -> None:
    ledger.ledger_on_shift_status(shift=shift)


# --- on the day -------------------------------------------------------------------------------
@transaction.atomic
def shift_check_in(*, shift: DutyShift, by: User) -> DutyShift:
    """The member on duty checks in (staff may do it for them). The shift is served: it becomes
    a confirmed liaison activity (liaison listens to ``signals.shift_served``) and earns the duty
    points — exactly once, however many times the check-in is submitted."""
    locked = _lock(shift)
    SHIFT.check_actor(locked, "check_in", by)
    if locked.status == DutyShift.Status.SERVED:
        return locked  # already checked in: nothing more
    now = timezone.now()

    def after(served: DutyShift, _event) -> None:
        signals.shift_served.send(sender=DutyShift, shift=served, by=by, at=now)
        ledger.ledger_on_shift_status(shift=served)

    return SHIFT.run(shift, "check_in", by=by, changes={"checked_in_at": now}, after=after).obj


def shift_record(*, shift: DutyShift, by: User, visitors_count: int, notes: str) -> DutyShift:
    """Visitors received and what happened, after check-in; the shift's activity follows."""

    def apply(locked: DutyShift) -> None:
        if visitors_count is None or visitors_count < 0:
            raise ValidationError({"visitors_count": _("接待人数不能为负数。")})
        locked.visitors_count = visitors_count
        locked.notes = notes

    def after(recorded: DutyShift, _event: ShiftEvent) -> None:
        signals.shift_recorded.send(sender=DutyShift, shift=recorded, by=by)

    return SHIFT.run(
        shift,
        "record",
        by=by,
        apply=apply,
        validate=True,
        data={"visitors": visitors_count},
        after=after,
    ).obj


@transaction.atomic
def shift_raise_matter(*, shift: DutyShift, by: User, **matter: Unpack[LiaisonMatter]):
    """A matter raised by a visitor becomes a 社情民意 item in one step (channel: duty shift)."""
    raised = {}
    data: dict = {}

    def apply(locked: DutyShift) -> None:
        opinion = opinion_from_liaison(
            by=by,
            author=locked.member,
            channel=Channel.DUTY,
            region=locked.workstation.region,
            **matter,
        )
        raised["opinion"] = opinion
        # read by the runner when it writes the event, after apply
        data.update(opinion=opinion.pk, code=opinion.tracking_code)

    def after(locked: DutyShift, _event) -> None:
        opinion = raised["opinion"]
        locked.opinions.add(opinion)
        signals.shift_matter_raised.send(sender=DutyShift, shift=locked, opinion=opinion, by=by)
        ledger.ledger_on_opinion_submitted(opinion=opinion)

    SHIFT.run(shift, "matter", by=by, apply=apply, data=data, after=after)
    return raised["opinion"]


# --- reminders --------------------------------------------------------------------------------
def shift_reminders_send(*, day: datetime.date | None = None) -> int:
    """In-app notice to each member on duty ``day`` (default: tomorrow). Idempotent: the notice's
    source key is the shift, so running this twice stores each notice once."""
    day = day or timezone.localdate() + datetime.timedelta(days=1)
    shifts = DutyShift.objects.filter(
        date=day, status=DutyShift.Status.PLANNED, member__user__isnull=False
    ).select_related("member__user", "workstation")
    sent = 0
    for shift in shifts:
        # In the portal's language, not whatever language the worker thread last served.
        with translation.override(settings.LANGUAGE_CODE):
            text = _("值班提醒：您明天（%(date)s）%(start)s-%(end)s 在%(place)s值班。") % {
                "date": shift.date,
                "start": f"{shift.starts_at:%H:%M}",
                "end": f"{shift.ends_at:%H:%M}",
                "place": shift.workstation.name,
            }
        notice_add(
            user=shift.member.user,
            text=text,
            link=reverse("workstations:shift_detail", args=[shift.pk]),
            cause=f"duty-reminder:{shift.pk}:{shift.date:%Y%m%d}",
            kind=NoticeKind.DUTY,
        )
        sent += 1
    return sent
