"""Who may do what with the organisation model. Object scope (which committee's records) is the
queryset's job (members.scope); these predicates answer the role question and, for writes, whether
the object is in a committee the user may change."""

import rules

from . import scope


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


rules.add_perm("members.view_member_directory", is_office_or_leader)
rules.add_perm("members.add_member", is_office)
rules.add_perm("members.change_member", is_office & in_changeable_committee)
rules.add_perm("members.view_own_profile", has_member_profile)
rules.add_perm("members.view_grid_managers", is_office_or_leader)
rules.add_perm("members.change_pairing", is_office & in_changeable_committee)

# Liaison activities and the performance ledger (履职档案).
rules.add_perm("members.log_activity", has_member_profile)
rules.add_perm("members.view_activity_desk", is_office)
rules.add_perm("members.handle_activity", is_office & in_changeable_committee)
rules.add_perm("members.organise_activity", is_office)
rules.add_perm("members.view_own_ledger", has_member_profile)
rules.add_perm("members.view_member_ledger", is_office_or_leader)
rules.add_perm("members.view_ranking", is_office_or_leader)
rules.add_perm("members.run_evaluation", is_office & in_changeable_committee)
rules.add_perm("members.adjust_grade", is_office & in_changeable_committee)
rules.add_perm("members.edit_scoring_rules", is_office)

# Login lockouts (members.lockouts): staff see and lift those of accounts in their scope.
rules.add_perm("members.manage_login_lockouts", is_office)
