"""The roles and the groups of roles, declared once.

Every question "is this user one of …" is answered here: the permission predicates
(accounts.rules), the selectors that widen a queryset for the office and leaders, and the
account-security middleware (which roles must use two-factor and short sessions) all build on
these groups. A superuser counts as an administrator. The role values are the choices of
``accounts.models.User.Role`` (tests/accounts/test_roles.py keeps the two in step); this module
imports no model, so the model itself can use it.
"""

from __future__ import annotations

from typing import Any

CITIZEN = "citizen"
MEMBER = "member"
STAFF = "staff"
LEADER = "leader"
DEPARTMENT = "department"
ADMIN = "admin"

ALL_ROLES = frozenset({CITIZEN, MEMBER, STAFF, LEADER, DEPARTMENT, ADMIN})
# The committee office: reviews, edits, confirms and manages the records of its scope.
OFFICE_ROLES = frozenset({STAFF, ADMIN})
# May read the records of their scope (the office, and leaders who follow its work).
OFFICE_OR_LEADER_ROLES = OFFICE_ROLES | {LEADER}
# Accounts that see other people's data: two-factor, short idle and absolute session limits.
PRIVILEGED_ROLES = frozenset({STAFF, LEADER, DEPARTMENT, ADMIN})


def has_role(user: Any, roles: frozenset[str]) -> bool:
    """The user is signed in and has one of ``roles`` (a superuser has ``ADMIN`` too)."""
    if user is None or not user.is_authenticated:
        return False
    return user.role in roles or (bool(user.is_superuser) and ADMIN in roles)


def is_office(user: Any) -> bool:
    return has_role(user, OFFICE_ROLES)


def is_office_or_leader(user: Any) -> bool:
    return has_role(user, OFFICE_OR_LEADER_ROLES)


def is_privileged(user: Any) -> bool:
    return has_role(user, PRIVILEGED_ROLES)
