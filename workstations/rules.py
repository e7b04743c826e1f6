"""Who may do what with workstations and duty rotas. Which committee's records a user sees is the
queryset's job (org.scope); these predicates answer the role question and, for writes, whether
the workstation is in a committee the user may change."""

import rules

from accounts.rules import (
    has_member_profile,
    in_changeable_committee,
    is_office,
    is_office_or_leader,
)

rules.add_perm("workstations.add_workstation", is_office)
rules.add_perm("workstations.manage_workstation", is_office & in_changeable_committee)
rules.add_perm("workstations.view_rota_desk", is_office)
rules.add_perm("workstations.view_my_shifts", has_member_profile)
# One duty shift: members (their own), the office and leaders (in scope) may open it; members and
# the office act on it (check-in, record, swap). Which shifts: selectors.shift_detail (404).
rules.add_perm("workstations.view_shift", has_member_profile | is_office_or_leader)
rules.add_perm("workstations.act_on_shift", has_member_profile | is_office)
