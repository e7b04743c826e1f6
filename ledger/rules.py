"""Who may see and change the performance ledger (履职档案)."""

import rules

from accounts.rules import (
    has_member_profile,
    in_changeable_committee,
    is_office,
    is_office_or_leader,
)
from org import scope


@rules.predicate
def is_changeable_committee(user, committee):
    """``committee`` (an org.Committee) is one the user may change; ``False`` without one."""
    return committee is not None and scope.can_change_committee(user, committee.pk)


rules.add_perm("ledger.view_own_ledger", has_member_profile)
rules.add_perm("ledger.view_member_ledger", is_office_or_leader)
rules.add_perm("ledger.view_ranking", is_office_or_leader)
rules.add_perm("ledger.run_evaluation", is_office & in_changeable_committee)
rules.add_perm("ledger.adjust_grade", is_office & in_changeable_committee)
rules.add_perm("ledger.edit_scoring_rules", is_office)  # the page (role)
# Saving one committee's rules (the service; the object is the committee).
rules.add_perm("ledger.edit_committee_scoring_rules", is_office & is_changeable_committee)
