"""Workstations (委员之家) and their members: who belongs to which house."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from members.models import Member

from ..models import Workstation, WorkstationMember

WORKSTATION_FIELDS = Workstation.EDITABLE_FIELDS


def _require_manage(by: User, obj) -> None:
    """The office of the record's committee (workstations.manage_workstation: the same rule the
    pages use; the predicate resolves the committee of a workstation, assignment or shift)."""
    if not by.has_perm("workstations.manage_workstation", obj):
        raise PermissionDenied(_("只有本政协组织的工作人员可以管理委员之家和值班。"))


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
