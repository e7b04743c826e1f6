"""Who may do what with workstations and duty rotas. Which committee's records a user sees is the
queryset's job (org.scope); these predicates answer the role question and, for writes, whether
the workstation is in a committee the user may change."""

import rules

from accounts.rules import has_member_profile, in_changeable_committee, is_office

rules.add_perm("workstations.add_workstation", is_office)
rules.add_perm("workstations.manage_workstation", is_office & in_changeable_committee)
rules.add_perm("workstations.view_rota_desk", is_office)
rules.add_perm("workstations.view_my_shifts", has_member_profile)
