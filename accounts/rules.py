"""Who may do what with accounts. Object scope (which committee's records) is the
queryset's job (org.scope); these predicates answer the role question and, for writes, whether
the object is in a committee the user may change."""

import rules

from org import scope

from . import roles


def _role_group(name: str, group: frozenset[str]):
    """A predicate for a group of roles declared in accounts.roles (one rule per group)."""

    @rules.predicate(name=name)
    def predicate(user):
        return roles.has_role(user, group)

    return predicate


is_citizen = _role_group("is_citizen", frozenset({roles.CITIZEN}))
is_member = _role_group("is_member", frozenset({roles.MEMBER}))
is_staff_role = _role_group("is_staff_role", frozenset({roles.STAFF}))
is_leader = _role_group("is_leader", frozenset({roles.LEADER}))
is_department = _role_group("is_department", frozenset({roles.DEPARTMENT}))
is_admin = _role_group("is_admin", frozenset({roles.ADMIN}))
is_office = _role_group("is_office", roles.OFFICE_ROLES)
is_office_or_leader = _role_group("is_office_or_leader", roles.OFFICE_OR_LEADER_ROLES)
# Someone without a workspace of their own: a visitor who is not signed in, or a citizen.
is_public_visitor = ~rules.is_authenticated | is_citizen


@rules.predicate
def has_member_profile(user):
    return bool(user and user.is_authenticated and getattr(user, "member", None) is not None)


@rules.predicate
def in_changeable_committee(user, obj):
    if obj is None:
        return True
    committee_id = getattr(obj, "committee_id", None)
    return scope.can_change_committee(user, committee_id)


# Login lockouts (accounts.lockouts): staff see and lift those of accounts in their scope.
rules.add_perm("accounts.manage_login_lockouts", is_office)
# The admin site (/admin/) lets in active accounts flagged is_staff (Django's own check).
rules.add_perm("accounts.open_admin_site", rules.is_active & rules.is_staff)
