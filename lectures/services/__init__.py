"""Every write to the 委员讲堂 menu and its orders goes through these functions.

Status changes run through the transition tables (``lectures.workflows``: a row lock, the rule,
the state, one event); side effects (notices, the liaison activity, the ledger fact) happen in
the same transaction. See ``lectures.models`` for the story.

- ``offerings``: the menu — a member's lecture offered, reviewed onto the menu, taken off;
- ``orders``: an order placed, dispatched, accepted or declined, scheduled, delivered, rated,
  withdrawn or cancelled;
- ``reminders``: the office told of orders not accepted in three days;
- ``retention``: the requesters' contact details blanked after the retention period.
"""

from .offerings import (
    OFFERING_FIELDS,
    OS,
    OfferingDetails,
    offering_approve,
    offering_reject,
    offering_save,
    offering_submit,
    offering_withdraw,
)
from .orders import (
    OrderDetails,
    S,
    dispatch_candidates,
    lecture_key,
    order_accept,
    order_by_token,
    order_cancel,
    order_decline,
    order_deliver,
    order_dispatch,
    order_place,
    order_rate,
    order_schedule,
    order_withdraw,
)
from .reminders import lecture_reminders_send
from .retention import requesters_anonymise_expired

__all__ = [
    "OFFERING_FIELDS",
    "OS",
    "S",
    "OfferingDetails",
    "OrderDetails",
    "dispatch_candidates",
    "lecture_key",
    "lecture_reminders_send",
    "offering_approve",
    "offering_reject",
    "offering_save",
    "offering_submit",
    "offering_withdraw",
    "order_accept",
    "order_by_token",
    "order_cancel",
    "order_decline",
    "order_deliver",
    "order_dispatch",
    "order_place",
    "order_rate",
    "order_schedule",
    "order_withdraw",
    "requesters_anonymise_expired",
]
