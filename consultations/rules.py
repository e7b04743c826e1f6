"""Who may do what with consultations. Which committee's records a user sees is the queryset's
job (org.scope, ``selectors``); these predicates answer the role question and, for writes,
whether the record's event belongs to a committee the user may change.

Role questions (asked before any lookup): ``view_desk`` (the office and leaders: topics, events,
outcomes of their scope), ``manage`` (the office: create, invite, record, check in),
``view_my_invitations`` (members). Object permissions (the transition tables name them):
``manage_consultation``, ``manage_observers`` (the office of the event's committee) and
``own_invitation`` (the invited member), ``download_material`` (a meeting material)."""

import rules

from accounts.rules import has_member_profile, is_office, is_office_or_leader
from org import scope

from .models import Invitation


def committee_of(obj) -> int | None:
    """The committee a topic, an event, an invitation, an observer or an outcome belongs to."""
    if hasattr(obj, "consultation_id"):
        obj = obj.consultation
    return obj.committee_id


@rules.predicate
def in_consultation_committee(user, obj):
    if obj is None:
        return False
    return scope.can_change_committee(user, committee_of(obj))


@rules.predicate
def is_invited_member(user, obj):
    if obj is None or not getattr(user, "is_authenticated", False):
        return False
    return obj.member.user_id is not None and obj.member.user_id == user.pk


@rules.predicate
def sees_consultation_committee(user, obj):
    if obj is None:
        return False
    return scope.can_see_committee(user, committee_of(obj))


@rules.predicate
def material_is_public(user, material):
    """A material marked public, of an event announced to the public."""
    if material is None or not material.is_public:
        return False
    consultation = material.consultation
    return consultation.is_public and consultation.status != "planned"


@rules.predicate
def invited_to_materials_event(user, material):
    """The user is a member invited to the material's event."""
    if material is None or not getattr(user, "is_authenticated", False):
        return False
    return Invitation.objects.filter(
        consultation_id=material.consultation_id, member__user_id=user.pk
    ).exists()


manages = is_office & in_consultation_committee

rules.add_perm("consultations.view_desk", is_office_or_leader)
rules.add_perm("consultations.manage", is_office)
rules.add_perm("consultations.view_my_invitations", has_member_profile)
rules.add_perm("consultations.manage_consultation", manages)
rules.add_perm("consultations.manage_observers", manages)
rules.add_perm("consultations.own_invitation", is_invited_member)
# 会议材料: public ones of a public event to everyone; the rest to the office and leaders who
# see the event and to the members invited to it (consultations.views.materials)
rules.add_perm(
    "consultations.download_material",
    material_is_public
    | (is_office_or_leader & sees_consultation_committee)
    | invited_to_materials_event,
)
