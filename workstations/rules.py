"""Who may do what with workstations and duty rotas. Which committee's records a user sees is the
queryset's job (org.scope); these predicates answer the role question and, for writes, whether
the record's workstation is in a committee the user may change.

The object predicates resolve the committee themselves (a workstation, an assignment, a shift or a
swap) and answer ``False`` without an object; the role questions asked before any lookup use the
role permissions (``add_workstation``, ``view_rota_desk``, ``view_my_shifts``, ``view_shift``,
``act_on_shift``). The transition tables (workstations.workflows) name the object permissions."""

import rules

from accounts.rules import has_member_profile, is_office, is_office_or_leader
from org import scope


def committee_of(obj) -> int | None:
    """The committee a workstation, an assignment, a duty shift or a swap belongs to."""
    for path in ("shift", "workstation"):
        if hasattr(obj, f"{path}_id"):
            obj = getattr(obj, path)
    return obj.committee_id


@rules.predicate
def in_workstation_committee(user, obj):
    if obj is None:
        return False
    return scope.can_change_committee(user, committee_of(obj))


def _member_user_id(obj):
    if hasattr(obj, "shift_id"):  # a swap: the member who asked
        return obj.from_member.user_id
    return obj.member.user_id


@rules.predicate
def is_shift_member(user, obj):
    """The member on duty (for a swap: the member who asked for it)."""
    if obj is None or not getattr(user, "is_authenticated", False):
        return False
    return _member_user_id(obj) == user.pk


manages = is_office & in_workstation_committee

rules.add_perm("workstations.add_workstation", is_office)
rules.add_perm("workstations.manage_workstation", manages)
rules.add_perm("workstations.view_rota_desk", is_office)
rules.add_perm("workstations.view_my_shifts", has_member_profile)
# One duty shift: members (their own), the office and leaders (in scope) may open it; members and
# the office act on it (check-in, record, swap). Which shifts: selectors.shift_detail (404).
rules.add_perm("workstations.view_shift", has_member_profile | is_office_or_leader)
rules.add_perm("workstations.act_on_shift", has_member_profile | is_office)
# On one shift or swap (transition permissions):
rules.add_perm("workstations.serve_shift", is_shift_member | manages)  # check in, record
rules.add_perm("workstations.own_shift", is_shift_member)  # matters, swap requests
rules.add_perm("workstations.manage_shift", manages)  # missed, excused, cancelled
rules.add_perm("workstations.decide_swap", manages)
