import rules

from accounts.rules import (
    has_member_profile,
    in_changeable_committee,
    is_department,
    is_leader,
    is_office,
)
from org import scope

from .models import Status

rules.add_perm("opinions.view_desk", is_office)
rules.add_perm("opinions.enter_opinion", is_office)
rules.add_perm("opinions.handle_opinion", is_office & in_changeable_committee)
rules.add_perm("opinions.reveal_contact", is_office & in_changeable_committee)
# Full submitter contacts in a desk export (one audit entry lists the rows): the office of the
# committee that handles them, never the municipal office for a banner's rows.
rules.add_perm("opinions.export_contacts", is_office & in_changeable_committee)
rules.add_perm("opinions.submit_member_item", has_member_profile)

rules.add_perm("opinions.view_bulletins", is_office | is_leader)
rules.add_perm("opinions.manage_bulletin", is_office & in_changeable_committee)
rules.add_perm("opinions.department_desk", is_department)
rules.add_perm("opinions.view_department_stats", is_office | is_leader)
rules.add_perm("opinions.view_overdue", is_office | is_leader)


@rules.predicate
def is_item_author(user, opinion):
    """The member who wrote the item (their own attachments, drafts included)."""
    author = getattr(opinion, "author", None) if opinion is not None else None
    return bool(author is not None and user.is_authenticated and author.user_id == user.pk)


@rules.predicate
def office_can_see_item(user, opinion):
    """Submitted items of a committee in the user's scope (org.scope, the one place)."""

    return (
        opinion is not None
        and opinion.status != Status.DRAFT
        and scope.can_see_committee(user, opinion.committee_id)
    )


rules.add_perm("opinions.download_attachment", is_item_author | (is_office & office_can_see_item))
