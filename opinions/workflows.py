"""The transition tables of the opinion, forwarding and bulletin workflows.

Every status change of an opinion, a forwarding or a bulletin goes through
``<WORKFLOW>.run(obj, action, by=…)`` (``core.workflow``): it locks the row, checks the actor
against the row's ``perm`` (a rule in ``opinions.rules``), checks the state against the row's
sources and guard, applies, saves and writes exactly one event with from/to status and actor.
Rows with ``target=None`` record something without changing the state (a raised adoption level,
a leader's instruction, a bulletin edit). ``perm=None`` rows are taken by the citizen (who proved
the tracking code and key) or by a scheduled task, never from a desk page.

The opinion's own states are in ``Status``; forwarding events are opinion events too (the opinion's
timeline shows them) that also point at their forwarding and carry the forwarding's states.
"""

from __future__ import annotations

from functools import partial

from django.utils.translation import gettext_lazy as _

from core.workflow import Transition, TransitionError, Workflow

from .models import (
    AdoptionLevel,
    Bulletin,
    BulletinEvent,
    Forwarding,
    Opinion,
    OpinionEvent,
    Satisfaction,
    Status,
)

__all__ = ["BULLETIN", "FORWARDING", "OPINION", "TransitionError"]

Kind = OpinionEvent.Kind
HANDLE = "opinions.handle_opinion"

UNDECIDED = {Status.SUBMITTED, Status.UNDER_REVIEW}
EDITABLE = {Status.DRAFT, Status.RETURNED}
ADOPTED_ON = {Status.ADOPTED, Status.COMPILED, Status.FORWARDED, Status.REPLIED, Status.CLOSED}
MERGE_TARGETS = {*UNDECIDED, Status.ADOPTED, Status.COMPILED, Status.FORWARDED, Status.REPLIED}
ALL = set(Status.values)


def _member_item(opinion: Opinion):
    if not opinion.is_member_item:
        return _("只有委员报送的社情民意信息可以退回修改。")
    return None


def _below_national(opinion: Opinion):
    if opinion.adoption_level == AdoptionLevel.NATIONAL:
        return _("已是最高采用层级。")
    return None


def _not_spam(opinion: Opinion):
    return _("已标记为垃圾信息。") if opinion.is_spam else None


def _is_spam(opinion: Opinion):
    return None if opinion.is_spam else _("未标记为垃圾信息。")


def _not_rated(opinion: Opinion):
    return _("这条建言已经评价过了。") if opinion.rated_at else None


def _may_rehandle(opinion: Opinion):
    if opinion.satisfaction != Satisfaction.UNSATISFIED:
        return _("只有对答复不满意时才能申请重新办理。")
    if opinion.rehandle_requested_at is not None:
        return _("已申请过一次，不能再申请重新办理。")
    return None


# Most rows are the review desk's (``HANDLE``); the others name their rule (``perm=None``: the
# citizen holding the tracking code and key, or a scheduled task).
_desk = partial(Transition, perm=HANDLE)


OPINION: Workflow[Opinion] = Workflow(
    model=Opinion,
    event_model=OpinionEvent,
    event_fk="opinion",
    denied=_("只有本政协组织的政协机关工作人员可以办理。"),
    noun=_("该建言"),
    transitions=[
        # the member's own item
        Transition(
            "submit", EDITABLE, Status.SUBMITTED, kind=Kind.SUBMITTED, perm="opinions.edit_own_item"
        ),
        # the review desk
        _desk("assign", UNDECIDED, Status.UNDER_REVIEW, _("分派"), Kind.ASSIGNED),
        _desk("return", UNDECIDED, Status.RETURNED, _("退回"), Kind.RETURNED, guard=_member_item),
        _desk("reject", UNDECIDED, Status.NOT_ADOPTED, _("作出不予采用决定"), Kind.NOT_ADOPTED),
        _desk("merge", UNDECIDED, Status.MERGED, kind=Kind.MERGED),
        _desk("receive_merge", MERGE_TARGETS, None, _("作为并案对象"), Kind.MERGE_RECEIVED),
        _desk("adopt", UNDECIDED, Status.ADOPTED, kind=Kind.ADOPTED),
        _desk(
            "raise_level",
            ADOPTED_ON,
            None,
            _("提升采用层级"),
            Kind.LEVEL_RAISED,
            guard=_below_national,
        ),
        _desk(
            "convert", {*UNDECIDED, Status.ADOPTED}, None, _("转为提案或协商议题"), Kind.CONVERTED
        ),
        _desk("spam", UNDECIDED, None, kind=Kind.SPAM, guard=_not_spam),
        _desk("unspam", ALL, None, kind=Kind.UNSPAM, guard=_is_spam),
        # bulletins, forwarding, replies, instructions
        # an item is compiled when its bulletin is signed off (签发, by a leader): the signer's rule
        Transition(
            "compile",
            {Status.ADOPTED},
            Status.COMPILED,
            kind=Kind.COMPILED,
            perm="opinions.compile_opinion",
        ),
        _desk(
            "forward",
            {Status.ADOPTED, Status.COMPILED, Status.FORWARDED},
            Status.FORWARDED,
            kind=Kind.FORWARDED,
        ),
        _desk("reply", {Status.FORWARDED}, Status.REPLIED, _("公开答复"), Kind.REPLIED),
        # 领导批示: a leader of the item's scope records it, or the office on the leader's behalf
        Transition(
            "instruction",
            ADOPTED_ON,
            None,
            _("登记领导批示"),
            Kind.INSTRUCTION,
            perm="opinions.record_instruction",
        ),
        # the citizen closes the loop (or a scheduled task does)
        Transition(
            "rate", {Status.REPLIED}, None, _("评价"), Kind.RATED, perm=None, guard=_not_rated
        ),
        Transition("close", {Status.REPLIED}, Status.CLOSED, kind=Kind.CLOSED, perm=None),
        Transition(
            "rehandle",
            {Status.REPLIED, Status.CLOSED},
            Status.FORWARDED,
            kind=Kind.REHANDLE,
            perm=None,
            guard=_may_rehandle,
        ),
    ],
)

F = Forwarding.Status
DEPARTMENT = "opinions.handle_forwarding"
_dept = partial(Transition, perm=DEPARTMENT)


def _signed(forwarding: Forwarding):
    return None if forwarding.signed_at else _("该转办件尚未签收。")


def _unsigned(forwarding: Forwarding):
    return _("该转办件已签收。") if forwarding.signed_at else None


def _lead(forwarding: Forwarding):
    if forwarding.role != Forwarding.Role.LEAD:
        return _("协办单位向主办单位提交协办意见，由主办单位统一答复。")
    return None


def _co(forwarding: Forwarding):
    return None if forwarding.role == Forwarding.Role.CO else _("该转办件是主办件。")


def pending_co_handlers(forwarding: Forwarding) -> list[str]:
    """The co-handling departments of the lead ``forwarding``'s opinion that have neither given
    their 协办意见 nor been excused by the office (names, in forwarding order)."""
    if forwarding.role != Forwarding.Role.LEAD:
        return []
    return list(
        Forwarding.objects.filter(opinion_id=forwarding.opinion_id, role=Forwarding.Role.CO)
        .exclude(status__in=Forwarding.CO_DONE_STATUSES)
        .order_by("created_at", "pk")
        .values_list("department__name", flat=True)
    )


def _co_handlers_done(forwarding: Forwarding):
    """The lead's reply is released only once every co-handler has given its opinion (or the
    office has recorded why it goes out without one)."""
    pending = pending_co_handlers(forwarding)
    if pending:
        return _("协办单位%(names)s尚未提交协办意见，主办单位的答复暂不能通过。") % {
            "names": "、".join(pending)
        }
    return None


REVIEW_RETURN = _("审核退回申请")
REVIEW_REPLY = _("审核答复")
# the states a forwarding is in while the department holds it, before it is signed or after
IN_HAND = {F.NEW, F.SIGNED}
RETURN_ASKED = {F.RETURN_REQUESTED}


def _refusal(action: str, back_to: str, guard) -> Transition:
    """Refusing a return request puts the forwarding back where it was: signed or not."""
    return _desk(action, RETURN_ASKED, back_to, REVIEW_RETURN, Kind.RETURN_REFUSED, guard=guard)


FORWARDING: Workflow[Forwarding] = Workflow(
    model=Forwarding,
    event_model=OpinionEvent,
    event_fk="forwarding",
    denied=_("只有该承办单位的用户或本政协组织的工作人员可以办理此件。"),
    transitions=[
        _dept("sign", {F.NEW}, F.SIGNED, _("签收"), Kind.SIGNED),
        _dept("request_return", IN_HAND, F.RETURN_REQUESTED, _("申请退回"), Kind.RETURN_REQUESTED),
        _desk("accept_return", RETURN_ASKED, F.WITHDRAWN, REVIEW_RETURN, Kind.RETURN_ACCEPTED),
        _refusal("refuse_return", F.SIGNED, _signed),
        _refusal("refuse_return_unsigned", F.NEW, _unsigned),
        _dept(
            "reply", {F.SIGNED, F.REJECTED}, F.REPLIED, _("答复"), Kind.REPLY_SUBMITTED, guard=_lead
        ),
        # a co-handling department's 协办意见 goes to the lead department
        _dept(
            "give_opinion",
            {F.SIGNED},
            F.OPINION_GIVEN,
            _("提交协办意见"),
            Kind.CO_OPINION,
            guard=_co,
        ),
        # …or the office records an exception: the lead's reply may go out without it
        _desk("waive_opinion", IN_HAND, F.WAIVED, kind=Kind.CO_OPINION_WAIVED, guard=_co),
        _desk(
            "accept_reply",
            {F.REPLIED},
            F.ACCEPTED,
            REVIEW_REPLY,
            Kind.REPLY_ACCEPTED,
            guard=_co_handlers_done,
        ),
        _desk("reject_reply", {F.REPLIED}, F.REJECTED, REVIEW_REPLY, Kind.REPLY_REJECTED),
        # the citizen's 申请重新办理 gives the lead department the item back
        Transition("reopen", {F.ACCEPTED}, F.SIGNED, _("重新交办"), Kind.REOPENED, perm=None),
        # the daily reminder of an overdue forwarding (a scheduled task)
        Transition("remind", Forwarding.OPEN_STATUSES, None, kind=Kind.OVERDUE_REMINDER, perm=None),
    ],
)

B = Bulletin.Status
BK = BulletinEvent.Kind
BULLETIN_PERM = "opinions.manage_bulletin"
SIGN_PERM = "opinions.sign_bulletin"

_editor = partial(Transition, perm=BULLETIN_PERM)


def _editing(action: str, kind: str) -> Transition:
    """A bulletin editor's act on a draft issue that records without changing its state."""
    return _editor(action, {B.DRAFT}, None, kind=kind)


def _has_items(bulletin: Bulletin):
    if not bulletin.items.exists():
        return _("本期还没有编入任何信息，不能送签。")
    return None


BULLETIN: Workflow[Bulletin] = Workflow(
    model=Bulletin,
    event_model=BulletinEvent,
    event_fk="bulletin",
    denied=_("您无权编辑该期《社情民意信息》。"),
    transitions=[
        _editing("add_item", BK.ITEM_ADDED),
        _editing("edit_item", BK.ITEM_EDITED),
        _editing("move_item", BK.ITEM_MOVED),
        _editing("remove_item", BK.ITEM_REMOVED),
        # compiled: sent for sign-off (送签) by its editors…
        _editor("submit", {B.DRAFT}, B.COMPILED, _("送签"), BK.SUBMITTED, guard=_has_items),
        # …signed off (签发) or sent back by a leader, or staff holding the permission — never
        # the one who compiled it (opinions.rules)
        Transition("send_back", {B.COMPILED}, B.DRAFT, _("退回修改"), BK.SENT_BACK, perm=SIGN_PERM),
        Transition("issue", {B.COMPILED}, B.ISSUED, _("签发"), BK.ISSUED, perm=SIGN_PERM),
    ],
)
