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
from ledger import services as ledger
from liaison.models import Activity, ActivityEvent, ActivityParticipant, ActivityType
from members.models import Member
from notifications.services import notice_add
from opinions.models import Channel
from opinions.services import opinion_from_liaison
from org import scope

from .models import DutyShift, ShiftEvent, ShiftSwap, Workstation, WorkstationMember

WORKSTATION_FIELDS = (
    "committee",
    "kind",
    "name",
    "region",
    "sector",
    "host_organisation",
    "address",
    "contact_name",
    "contact_phone",
    "online_url",
    "opening_hours",
    "rules",
    "is_pilot",
    "established_on",
    "status",
)


class ShiftError(Exception):
    """The shift is not in a state that allows this (often: someone else was faster)."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def _check_office(by: User, committee_id: int | None) -> None:
    if not (by.is_authenticated and by.is_office):
        raise PermissionDenied(_("只有政协机关工作人员可以管理委员之家和值班。"))
    if not scope.can_change_committee(by, committee_id):
        raise PermissionDenied(_("您无权管理其他政协组织的委员之家。"))


def _shift_event(shift, *, kind, by, from_status="", to_status="", comment="", data=None):
    return ShiftEvent.objects.create(
        shift=shift,
        kind=kind,
        actor=by if by is not None and by.is_authenticated else None,
        from_status=from_status,
        to_status=to_status,
        comment=comment[:200],
        data=data or {},
    )


# --- workstations and assignments -------------------------------------------------------------
@transaction.atomic
def workstation_create(*, by: User, **data) -> Workstation:
    unknown = set(data) - set(WORKSTATION_FIELDS)
    if unknown:
        raise TypeError(f"unknown workstation fields: {sorted(unknown)}")
    workstation = Workstation(**data)
    _check_office(by, workstation.committee_id)
    workstation.full_clean()
    workstation.save()
    return workstation


@transaction.atomic
def workstation_update(*, workstation: Workstation, by: User, **data) -> Workstation:
    unknown = set(data) - set(WORKSTATION_FIELDS)
    if unknown:
        raise TypeError(f"unknown workstation fields: {sorted(unknown)}")
    workstation = Workstation.objects.select_for_update().get(pk=workstation.pk)
    _check_office(by, workstation.committee_id)
    for field, value in data.items():
        setattr(workstation, field, value)
    _check_office(by, workstation.committee_id)
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
    _check_office(by, workstation.committee_id)
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
    _check_office(by, assignment.workstation.committee_id)
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
    _check_office(by, workstation.committee_id)
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
    _shift_event(shift, kind=ShiftEvent.Kind.PLANNED, by=by, to_status=shift.status)
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
    _check_office(by, workstation.committee_id)
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


def _is_shift_member(by: User, shift: DutyShift) -> bool:
    return by.is_authenticated and shift.member.user_id == by.pk


@transaction.atomic
def shift_cancel(*, shift: DutyShift, by: User, comment: str = "") -> DutyShift:
    shift = _lock(shift)
    _check_office(by, shift.workstation.committee_id)
    return _set_status(shift, by=by, status=DutyShift.Status.CANCELLED, comment=comment)


@transaction.atomic
def shift_mark(*, shift: DutyShift, by: User, status: str, comment: str = "") -> DutyShift:
    """Staff record a shift as missed (缺勤, a deduction), excused (请假) or cancelled."""
    shift = _lock(shift)
    _check_office(by, shift.workstation.committee_id)
    if status not in (
        DutyShift.Status.MISSED,
        DutyShift.Status.EXCUSED,
        DutyShift.Status.CANCELLED,
    ):
        raise ValidationError({"status": _("请选择缺勤、请假或取消。")})
    if shift.status == DutyShift.Status.SERVED:
        raise ShiftError(_("该值班已签到，不能再标记为缺勤或请假。"))
    if status == DutyShift.Status.MISSED and shift.date >= timezone.localdate():
        raise ValidationError({"status": _("值班日期还没过，不能标记为缺勤。")})
    return _set_status(shift, by=by, status=status, comment=comment)


def _set_status(shift, *, by, status, comment):
    if shift.status == status:
        return shift
    from_status = shift.status
    shift.status = status
    shift.save(update_fields=["status"])
    _shift_event(
        shift,
        kind=ShiftEvent.Kind.STATUS,
        by=by,
        from_status=from_status,
        to_status=status,
        comment=comment,
    )
    ledger.ledger_on_shift_status(shift=shift)
    return shift


# --- on the day -------------------------------------------------------------------------------
@transaction.atomic
def shift_check_in(*, shift: DutyShift, by: User) -> DutyShift:
    """The member on duty checks in (staff may do it for them). The shift is served: it becomes
    a confirmed liaison activity and earns the duty points — exactly once, however many times the
    check-in is submitted."""
    shift = _lock(shift)
    if not (
        _is_shift_member(by, shift)
        or (
            by.is_authenticated
            and by.is_office
            and scope.can_change_committee(by, shift.workstation.committee_id)
        )
    ):
        raise PermissionDenied(_("只能为本人的值班签到。"))
    if shift.status == DutyShift.Status.SERVED:
        return shift  # already checked in: nothing more
    if shift.status != DutyShift.Status.PLANNED:
        raise ShiftError(
            _("该值班已%(status)s，不能签到。") % {"status": shift.get_status_display()}
        )
    if shift.date > timezone.localdate():
        raise ShiftError(_("值班当天才能签到。"))
    now = timezone.now()
    shift.status = DutyShift.Status.SERVED
    shift.checked_in_at = now
    shift.save(update_fields=["status", "checked_in_at"])
    _shift_event(
        shift, kind=ShiftEvent.Kind.CHECKED_IN, by=by, from_status="planned", to_status=shift.status
    )
    kind_label = DutyShift.Kind(shift.kind).label
    activity = Activity(
        committee_id=shift.member.committee_id,
        shift=shift,
        reporter=shift.member,
        type=ActivityType.RECEPTION
        if shift.kind == DutyShift.Kind.RECEPTION
        else ActivityType.DUTY,
        title=f"{shift.workstation.name}{kind_label}"[:80],
        occurred_on=shift.date,
        workstation=shift.workstation,
        region=shift.workstation.region,
        place=shift.workstation.address[:120],
        summary=_("值班签到"),
        created_by=by,
        status=Activity.Status.CONFIRMED,
        submitted_at=now,
        confirmed_at=now,
    )
    activity.save()
    ActivityParticipant.objects.create(activity=activity, member=shift.member)
    ActivityEvent.objects.create(
        activity=activity,
        kind=ActivityEvent.Kind.CONFIRMED,
        actor=by,
        to_status=activity.status,
        comment=_("由值班签到自动生成"),
    )
    ledger.ledger_on_shift_status(shift=shift)
    return shift


@transaction.atomic
def shift_record(*, shift: DutyShift, by: User, visitors_count: int, notes: str) -> DutyShift:
    """Visitors received and what happened, after check-in; also updates the activity."""
    shift = _lock(shift)
    if not (
        _is_shift_member(by, shift)
        or (
            by.is_authenticated
            and by.is_office
            and scope.can_change_committee(by, shift.workstation.committee_id)
        )
    ):
        raise PermissionDenied(_("只能登记本人的值班情况。"))
    if not shift.can_record():
        raise ShiftError(_("请先签到，再登记接待情况。"))
    if visitors_count is None or visitors_count < 0:
        raise ValidationError({"visitors_count": _("接待人数不能为负数。")})
    shift.visitors_count = visitors_count
    shift.notes = notes
    shift.full_clean()
    shift.save(update_fields=["visitors_count", "notes"])
    Activity.objects.filter(shift=shift).update(
        people_reached=visitors_count, summary=notes or _("值班签到"), updated_at=timezone.now()
    )
    _shift_event(shift, kind=ShiftEvent.Kind.RECORDED, by=by, data={"visitors": visitors_count})
    return shift


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

    shift = _lock(shift)
    if not _is_shift_member(by, shift):
        raise PermissionDenied(_("只能在本人的值班中登记群众反映的事项。"))
    if not shift.can_record():
        raise ShiftError(_("请先签到，再登记群众反映的事项。"))
    opinion = opinion_from_liaison(
        by=by,
        author=shift.member,
        channel=Channel.DUTY,
        title=title,
        content=content,
        suggestion=suggestion,
        submitter_name=submitter_name,
        submitter_phone=submitter_phone,
        category=category,
        region=shift.workstation.region,
    )
    shift.opinions.add(opinion)
    activity = Activity.objects.filter(shift=shift).first()
    if activity is not None:
        activity.opinions.add(opinion)
    _shift_event(
        shift,
        kind=ShiftEvent.Kind.MATTER,
        by=by,
        data={"opinion": opinion.pk, "code": opinion.tracking_code},
    )
    ledger.ledger_on_opinion_submitted(opinion=opinion)
    return opinion


# --- swaps ------------------------------------------------------------------------------------
@transaction.atomic
def swap_request(*, shift: DutyShift, by: User, to_member: Member, reason: str) -> ShiftSwap:
    shift = _lock(shift)
    if not _is_shift_member(by, shift):
        raise PermissionDenied(_("只能为本人的值班申请换班。"))
    if not shift.can_request_swap():
        raise ShiftError(_("只有尚未到期的待值班才能申请换班。"))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("请写明换班原因。")})
    if to_member.pk == shift.member_id:
        raise ValidationError({"to_member": _("请选择另一位委员。")})
    if (
        not WorkstationMember.objects.current()
        .filter(workstation=shift.workstation, member=to_member)
        .exists()
    ):
        raise ValidationError({"to_member": _("替班委员须是本委员之家的成员。")})
    if ShiftSwap.objects.filter(shift=shift, status=ShiftSwap.Status.PENDING).exists():
        raise ValidationError(_("该值班已有待审批的换班申请。"))
    swap = ShiftSwap.objects.create(
        shift=shift, from_member=shift.member, to_member=to_member, reason=reason[:200]
    )
    _shift_event(
        shift,
        kind=ShiftEvent.Kind.SWAP_REQUESTED,
        by=by,
        comment=reason,
        data={"swap": swap.pk, "to_member": to_member.pk},
    )
    return swap


def _lock_swap(swap: ShiftSwap) -> tuple[ShiftSwap, DutyShift]:
    swap = (
        ShiftSwap.objects.select_for_update()
        .select_related("to_member", "from_member")
        .get(pk=swap.pk)
    )
    return swap, _lock(swap.shift)


@transaction.atomic
def swap_approve(*, swap: ShiftSwap, by: User, comment: str = "") -> ShiftSwap:
    swap, shift = _lock_swap(swap)
    _check_office(by, shift.workstation.committee_id)
    if swap.status != ShiftSwap.Status.PENDING:
        raise ShiftError(_("该换班申请已处理。"))
    if shift.status != DutyShift.Status.PLANNED or shift.member_id != swap.from_member_id:
        raise ShiftError(_("该值班已变更，不能再换班。"))
    if (
        DutyShift.objects.filter(member=swap.to_member, date=shift.date, starts_at=shift.starts_at)
        .exclude(status=DutyShift.Status.CANCELLED)
        .exists()
    ):
        raise ValidationError(_("替班委员在这个时段已有值班安排。"))
    shift.member = swap.to_member
    shift.save(update_fields=["member"])
    swap.status = ShiftSwap.Status.APPROVED
    swap.decided_by, swap.decided_at, swap.decision_comment = by, timezone.now(), comment[:200]
    swap.save()
    _shift_event(
        shift,
        kind=ShiftEvent.Kind.SWAP_APPROVED,
        by=by,
        comment=comment,
        data={"swap": swap.pk, "from_member": swap.from_member_id, "to_member": swap.to_member_id},
    )
    _notify_swap(swap, shift, approved=True)
    return swap


@transaction.atomic
def swap_reject(*, swap: ShiftSwap, by: User, comment: str = "") -> ShiftSwap:
    swap, shift = _lock_swap(swap)
    _check_office(by, shift.workstation.committee_id)
    if swap.status != ShiftSwap.Status.PENDING:
        raise ShiftError(_("该换班申请已处理。"))
    swap.status = ShiftSwap.Status.REJECTED
    swap.decided_by, swap.decided_at, swap.decision_comment = by, timezone.now(), comment[:200]
    swap.save()
    _shift_event(
        shift, kind=ShiftEvent.Kind.SWAP_REJECTED, by=by, comment=comment, data={"swap": swap.pk}
    )
    _notify_swap(swap, shift, approved=False)
    return swap


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
