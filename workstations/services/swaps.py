"""Shift swaps: a member asks a colleague to take a shift; the office decides."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from members.models import Member
from notifications.models import NoticeKind
from notifications.services import notice_add

from ..models import DutyShift, ShiftSwap, WorkstationMember
from ..workflows import SHIFT, SWAP
from .shifts import _lock


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


def swap_withdraw(*, swap: ShiftSwap, by: User, comment: str = "") -> ShiftSwap:
    """The member who asked takes a pending request back; the shift stays theirs."""
    with transaction.atomic():
        shift = _lock(ShiftSwap.objects.only("shift_id").get(pk=swap.pk).shift)
        result = SWAP.run(
            swap,
            "withdraw",
            by=by,
            comment=(comment or "")[:200],
            event_fields={"shift": shift},
            data={"swap": swap.pk, "to_member": swap.to_member_id},
        )
    return result.obj


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
                kind=NoticeKind.DUTY,
            )
