"""Every write to the organisation model goes through these functions."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from . import scope
from .models import Committee, GridManager, GridPairing, Member, User

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
    "region",
    "phone",
    "email",
    "address",
    "status",
)
CONTACT_FIELDS = ("phone", "email", "address")


def _check_changeable(by: User, committee_id: int | None) -> None:
    if not scope.can_change_committee(by, committee_id):
        raise PermissionDenied(_("您无权修改该政协组织的数据。"))


@transaction.atomic
def member_create(*, by: User, expertise=(), **data) -> Member:
    unknown = set(data) - set(MEMBER_FIELDS)
    if unknown:
        raise TypeError(f"unknown member fields: {sorted(unknown)}")
    member = Member(**data, updated_by=by)
    _check_changeable(by, member.committee_id)
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
    _check_changeable(by, member.committee_id)
    for field, value in data.items():
        setattr(member, field, value)
    _check_changeable(by, member.committee_id)  # cannot move a member out of one's own scope
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
    if member.user_id != by.pk:
        _check_changeable(by, member.committee_id)
    member.phone, member.email, member.address = phone, email, address
    member.updated_by = by
    member.full_clean()
    member.save(update_fields=[*CONTACT_FIELDS, "updated_by", "updated_at"])
    return member


@transaction.atomic
def user_create(
    *,
    username: str,
    password: str,
    role: str,
    committee: Committee | None = None,
    name: str = "",
    phone: str | None = None,
    email: str = "",
    department=None,
    member: Member | None = None,
) -> User:
    """Accounts for staff, leaders, departments and admins are made here (by an administrator
    or a command), never by open sign-up."""
    if role != User.Role.CITIZEN and role != User.Role.ADMIN and committee is None:
        raise ValidationError({"committee": _("该角色必须属于一个政协组织。")})
    if role == User.Role.DEPARTMENT and department is None:
        raise ValidationError({"department": _("承办单位用户必须指定所属承办单位。")})
    user = User(
        username=username,
        role=role,
        committee=committee,
        name=name,
        phone=phone or None,
        email=email,
        department=department,
        is_staff=role == User.Role.ADMIN,
        is_superuser=role == User.Role.ADMIN,
    )
    user.set_password(password)
    user.full_clean()
    user.save()
    if member is not None:
        member.user = user
        member.save(update_fields=["user"])
    return user


@transaction.atomic
def pairing_create(
    *,
    member: Member,
    grid_manager: GridManager,
    started_on: datetime.date,
    by: User,
    note: str = "",
) -> GridPairing:
    _check_changeable(by, member.committee_id)
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
    _check_changeable(by, pairing.member.committee_id)
    if pairing.ended_on is None:
        if ended_on < pairing.started_on:
            raise ValidationError(_("结束日期不能早于结对日期。"))
        pairing.ended_on = ended_on
        pairing.save(update_fields=["ended_on"])
    return pairing


def audit_log(*, actor: User | None, action: str, target: str = "", detail=None, request=None):
    """Record a security-relevant action (login, reveal, export, role change…) in the
    tamper-evident audit chain (members.audit)."""
    from . import audit

    ip = None
    if request is not None:
        from core.http import client_ip

        ip = client_ip(request)
        if ip == "unknown":
            ip = None
    return audit.append(actor=actor, action=action, target=target, detail=detail, ip=ip)


def notification_send(*, user: User, text: str, link: str = "", source: str = ""):
    """Store an in-app notice now. Idempotent per (user, source): storing the same notice twice
    stores it once. This is the outbox's in-app store (settings.OUTBOX_IN_APP_STORE); services
    that cause a notice call notifications.services.notice_add instead, in their transaction."""
    from .models import Notification

    if source:
        notice, _created = Notification.objects.get_or_create(
            user=user, source=source, defaults={"text": text[:300], "link": link}
        )
        return notice
    return Notification.objects.create(user=user, text=text[:300], link=link)
