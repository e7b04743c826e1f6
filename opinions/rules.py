"""Who may do what with opinions, forwardings and bulletins: every permission declared once.

Role permissions (``view_desk``, ``edit_bulletins``…) answer "may this kind of user do this at
all" and are checked without an object, before any lookup. Object permissions
(``handle_opinion``, ``handle_forwarding``, ``manage_bulletin``…) resolve the record's committee
(or department) themselves — an opinion, a forwarding, a reply, a bulletin, a bulletin item or a
committee — and are ``False`` without a record. They are the transitions' ``perm`` in
``opinions.workflows``, so a view and the service it calls ask the very same rule.
"""

import rules

from accounts.rules import (
    has_member_profile,
    in_changeable_committee,
    is_citizen,
    is_department,
    is_leader,
    is_office,
)
from org import scope
from org.models import Committee

from .models import Bulletin, BulletinItem, Forwarding, Opinion, Reply, ReplyDocument, Status


def committee_id_of(obj) -> int | None:
    """The committee that owns ``obj`` (the one whose office handles it)."""
    if isinstance(obj, Committee):
        return obj.pk
    if isinstance(obj, Opinion | Bulletin):
        return obj.committee_id
    if isinstance(obj, Forwarding):
        return obj.opinion.committee_id
    if isinstance(obj, Reply):
        return obj.forwarding.opinion.committee_id
    if isinstance(obj, ReplyDocument):
        return obj.reply.forwarding.opinion.committee_id
    if isinstance(obj, BulletinItem):
        return obj.bulletin.committee_id
    return None


@rules.predicate
def in_handling_committee(user, obj) -> bool:
    """The record belongs to a committee the user may change (no record: no)."""
    return obj is not None and scope.can_change_committee(user, committee_id_of(obj))


@rules.predicate
def in_visible_committee(user, obj) -> bool:
    """The record belongs to a committee the user sees (no record: no)."""
    return obj is not None and scope.can_see_committee(user, committee_id_of(obj))


@rules.predicate
def of_own_department(user, forwarding) -> bool:
    """The forwarding (or the reply to it, or that reply's document) went to the user's own
    department."""
    if isinstance(forwarding, ReplyDocument):
        forwarding = forwarding.reply
    if isinstance(forwarding, Reply):
        forwarding = forwarding.forwarding
    return (
        isinstance(forwarding, Forwarding)
        and user.is_authenticated
        and user.department_id is not None
        and user.department_id == forwarding.department_id
    )


@rules.predicate
def is_item_author(user, opinion):
    """The member who wrote the item (their own attachments, drafts included)."""
    author = getattr(opinion, "author", None) if opinion is not None else None
    return bool(author is not None and user.is_authenticated and author.user_id == user.pk)


@rules.predicate
def forwarded_to_own_department(user, opinion) -> bool:
    """The item is being (or was) handled by the user's department: its attachments (photos…)
    are part of the matter; the submitter's identity never is (the department page masks it)."""
    return bool(
        opinion is not None
        and user.is_authenticated
        and user.department_id is not None
        and opinion.status != Status.DRAFT
        and opinion.forwardings.filter(department_id=user.department_id)
        .exclude(status=Forwarding.Status.WITHDRAWN)
        .exists()
    )


@rules.predicate
def is_compiler(user, bulletin) -> bool:
    """The user compiled the issue (created it or sent it for sign-off)."""
    return isinstance(bulletin, Bulletin) and user.pk in bulletin.compiler_ids


@rules.predicate
def holds_sign_off_grant(user) -> bool:
    """Staff granted 签发 (the model permission ``opinions.sign_off_bulletins``, given in the
    admin to a person or a group): Django's own backend answers, rules has no such name."""
    return bool(user.is_authenticated and user.has_perm("opinions.sign_off_bulletins"))


@rules.predicate
def office_can_see_item(user, opinion):
    """Submitted items of a committee in the user's scope (org.scope, the one place)."""

    return (
        opinion is not None
        and opinion.status != Status.DRAFT
        and scope.can_see_committee(user, opinion.committee_id)
    )


# --- roles: checked before any record is looked up -------------------------------------------
rules.add_perm("opinions.view_desk", is_office)
rules.add_perm("opinions.enter_opinion", is_office)
rules.add_perm("opinions.submit_member_item", has_member_profile)
# A citizen account adds an item submitted without signing in (its code and key).
rules.add_perm("opinions.claim_opinion", is_citizen)
rules.add_perm("opinions.view_bulletins", is_office | is_leader)
# 签发: the committee's leaders, or staff holding the sign-off grant
rules.add_perm("opinions.sign_bulletins", is_leader | (is_office & holds_sign_off_grant))
# 领导批示: leaders give their own (the office records them from the review desk)
rules.add_perm("opinions.give_instructions", is_leader)
rules.add_perm("opinions.edit_bulletins", is_office)
rules.add_perm("opinions.department_desk", is_department)
rules.add_perm("opinions.view_department_stats", is_office | is_leader)
rules.add_perm("opinions.view_overdue", is_office | is_leader)
# PIPL: find, export or erase one person's contact details (the rows of committees one may change)
rules.add_perm("opinions.manage_personal_data", is_office)

# --- records: the transitions' permissions (opinions.workflows) -----------------------------
# The review desk on an opinion — and the office's decisions on its forwardings and replies.
rules.add_perm("opinions.handle_opinion", is_office & in_handling_committee)
# Entering a matter on someone's behalf for a committee (the object is the committee).
rules.add_perm("opinions.enter_for_committee", is_office & in_handling_committee)
# A member's own item: edit the draft, submit it.
rules.add_perm("opinions.edit_own_item", is_item_author)
# The department a forwarding went to: sign, ask to return, reply.
rules.add_perm("opinions.handle_forwarding", is_department & of_own_department)
# A bulletin of one's own committee (the object is the bulletin, an item or the committee).
rules.add_perm("opinions.manage_bulletin", is_office & in_handling_committee)
# Sign off (or send back) a compiled issue of one's own committee — never one's own compilation.
rules.add_perm(
    "opinions.sign_bulletin",
    (is_leader | (is_office & holds_sign_off_grant)) & in_handling_committee & ~is_compiler,
)
# An adopted item is compiled when its issue is signed off: the signer (a leader or the office)
# of the item's committee (only ever run by bulletin_issue, which asks opinions.sign_bulletin).
rules.add_perm("opinions.compile_opinion", (is_office | is_leader) & in_handling_committee)
# 领导批示 on an adopted item: a leader who sees it (a municipal leader: any committee's), or the
# office of its committee recording a leader's instruction.
rules.add_perm(
    "opinions.record_instruction",
    (is_leader & in_visible_committee) | (is_office & in_handling_committee),
)
rules.add_perm("opinions.reveal_contact", is_office & in_handling_committee)
# Full submitter contacts in a desk export (one audit entry lists the rows): the office of the
# committee that handles them, never the municipal office for a banner's rows.
rules.add_perm("opinions.export_contacts", is_office & in_changeable_committee)
rules.add_perm(
    "opinions.download_attachment",
    is_item_author
    | (is_office & office_can_see_item)
    | (is_department & forwarded_to_own_department),
)
# A department's reply letter: that department, and the office that sees the item.
rules.add_perm(
    "opinions.download_reply_document",
    (is_department & of_own_department) | (is_office & in_visible_committee),
)
