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


OPINION: Workflow[Opinion] = Workflow(
    model=Opinion,
    event_model=OpinionEvent,
    event_fk="opinion",
    denied=_("只有本政协组织的政协机关工作人员可以办理。"),
    noun=_("该建言"),
    transitions=[
        # the member's own item
        Transition(
            "submit",
            sources=EDITABLE,
            target=Status.SUBMITTED,
            perm="opinions.edit_own_item",
            label=_("提交"),
            kind=Kind.SUBMITTED,
        ),
        # the review desk
        Transition(
            "assign",
            sources=UNDECIDED,
            target=Status.UNDER_REVIEW,
            perm=HANDLE,
            label=_("分派"),
            kind=Kind.ASSIGNED,
        ),
        Transition(
            "return",
            sources=UNDECIDED,
            target=Status.RETURNED,
            perm=HANDLE,
            label=_("退回"),
            kind=Kind.RETURNED,
            guard=_member_item,
        ),
        Transition(
            "reject",
            sources=UNDECIDED,
            target=Status.NOT_ADOPTED,
            perm=HANDLE,
            label=_("作出不予采用决定"),
            kind=Kind.NOT_ADOPTED,
        ),
        Transition(
            "merge",
            sources=UNDECIDED,
            target=Status.MERGED,
            perm=HANDLE,
            label=_("并案"),
            kind=Kind.MERGED,
        ),
        Transition(
            "receive_merge",
            sources=MERGE_TARGETS,
            target=None,
            perm=HANDLE,
            label=_("作为并案对象"),
            kind=Kind.MERGE_RECEIVED,
        ),
        Transition(
            "adopt",
            sources=UNDECIDED,
            target=Status.ADOPTED,
            perm=HANDLE,
            label=_("采用"),
            kind=Kind.ADOPTED,
        ),
        Transition(
            "raise_level",
            sources=ADOPTED_ON,
            target=None,
            perm=HANDLE,
            label=_("提升采用层级"),
            kind=Kind.LEVEL_RAISED,
            guard=_below_national,
        ),
        Transition(
            "convert",
            sources={*UNDECIDED, Status.ADOPTED},
            target=None,
            perm=HANDLE,
            label=_("转为提案或协商议题"),
            kind=Kind.CONVERTED,
        ),
        Transition(
            "spam",
            sources=UNDECIDED,
            target=None,
            perm=HANDLE,
            label=_("标记为垃圾信息"),
            kind=Kind.SPAM,
            guard=_not_spam,
        ),
        Transition(
            "unspam",
            sources=ALL,
            target=None,
            perm=HANDLE,
            label=_("取消垃圾信息标记"),
            kind=Kind.UNSPAM,
            guard=_is_spam,
        ),
        # bulletins, forwarding, replies, instructions
        Transition(
            "compile",
            sources={Status.ADOPTED},
            target=Status.COMPILED,
            perm=HANDLE,
            label=_("编入《社情民意信息》"),
            kind=Kind.COMPILED,
        ),
        Transition(
            "forward",
            sources={Status.ADOPTED, Status.COMPILED, Status.FORWARDED},
            target=Status.FORWARDED,
            perm=HANDLE,
            label=_("转交承办单位"),
            kind=Kind.FORWARDED,
        ),
        Transition(
            "reply",
            sources={Status.FORWARDED},
            target=Status.REPLIED,
            perm=HANDLE,
            label=_("公开答复"),
            kind=Kind.REPLIED,
        ),
        Transition(
            "instruction",
            sources=ADOPTED_ON,
            target=None,
            perm=HANDLE,
            label=_("登记领导批示"),
            kind=Kind.INSTRUCTION,
        ),
        # the citizen closes the loop (or a scheduled task does)
        Transition(
            "rate",
            sources={Status.REPLIED},
            target=None,
            perm=None,
            label=_("评价"),
            kind=Kind.RATED,
            guard=_not_rated,
        ),
        Transition(
            "close",
            sources={Status.REPLIED},
            target=Status.CLOSED,
            perm=None,
            label=_("办结"),
            kind=Kind.CLOSED,
        ),
        Transition(
            "rehandle",
            sources={Status.REPLIED, Status.CLOSED},
            target=Status.FORWARDED,
            perm=None,
            label=_("申请重新办理"),
            kind=Kind.REHANDLE,
            guard=_may_rehandle,
        ),
    ],
)

F = Forwarding.Status
DEPARTMENT = "opinions.handle_forwarding"


def _signed(forwarding: Forwarding):
    return None if forwarding.signed_at else _("该转办件尚未签收。")


def _unsigned(forwarding: Forwarding):
    return _("该转办件已签收。") if forwarding.signed_at else None


FORWARDING: Workflow[Forwarding] = Workflow(
    model=Forwarding,
    event_model=OpinionEvent,
    event_fk="forwarding",
    denied=_("只有该承办单位的用户或本政协组织的工作人员可以办理此件。"),
    transitions=[
        Transition(
            "sign",
            sources={F.NEW},
            target=F.SIGNED,
            perm=DEPARTMENT,
            label=_("签收"),
            kind=Kind.SIGNED,
        ),
        Transition(
            "request_return",
            sources={F.NEW, F.SIGNED},
            target=F.RETURN_REQUESTED,
            perm=DEPARTMENT,
            label=_("申请退回"),
            kind=Kind.RETURN_REQUESTED,
        ),
        Transition(
            "accept_return",
            sources={F.RETURN_REQUESTED},
            target=F.WITHDRAWN,
            perm=HANDLE,
            label=_("审核退回申请"),
            kind=Kind.RETURN_ACCEPTED,
        ),
        # refusing a return request puts the forwarding back where it was: signed or not
        Transition(
            "refuse_return",
            sources={F.RETURN_REQUESTED},
            target=F.SIGNED,
            perm=HANDLE,
            label=_("审核退回申请"),
            kind=Kind.RETURN_REFUSED,
            guard=_signed,
        ),
        Transition(
            "refuse_return_unsigned",
            sources={F.RETURN_REQUESTED},
            target=F.NEW,
            perm=HANDLE,
            label=_("审核退回申请"),
            kind=Kind.RETURN_REFUSED,
            guard=_unsigned,
        ),
        Transition(
            "reply",
            sources={F.SIGNED, F.REJECTED},
            target=F.REPLIED,
            perm=DEPARTMENT,
            label=_("答复"),
            kind=Kind.REPLY_SUBMITTED,
        ),
        Transition(
            "accept_reply",
            sources={F.REPLIED},
            target=F.ACCEPTED,
            perm=HANDLE,
            label=_("审核答复"),
            kind=Kind.REPLY_ACCEPTED,
        ),
        Transition(
            "reject_reply",
            sources={F.REPLIED},
            target=F.REJECTED,
            perm=HANDLE,
            label=_("审核答复"),
            kind=Kind.REPLY_REJECTED,
        ),
        # the citizen's 申请重新办理 gives the lead department the item back
        Transition(
            "reopen",
            sources={F.ACCEPTED},
            target=F.SIGNED,
            perm=None,
            label=_("重新交办"),
            kind=Kind.REOPENED,
        ),
        # the daily reminder of an overdue forwarding (a scheduled task)
        Transition(
            "remind",
            sources=set(Forwarding.OPEN_STATUSES),
            target=None,
            perm=None,
            label=_("超期催办"),
            kind=Kind.OVERDUE_REMINDER,
        ),
    ],
)

B = Bulletin.Status
BK = BulletinEvent.Kind
BULLETIN_PERM = "opinions.manage_bulletin"

BULLETIN: Workflow[Bulletin] = Workflow(
    model=Bulletin,
    event_model=BulletinEvent,
    event_fk="bulletin",
    denied=_("您无权编辑该期《社情民意信息》。"),
    transitions=[
        Transition(
            "add_item",
            sources={B.DRAFT},
            target=None,
            perm=BULLETIN_PERM,
            label=_("编入信息"),
            kind=BK.ITEM_ADDED,
        ),
        Transition(
            "edit_item",
            sources={B.DRAFT},
            target=None,
            perm=BULLETIN_PERM,
            label=_("修改信息"),
            kind=BK.ITEM_EDITED,
        ),
        Transition(
            "move_item",
            sources={B.DRAFT},
            target=None,
            perm=BULLETIN_PERM,
            label=_("调整顺序"),
            kind=BK.ITEM_MOVED,
        ),
        Transition(
            "remove_item",
            sources={B.DRAFT},
            target=None,
            perm=BULLETIN_PERM,
            label=_("移出信息"),
            kind=BK.ITEM_REMOVED,
        ),
        Transition(
            "issue",
            sources={B.DRAFT},
            target=B.ISSUED,
            perm=BULLETIN_PERM,
            label=_("签发"),
            kind=BK.ISSUED,
        ),
    ],
)
