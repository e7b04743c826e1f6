"""Every write to an opinion, a forwarding or a bulletin goes through these functions.

Each status change is a row of a transition table (``opinions.workflows``) run by
``core.workflow.Workflow.run``: it locks the row, checks the actor against the row's permission
(the same rule the views ask), checks the state, applies, saves and writes one event with from/to
status and actor; notifications go into the outbox in the same transaction.

- ``intake``: public submissions, staff entry, members' own items, matters from liaison work;
- ``review``: the review desk (assign, return, reject, merge, adopt, …, notes, reveals);
- ``instructions``: leader instructions (领导批示), recorded by staff or given by the leader;
- ``forwarding``: forwarding to departments, their replies and the review of those;
- ``closing``: the citizen's rating, re-handling, closing;
- ``bulletins``: 《社情民意信息》.
"""

from .bulletins import (
    bulletin_add_item,
    bulletin_create,
    bulletin_issue,
    bulletin_move_item,
    bulletin_recipients,
    bulletin_remove_item,
    bulletin_send_back,
    bulletin_submit,
    bulletin_update_item,
)
from .closing import (
    opinion_give_feedback,
    opinion_rate,
    opinion_request_rehandle,
    opinions_auto_close,
)
from .common import Kind, TransitionError, check_lookup_key, normalize_key
from .forwarding import (
    default_due_date,
    forwarding_decide_return,
    forwarding_give_opinion,
    forwarding_reply,
    forwarding_request_return,
    forwarding_sign,
    forwarding_waive_opinion,
    forwardings_remind_overdue,
    opinion_forward,
    reply_review,
)
from .instructions import instruction_give, instruction_record, leader_instruction_level
from .intake import (
    LiaisonMatter,
    Matter,
    is_editable,
    opinion_claim,
    opinion_enter_on_behalf,
    opinion_from_liaison,
    opinion_save_draft,
    opinion_submit_member,
    opinion_submit_public,
    sensitive_hits,
    submission_language,
)
from .review import (
    opinion_add_note,
    opinion_adopt,
    opinion_assign,
    opinion_convert,
    opinion_merge,
    opinion_raise_level,
    opinion_reject,
    opinion_return,
    opinion_reveal_contact,
    opinion_set_spam,
    opinions_bulk_assign,
    opinions_bulk_spam,
)

__all__ = [
    "LiaisonMatter",
    "Matter",
    "Kind",
    "TransitionError",
    "bulletin_add_item",
    "bulletin_create",
    "bulletin_issue",
    "bulletin_move_item",
    "bulletin_recipients",
    "bulletin_remove_item",
    "bulletin_send_back",
    "bulletin_submit",
    "bulletin_update_item",
    "check_lookup_key",
    "default_due_date",
    "forwarding_decide_return",
    "forwarding_give_opinion",
    "forwarding_reply",
    "forwarding_request_return",
    "forwarding_sign",
    "forwarding_waive_opinion",
    "forwardings_remind_overdue",
    "instruction_give",
    "instruction_record",
    "leader_instruction_level",
    "is_editable",
    "normalize_key",
    "opinion_add_note",
    "opinion_adopt",
    "opinion_assign",
    "opinion_convert",
    "opinion_claim",
    "opinion_enter_on_behalf",
    "opinion_forward",
    "opinion_from_liaison",
    "opinion_merge",
    "opinion_raise_level",
    "opinion_give_feedback",
    "opinion_rate",
    "opinion_reject",
    "opinion_request_rehandle",
    "opinion_return",
    "opinion_reveal_contact",
    "opinion_save_draft",
    "opinion_set_spam",
    "opinion_submit_member",
    "opinion_submit_public",
    "opinions_auto_close",
    "opinions_bulk_assign",
    "opinions_bulk_spam",
    "reply_review",
    "sensitive_hits",
    "submission_language",
]
