"""The role groups are declared once (accounts.roles); the predicates, the user's ``is_office``
and the account-security middleware all answer from them."""

import re
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser

from accounts import roles
from accounts import rules as account_rules
from accounts.models import User

REPO = Path(__file__).resolve().parents[2]


def test_role_values_are_the_models_choices():
    assert set(User.Role.values) == roles.ALL_ROLES
    assert roles.OFFICE_ROLES < roles.OFFICE_OR_LEADER_ROLES <= roles.ALL_ROLES
    assert roles.PRIVILEGED_ROLES <= roles.ALL_ROLES


GROUPS = {
    # role → (office, office or leader, privileged)
    "citizen": (False, False, False),
    "member": (False, False, False),
    "staff": (True, True, True),
    "leader": (False, True, True),
    "department": (False, False, True),
    "admin": (True, True, True),
}


@pytest.mark.parametrize("role", sorted(GROUPS))
def test_groups_and_predicates_agree(make_user, dalate, role):
    user = make_user(role, dalate)
    office, office_or_leader, privileged = GROUPS[role]
    assert roles.is_office(user) is office
    assert user.is_office is office
    assert account_rules.is_office.test(user) is office
    assert roles.is_office_or_leader(user) is office_or_leader
    assert account_rules.is_office_or_leader.test(user) is office_or_leader
    assert roles.is_privileged(user) is privileged
    assert account_rules.is_public_visitor.test(user) is (role == "citizen")


def test_a_superuser_counts_as_an_administrator(make_user):
    user = make_user(User.Role.CITIZEN, is_superuser=True)
    assert roles.is_office(user)
    assert roles.is_privileged(user)
    assert account_rules.is_admin.test(user)


def test_anonymous_has_no_role():
    anonymous = AnonymousUser()
    assert not roles.is_office_or_leader(anonymous)
    assert not roles.is_privileged(anonymous)
    assert not roles.has_role(None, roles.ALL_ROLES)
    assert account_rules.is_public_visitor.test(anonymous)


USER_ROLE_CHECK = re.compile(
    r"""\b(user|by|actor|assignee)\.role\s*(==|!=)\s*["']|\.role in [({\[]\s*["']"""
)


def test_no_literal_role_checks_outside_the_role_module():
    """``user.role == "leader"`` and hand-made role sets live in accounts.roles only (the
    templates ask permissions: dashboards.navigation)."""
    offenders = []
    for path in [*REPO.glob("*/**/*.py"), *REPO.glob("*/**/*.html")]:
        relative = path.relative_to(REPO)
        if relative.parts[0] in {".venv", "tests", "node_modules", "static", "var"}:
            continue
        if "migrations" in relative.parts or relative.as_posix() == "accounts/roles.py":
            continue
        text = path.read_text(encoding="utf-8")
        if USER_ROLE_CHECK.search(text) or "PRIVILEGED_ROLES = " in text:
            offenders.append(str(relative))
    assert not offenders, offenders
