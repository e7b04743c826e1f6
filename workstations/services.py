"""Every write to workstations, assignments and duty rotas goes through these functions."""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import User
from core.workflow import TransitionError
from ledger import services as ledger
from members.models import Member
from notifications.services import notice_add
from opinions.models import Channel
from opinions.services import opinion_from_liaison

from . import signals
from .models import DutyShift, ShiftEvent, ShiftSwap, Workstation, WorkstationMember
from .workflows import MARKS, SHIFT, SWAP

WORKSTATION_FIELDS = Workstation.EDITABLE_FIELDS


# One error for every workflow (core.workflow). ShiftError stays as an alias, not a subclass:
# every place that raised it was a state refusal (now the tables' sources and guards); input
# problems are ValidationErrors.
ShiftError = TransitionError


def _require_manage(by: User, obj) -> None:
    """The office of the record's committee (workstations.manage_workstation: the same rule the
    pages use; the predicate resolves the committee of a workstation, assignment or shift)."""
    if not by.has_perm("workstations.manage_workstation", obj):
        raise PermissionDenied(_("只有本政协组织的工作人员可以管理委员之家和值班。"))


def _planned(shift: DutyShift, *, by: User, data=None) -> ShiftEvent:
    """The first event of a new shift: its initial state (the runner writes all later ones)."""
    return ShiftEvent.objects.create(
        shift=shift,
        kind=ShiftEvent.Kind.PLANNED,
        actor=by if by is not None and by.is_authenticated else None,
        to_status=shift.status,
        data=data or {},
    )


# --- workstations and assignments -------------------------------------------------------------
@transaction.atomic
def workstation_create(*, by: User, **data) -> Workstation:
    unknown = set(data) - set(WORKSTATION_FIELDS)
    if unknown:
        raise TypeError(f"unknown workstation fields: {sorted(unknown)}")
    workstation = Workstation(**data)
    _require_manage(by, workstation)
    workstation.full_clean()
    workstation.save()
    return workstation


@transaction.atomic
def workstation_update(*, workstation: Workstation, by: User, **data) -> Workstation:
    unknown = set(data) - set(WORKSTATION_FIELDS)
    if unknown:
        raise TypeError(f"unknown workstation fields: {sorted(unknown)}")
    workstation = Workstation.objects.select_for_update().get(pk=workstation.pk)
    _require_manage(by, workstation)
    for field, value in data.items():
        setattr(workstation, field, value)
    _require_manage(by, workstation)  # and the committee it is moved to
    workstation.full_clean()
    workstation.save()
    return workstation


@transaction.atomic
def assignment_add(
    *,
    workstation: Workstation,
    member: Member,
    role: str,
    by: User,
    joined_on: datetime.date | None = None,
) -> WorkstationMember:
    _require_manage(by, workstation)
    if member.status != Member.Status.ACTIVE:
        raise ValidationError({"member": _("该委员当前不在任，不能加入。")})
    if WorkstationMember.objects.current().filter(workstation=workstation, member=member).exists():
        raise ValidationError({"member": _("该委员已在本委员之家。")})
    invited = member.committee_id != workstation.committee_id or member.level in (
        Member.Level.NATIONAL,
        Member.Level.REGION,
    )
    assignment = WorkstationMember(
        workstation=workstation,
        member=member,
        role=role,
        is_invited=invited,
        joined_on=joined_on or timezone.localdate(),
    )
    assignment.full_clean(validate_constraints=False)
    assignment.save()
    return assignment


@transaction.atomic
def assignment_end(*, assignment: WorkstationMember, by: User) -> WorkstationMember:
    assignment = (
        WorkstationMember.objects.select_for_update()
        .select_related("workstation")
        .get(pk=assignment.pk)
    )
    _require_manage(by, assignment)
    if assignment.ended_on is None:
        assignment.ended_on = timezone.localdate()
        assignment.save(update_fields=["ended_on"])
    return assignment


# --- rota planning ----------------------------------------------------------------------------
def _check_slot(date: datetime.date, starts_at, ends_at) -> None:
    if date < timezone.localdate():
        raise ValidationError({"date": _("不能为已经过去的日期排班。")})
    if starts_at and ends_at and ends_at <= starts_at:
        raise ValidationError({"ends_at": _("结束时间须晚于开始时间。")})


@transaction.atomic
def shift_plan(
    *,
    workstation: Workstation,
    member: Member,
    date: datetime.date,
    starts_at: datetime.time,
    ends_at: datetime.time,
    by: User,
    kind: str = DutyShift.Kind.DUTY,
) -> DutyShift:
    _require_manage(by, workstation)
    _check_slot(date, starts_at, ends_at)
    if (
        not WorkstationMember.objects.current()
        .filter(workstation=workstation, member=member)
        .exists()
    ):
        raise ValidationError({"member": _("只能安排本委员之家的成员值班。")})
    if (
        DutyShift.objects.filter(member=member, date=date, starts_at=starts_at)
        .exclude(status=DutyShift.Status.CANCELLED)
        .exists()
    ):
        raise ValidationError({"member": _("该委员在这个时段已有值班安排。")})
    shift = DutyShift(
        workstation=workstation,
        member=member,
        date=date,
        starts_at=starts_at,
        ends_at=ends_at,
        kind=kind,
        created_by=by,
    )
    shift.full_clean()
    shift.save()
    _planned(shift, by=by)
    return shift


def rota_dates(
    *, year: int, month: int, pattern: str, weekday: int | None = None, days: Iterable[int] = ()
) -> list[datetime.date]:
    """``weekly``: every given weekday (0 = Monday) of the month; ``monthly``: the given days of
    the month (a day the month does not have, such as the 31st of April, is skipped)."""
    last = calendar.monthrange(year, month)[1]
    if pattern == "weekly":
        if weekday is None or not 0 <= weekday <= 6:
            raise ValidationError({"weekday": _("请选择每周的哪一天。")})
        return [
            datetime.date(year, month, d)
            for d in range(1, last + 1)
            if datetime.date(year, month, d).weekday() == weekday
        ]
    if pattern == "monthly":
        days = sorted({int(d) for d in days})
        if not days or any(not 1 <= d <= 31 for d in days):
            raise ValidationError({"days": _("请填写 1 到 31 之间的日期，例如 10,20。")})
        return [datetime.date(year, month, d) for d in days if d <= last]
    raise ValidationError({"pattern": _("请选择排班方式。")})


@transaction.atomic
def rota_generate(
    *,
    workstation: Workstation,
    by: User,
    year: int,
    month: int,
    pattern: str,
    starts_at: datetime.time,
    ends_at: datetime.time,
    weekday: int | None = None,
    days: Iterable[int] = (),
    kind: str = DutyShift.Kind.DUTY,
    members: Iterable[Member] | None = None,
) -> list[DutyShift]:
    """Plan a month of shifts: the dates of the pattern from today on, the workstation's current
    members in turn (conveners and liaisons first). Dates that already have a shift at that time
    are left as they are, so generating twice plans nothing twice."""
    _require_manage(by, workstation)
    if starts_at and ends_at and ends_at <= starts_at:
        raise ValidationError({"ends_at": _("结束时间须晚于开始时间。")})
    today = timezone.localdate()
    if (year, month) < (today.year, today.month):
        raise ValidationError({"month": _("不能为已经过去的月份排班。")})
    dates = [
        d
        for d in rota_dates(year=year, month=month, pattern=pattern, weekday=weekday, days=days)
        if d >= today
    ]
    if not dates:
        raise ValidationError(_("该月份按此方式已没有今天以后的日期可排。"))
    if members is None:
        members = [
            a.member
            for a in WorkstationMember.objects.current()
            .filter(workstation=workstation, member__status=Member.Status.ACTIVE)
            .select_related("member")
            .order_by("role", "joined_on", "pk")
        ]
    members = list(members)
    if not members:
        raise ValidationError(_("本委员之家还没有成员，请先添加委员。"))
    taken = set(
        DutyShift.objects.filter(workstation=workstation, date__in=dates, starts_at=starts_at)
        .exclude(status=DutyShift.Status.CANCELLED)
        .values_list("date", flat=True)
    )
    # continue the rotation where last month's rota stopped
    last_shift = (
        DutyShift.objects.filter(workstation=workstation, date__lt=dates[0])
        .order_by("-date", "-starts_at")
        .values_list("member_id", flat=True)
        .first()
    )
    ids = [m.pk for m in members]
    start = (ids.index(last_shift) + 1) if last_shift in ids else 0
    shifts = []
    for i, date in enumerate(d for d in dates if d not in taken):
        member = members[(start + i) % len(members)]
        shift = DutyShift(
            workstation=workstation,
            member=member,
            date=date,
            kind=kind,
            starts_at=starts_at,
            ends_at=ends_at,
            created_by=by,
        )
        shift.full_clean(validate_constraints=False)
        shifts.append(shift)
    DutyShift.objects.bulk_create(shifts)
    created = list(
        DutyShift.objects.filter(
            workstation=workstation, date__in=[s.date for s in shifts], starts_at=starts_at
        )
    )
    ShiftEvent.objects.bulk_create(
        [
            ShiftEvent(
                shift=s,
                kind=ShiftEvent.Kind.PLANNED,
                actor=by,
                to_status=s.status,
                data={"generated": pattern},
            )
            for s in created
        ]
    )
    return created


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
def shift_raise_matter(
    *,
    shift: DutyShift,
    by: User,
    title: str,
    content: str,
    suggestion: str = "",
    submitter_name: str = "",
    submitter_phone: str = "",
    category=None,
):
    """A matter raised by a visitor becomes a 社情民意 item in one step (channel: duty shift)."""
    raised = {}
    data: dict = {}

    def apply(locked: DutyShift) -> None:
        opinion = opinion_from_liaison(
            by=by,
            author=locked.member,
            channel=Channel.DUTY,
            title=title,
            content=content,
            suggestion=suggestion,
            submitter_name=submitter_name,
            submitter_phone=submitter_phone,
            category=category,
            region=locked.workstation.region,
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


# --- swaps ------------------------------------------------------------------------------------
@transaction.atomic
def swap_request(*, shift: DutyShift, by: User, to_member: Member, reason: str) -> ShiftSwap:
    """The member on duty asks a colleague of the workstation to take an upcoming shift: a
    pending swap (its initial state) and the shift's ``swap_requested`` event pointing at it."""
    reason = (reason or "").strip()
    created = {}
    data: dict = {}
    fields: dict = {}

    def apply(locked: DutyShift) -> None:
        if not reason:
            raise ValidationError({"reason": _("请写明换班原因。")})
        if to_member.pk == locked.member_id:
            raise ValidationError({"to_member": _("请选择另一位委员。")})
        if (
            not WorkstationMember.objects.current()
            .filter(workstation=locked.workstation, member=to_member)
            .exists()
        ):
            raise ValidationError({"to_member": _("替班委员须是本委员之家的成员。")})
        if ShiftSwap.objects.filter(shift=locked, status=ShiftSwap.Status.PENDING).exists():
            raise ValidationError(_("该值班已有待审批的换班申请。"))
        swap = ShiftSwap.objects.create(
            shift=locked, from_member=locked.member, to_member=to_member, reason=reason[:200]
        )
        created["swap"] = swap
        # read by the runner when it writes the event, after apply
        data.update(swap=swap.pk, to_member=to_member.pk)
        fields["swap"] = swap

    SHIFT.run(
        shift, "request_swap", by=by, comment=reason, apply=apply, data=data, event_fields=fields
    )
    return created["swap"]


def _decide(swap: ShiftSwap, action: str, *, by: User, comment: str, apply=None) -> ShiftSwap:
    comment = (comment or "")[:200]
    with transaction.atomic():
        # the shift first, then the swap: the order swap_request takes them in
        shift = _lock(ShiftSwap.objects.only("shift_id").get(pk=swap.pk).shift)
        result = SWAP.run(
            swap,
            action,
            by=by,
            comment=comment,
            changes={"decided_by": by, "decided_at": timezone.now(), "decision_comment": comment},
            apply=apply,
            event_fields={"shift": shift},
            data={
                "swap": swap.pk,
                "from_member": swap.from_member_id,
                "to_member": swap.to_member_id,
            },
            after=lambda decided, _event: _notify_swap(
                decided, shift, approved=action == "approve"
            ),
        )
    return result.obj


def swap_approve(*, swap: ShiftSwap, by: User, comment: str = "") -> ShiftSwap:
    """The shift moves to the colleague (who must be free at that time); both are told."""

    def apply(locked: ShiftSwap) -> None:
        shift = locked.shift  # locked by _decide
        if (
            DutyShift.objects.filter(
                member=locked.to_member, date=shift.date, starts_at=shift.starts_at
            )
            .exclude(status=DutyShift.Status.CANCELLED)
            .exists()
        ):
            raise ValidationError(_("替班委员在这个时段已有值班安排。"))
        shift.member = locked.to_member
        shift.save(update_fields=["member"])

    return _decide(swap, "approve", by=by, comment=comment, apply=apply)


def swap_reject(*, swap: ShiftSwap, by: User, comment: str = "") -> ShiftSwap:
    return _decide(swap, "reject", by=by, comment=comment)


def _notify_swap(swap: ShiftSwap, shift: DutyShift, *, approved: bool) -> None:
    link = reverse("workstations:shift_detail", args=[shift.pk])
    text_from = (
        _("您 %(date)s 的值班已由 %(name)s 替班。")
        if approved
        else _("您 %(date)s 的换班申请未获同意，请按原安排值班。")
    ) % {"date": shift.date, "name": swap.to_member.name}
    targets = [(swap.from_member.user_id, text_from)]
    if approved:
        targets.append(
            (
                swap.to_member.user_id,
                _("您已被安排在 %(date)s %(time)s 于%(place)s值班。")
                % {
                    "date": shift.date,
                    "time": f"{shift.starts_at:%H:%M}",
                    "place": shift.workstation.name,
                },
            )
        )
    for user_id, text in targets:
        if user_id:
            notice_add(
                user=User.objects.get(pk=user_id),
                text=text,
                link=link,
                cause=f"shift-swap:{swap.pk}:{user_id}",
            )


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
        )
        sent += 1
    return sent
