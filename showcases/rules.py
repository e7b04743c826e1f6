"""Who may do what with 典型经验: ``showcases.manage`` (the office: the desk, writing one up) and
``showcases.edit`` (the office of the write-up's committee; the transition table
``showcases.workflows`` names it, so buttons, views and services ask the same rule)."""

import rules

from accounts.rules import is_office
from org import scope


@rules.predicate
def in_showcase_committee(user, showcase):
    """The write-up belongs to a committee the user may change (not just see)."""
    if showcase is None:
        return False
    return scope.can_change_committee(user, showcase.committee_id)


rules.add_perm("showcases.manage", is_office)
rules.add_perm("showcases.edit", is_office & in_showcase_committee)
