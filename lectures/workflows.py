"""The transition tables of the 委员讲堂 menu (``OFFERING``) and its orders (``ORDER``): every
status change runs through ``<TABLE>.run``.

Offering: a member writes a draft and submits it; staff of its committee approve it into the
public menu or reject it (the member may revise a rejected one and submit again); the member or
staff take it off the menu (withdrawn; it may be submitted again).

Order: placed by the public (``new``); staff dispatch it to a member (``dispatched``); the member
accepts (``accepted``) or declines with a reason (back to ``new`` for a re-dispatch); a date is
agreed (``scheduled``, again to change it); staff record the delivery (``delivered``: a
confirmed liaison activity and the member's ledger fact); the requester rates it through their
private link (``rated``). Staff may cancel an order that has not been delivered, and the
requester may withdraw it through the link until then (both ``cancelled``).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from core.workflow import Transition, Workflow

from .models import LectureOffering, LectureOfferingEvent, LectureOrder, LectureOrderEvent

OS = LectureOffering.Status
OKind = LectureOfferingEvent.Kind
S = LectureOrder.Status
Kind = LectureOrderEvent.Kind

# A draft or a rejected/withdrawn offering is the member's to edit.
OFFERING_EDITABLE = frozenset({OS.DRAFT, OS.REJECTED, OS.WITHDRAWN})
# An order not given yet: staff may cancel it, the requester withdraw it.
OPEN = frozenset({S.NEW, S.DISPATCHED, S.ACCEPTED, S.SCHEDULED})

# The rules the rows name (lectures.rules). A row whose button says what its event says
# names only the kind (core.workflow.Transition).
EDIT = "lectures.edit_offering"
REVIEW = "lectures.review_offering"
TAKE_DOWN = "lectures.withdraw_offering"
DISPATCH = "lectures.dispatch_order"
RESPOND = "lectures.respond_order"
SCHEDULE = "lectures.schedule_order"
DELIVER = "lectures.record_delivery"
CANCEL = "lectures.cancel_order"

OFFERING: Workflow[LectureOffering] = Workflow(
    model=LectureOffering,
    event_model=LectureOfferingEvent,
    event_fk="offering",
    denied=_("您无权办理该讲题。"),
    noun=_("该讲题"),
    transitions=[
        Transition("submit", OFFERING_EDITABLE, OS.SUBMITTED, kind=OKind.SUBMITTED, perm=EDIT),
        Transition("approve", {OS.SUBMITTED}, OS.APPROVED, kind=OKind.APPROVED, perm=REVIEW),
        Transition("reject", {OS.SUBMITTED}, OS.REJECTED, _("退回"), OKind.REJECTED, perm=REVIEW),
        Transition(
            "withdraw",
            {OS.SUBMITTED, OS.APPROVED},
            OS.WITHDRAWN,
            kind=OKind.WITHDRAWN,
            perm=TAKE_DOWN,
        ),
    ],
)

ORDER: Workflow[LectureOrder] = Workflow(
    model=LectureOrder,
    event_model=LectureOrderEvent,
    event_fk="order",
    denied=_("您无权办理该讲堂订单。"),
    noun=_("该订单"),
    transitions=[
        # again: to another member while nobody has accepted
        Transition(
            "dispatch", {S.NEW, S.DISPATCHED}, S.DISPATCHED, kind=Kind.DISPATCHED, perm=DISPATCH
        ),
        Transition("accept", {S.DISPATCHED}, S.ACCEPTED, kind=Kind.ACCEPTED, perm=RESPOND),
        Transition("decline", {S.DISPATCHED}, S.NEW, kind=Kind.DECLINED, perm=RESPOND),
        Transition(
            "schedule", {S.ACCEPTED, S.SCHEDULED}, S.SCHEDULED, kind=Kind.SCHEDULED, perm=SCHEDULE
        ),
        Transition(
            "deliver", {S.SCHEDULED}, S.DELIVERED, _("登记授课完成"), Kind.DELIVERED, perm=DELIVER
        ),
        # the requester, through the private link (the token proved who they are)
        Transition("rate", {S.DELIVERED}, S.RATED, _("提交评价"), Kind.RATED, perm=None),
        # the requester withdraws it through the private link, while it has not been given
        Transition("withdraw", OPEN, S.CANCELLED, _("撤销订单"), Kind.WITHDRAWN, perm=None),
        Transition("cancel", OPEN, S.CANCELLED, _("取消订单"), Kind.CANCELLED, perm=CANCEL),
    ],
)
