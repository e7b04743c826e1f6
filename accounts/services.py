"""Every write to accounts goes through these functions."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from org.models import Committee

from .models import User


@transaction.atomic
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
    member=None,
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
