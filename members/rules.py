"""Who may do what with member records (the predicates live in accounts.rules)."""

import rules

from accounts.rules import (
    has_member_profile,
    in_changeable_committee,
    is_office,
    is_office_or_leader,
)

rules.add_perm("members.view_member_directory", is_office_or_leader)
rules.add_perm("members.add_member", is_office)
rules.add_perm("members.change_member", is_office & in_changeable_committee)
rules.add_perm("members.view_own_profile", has_member_profile)
rules.add_perm("members.view_grid_managers", is_office_or_leader)
rules.add_perm("members.change_pairing", is_office & in_changeable_committee)
