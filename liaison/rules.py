"""Who may do what with liaison activities.

The object predicates resolve the activity's committee themselves and answer ``False`` without an
object; the role questions asked before any lookup use the role permissions (``log_activity``,
``view_activity``, ``view_activity_desk``, ``organise_activity``). The transition table
(liaison.workflows.ACTIVITY) names the object permissions, so views (buttons, 403) and services
(``Workflow.run``) ask the same rule."""

import rules

from accounts.rules import has_member_profile, is_office, is_office_or_leader
from org import scope


@rules.predicate
def in_activity_committee(user, activity):
    """The activity belongs to a committee the user may change (not just see)."""
    if activity is None:
        return False
    return scope.can_change_committee(user, activity.committee_id)


@rules.predicate
def is_activity_reporter(user, activity):
    """The member who logged the activity."""
    if activity is None or not getattr(user, "is_authenticated", False):
        return False
    reporter = activity.reporter
    return reporter is not None and reporter.user_id == user.pk


@rules.predicate
def took_part_in_activity(user, activity):
    """A staff account linked to a member profile that logged or took part in the activity."""
    if activity is None or not getattr(user, "is_authenticated", False):
        return False
    member = getattr(user, "member", None)
    if member is None:
        return False
    return (
        activity.reporter_id == member.pk
        or activity.participants.filter(member_id=member.pk).exists()
    )


rules.add_perm("liaison.log_activity", has_member_profile)
# Opening one activity: members (their own), the office and leaders (in scope); the queryset
# (liaison.selectors.activity_detail) says which records — 404 outside it.
rules.add_perm("liaison.view_activity", has_member_profile | is_office_or_leader)
rules.add_perm("liaison.view_activity_desk", is_office)
rules.add_perm("liaison.organise_activity", is_office)
# On one activity (transition permissions):
rules.add_perm("liaison.submit_activity", is_activity_reporter)
rules.add_perm("liaison.record_matter", is_activity_reporter)  # a matter raised at the activity
rules.add_perm("liaison.handle_activity", is_office & in_activity_committee)
# Nobody confirms an activity they logged or took part in (the points would be their own).
rules.add_perm(
    "liaison.confirm_activity", is_office & in_activity_committee & ~took_part_in_activity
)
