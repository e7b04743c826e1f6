"""Who may do what with liaison activities."""

import rules

from accounts.rules import (
    has_member_profile,
    in_changeable_committee,
    is_office,
    is_office_or_leader,
)

rules.add_perm("liaison.log_activity", has_member_profile)
# Opening one activity: members (their own), the office and leaders (in scope); the queryset
# (liaison.selectors.activity_detail) says which records — 404 outside it.
rules.add_perm("liaison.view_activity", has_member_profile | is_office_or_leader)
rules.add_perm("liaison.view_activity_desk", is_office)
rules.add_perm("liaison.handle_activity", is_office & in_changeable_committee)
rules.add_perm("liaison.organise_activity", is_office)
