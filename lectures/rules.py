"""Who may do what with the 委员讲堂 menu and orders.

Role questions asked before any lookup: ``lectures.offer`` (a member with a profile) and
``lectures.view_desk`` (the office). Object predicates resolve the record's committee themselves
and answer ``False`` without a record; the transition tables (``lectures.workflows``) name them,
so buttons, views and services ask the same rule. The requester of an order acts through their private link (the
token is the lookup), not through a permission.
"""

import rules

from accounts.rules import has_member_profile, is_office
from org import scope


@rules.predicate
def in_record_committee(user, record):
    """The record belongs to a committee the user may change (not just see)."""
    if record is None:
        return False
    return scope.can_change_committee(user, record.committee_id)


def _own_member_id(user):
    if not getattr(user, "is_authenticated", False):
        return None
    member = getattr(user, "member", None)
    return member.pk if member is not None else None


@rules.predicate
def is_offering_author(user, offering):
    member_id = _own_member_id(user)
    return offering is not None and member_id is not None and offering.member_id == member_id


@rules.predicate
def is_dispatched_member(user, order):
    """The member the order is dispatched to."""
    member_id = _own_member_id(user)
    return order is not None and member_id is not None and order.member_id == member_id


@rules.predicate
def is_accepted_member(user, order):
    """The member who accepted the order and is still to give the lecture: they need the
    requester's phone to agree a date (before accepting, and after delivery, they do not)."""
    return is_dispatched_member(user, order) and order.status in ("accepted", "scheduled")


_office_in_scope = is_office & in_record_committee

rules.add_perm("lectures.offer", has_member_profile)
rules.add_perm("lectures.view_desk", is_office)
# on one offering
rules.add_perm("lectures.edit_offering", is_offering_author)
rules.add_perm("lectures.review_offering", _office_in_scope)
rules.add_perm("lectures.withdraw_offering", is_offering_author | _office_in_scope)
# on one order
rules.add_perm("lectures.dispatch_order", _office_in_scope)
rules.add_perm("lectures.respond_order", is_dispatched_member)
rules.add_perm("lectures.schedule_order", is_dispatched_member | _office_in_scope)
# Delivery confirms a liaison activity and awards the member's points: the office records it,
# never the member who gave the lecture.
rules.add_perm("lectures.record_delivery", _office_in_scope & ~is_dispatched_member)
rules.add_perm("lectures.cancel_order", _office_in_scope)
# The requester's phone in full: the office of the order's own committee, and the member once
# they accepted it; everyone else (other committees' staff, the member before accepting) sees it
# masked (personal data, PIPL).
rules.add_perm("lectures.see_requester_contact", _office_in_scope | is_accepted_member)
# Opening one offering or acting on one order: members (their own) and the office (in scope);
# the queryset (lectures.selectors) says which records — 404 outside it.
rules.add_perm("lectures.view_offering", has_member_profile | is_office)
rules.add_perm("lectures.act_on_order", has_member_profile | is_office)
