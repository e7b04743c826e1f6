"""What the 委员讲堂 services share: a reason that must be given, and the office (active staff) of a
committee that is told of new offerings and orders."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from accounts.models import User


def _required(value: str, field: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: message})
    return value


def _office_users(committee_id: int):
    return User.objects.filter(
        committee_id=committee_id, role=User.Role.STAFF, is_active=True
    ).order_by("pk")
