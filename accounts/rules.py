"""Who may do what with accounts. Object scope (which committee's records) is the
queryset's job (org.scope); these predicates answer the role question and, for writes, whether
the object is in a committee the user may change."""

import rules

from org import scope


def _role(*roles):
    names = "_".join(roles)

    @rules.predicate(name=f"has_role_{names}")
    def predicate(user):
        return bool(user and user.is_authenticated and user.role in roles)

    return predicate


is_citizen = _role("citizen")
is_member = _role("member")
is_staff_role = _role("staff")
is_leader = _role("leader")
is_department = _role("department")


@rules.predicate
def is_admin(user):
    return bool(user and user.is_authenticated and (user.is_superuser or user.role == "admin"))


is_office = is_staff_role | is_admin
is_office_or_leader = is_office | is_leader


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
