"""Every write to the organisation model goes through these functions."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from core.access import is_self

from .models import GridManager, GridPairing, Member

# The member record's editable fields, in the order the staff form shows them (MemberForm).
MEMBER_FIELDS = (
    "committee",
    "term",
    "name",
    "gender",
    "ethnicity",
    "birth_year",
    "level",
    "sector",
    "special_committee",
    "party",
    "is_standing",
    "work_unit",
    "position",
    "expertise",  # a keyword of its own in the services (many-to-many, set after saving)
    "region",
    "phone",
    "email",
    "address",
    "status",
)
CONTACT_FIELDS = ("phone", "email", "address")


def _require(by: User, perm: str, member: Member) -> None:
    """The rule the pages use (members/rules.py), asked of the record itself: the role, and the
    record's committee among those ``by`` may change."""
    if not by.has_perm(perm, member):
        raise PermissionDenied(_("您无权修改该政协组织的数据。"))


@transaction.atomic
def member_create(*, by: User, expertise=(), **data) -> Member:
    unknown = set(data) - set(MEMBER_FIELDS)
    if unknown:
        raise TypeError(f"unknown member fields: {sorted(unknown)}")
    member = Member(**data, updated_by=by)
    _require(by, "members.change_member", member)
    member.full_clean()
    member.save()
    if expertise:
        member.expertise.set(expertise)
    return member


@transaction.atomic
def member_update(*, member: Member, by: User, expertise=None, **data) -> Member:
    unknown = set(data) - set(MEMBER_FIELDS)
    if unknown:
        raise TypeError(f"unknown member fields: {sorted(unknown)}")
    member = Member.objects.select_for_update().get(pk=member.pk)
    _require(by, "members.change_member", member)
    for field, value in data.items():
        setattr(member, field, value)
    _require(by, "members.change_member", member)  # cannot move a member out of one's own scope
    member.updated_by = by
    member.full_clean()
    member.save()
    if expertise is not None:
        member.expertise.set(expertise)
    return member


@transaction.atomic
def member_update_contact(*, member: Member, by: User, phone: str, email: str, address: str):
    """A member edits their own contact details (or staff do it for them)."""
    member = Member.objects.select_for_update().get(pk=member.pk)
    if not is_self(by, member.user_id):
        _require(by, "members.change_member", member)
    member.phone, member.email, member.address = phone, email, address
    member.updated_by = by
    member.full_clean()
    member.save(update_fields=[*CONTACT_FIELDS, "updated_by", "updated_at"])
    return member


@transaction.atomic
def pairing_create(
    *,
    member: Member,
    grid_manager: GridManager,
    started_on: datetime.date,
    by: User,
    note: str = "",
) -> GridPairing:
    _require(by, "members.change_pairing", member)
    if grid_manager.committee_id != member.committee_id:
        raise ValidationError(_("网格管理员与委员不属于同一政协组织。"))
    if GridPairing.objects.current().filter(member=member, grid_manager=grid_manager).exists():
        raise ValidationError(_("该委员已与这位网格管理员结对。"))
    pairing = GridPairing(
        member=member, grid_manager=grid_manager, started_on=started_on, note=note
    )
    pairing.full_clean()
    pairing.save()
    return pairing


@transaction.atomic
def pairing_end(*, pairing: GridPairing, ended_on: datetime.date, by: User) -> GridPairing:
    pairing = GridPairing.objects.select_for_update().select_related("member").get(pk=pairing.pk)
    _require(by, "members.change_pairing", pairing.member)
    if pairing.ended_on is None:
        if ended_on < pairing.started_on:
            raise ValidationError(_("结束日期不能早于结对日期。"))
        pairing.ended_on = ended_on
        pairing.save(update_fields=["ended_on"])
    return pairing
