"""Reads shared by the desk, the exports, the member pages and the tracking page.

- ``desk``: the review desk's list and an item's page, assignable staff, similar items, the
  items a leader may open to record a 批示;
- ``public``: an item found by its tracking code, the public forms' lists;
- ``mine``: a member's own items and a citizen's;
- ``bulletin_issues``: 《社情民意信息》 issues and the adopted items an issue may take;
- ``forwarding``: departments' forwardings, an item's forwardings, the overdue ones;
- ``statistics``: the departments' handling statistics;
- ``queues``: the work queues the dashboards' tiles count and open.
"""

from .bulletin_issues import bulletin_detail, bulletins, compilable_opinions
from .desk import (
    SIMILAR_CANDIDATES,
    SIMILAR_MIN_SCORE,
    SIMILAR_WINDOW,
    TITLE_FRAME,
    assignable_staff,
    desk_detail,
    desk_opinions,
    instruction_items,
    similar_opinions,
)
from .forwarding import (
    department_forwarding_detail,
    department_forwardings,
    desk_forwardings,
    forwardable_departments,
    overdue_forwardings,
)
from .mine import MEMBER_TODO, citizen_items, member_item_detail, member_items, member_items_to_do
from .public import (
    category_choices,
    mailbox_workstation_choices,
    mailbox_workstations,
    submission_committees,
    tracking_candidate,
    tracking_candidate_by_pk,
)
from .queues import (
    DEPARTMENT_QUEUES,
    DUE_SOON_DAYS,
    FORWARDING_QUEUES,
    OPINION_QUEUES,
    department_queue,
    queue_bulletins_to_sign,
    queue_replies_to_review,
    queue_return_requests,
    queue_review,
    queue_review_overdue,
    queue_spam,
    queue_to_compile,
)
from .statistics import SATISFIED, department_stats

__all__ = [
    "DEPARTMENT_QUEUES",
    "DUE_SOON_DAYS",
    "FORWARDING_QUEUES",
    "MEMBER_TODO",
    "OPINION_QUEUES",
    "SATISFIED",
    "SIMILAR_CANDIDATES",
    "SIMILAR_MIN_SCORE",
    "SIMILAR_WINDOW",
    "TITLE_FRAME",
    "assignable_staff",
    "bulletin_detail",
    "bulletins",
    "category_choices",
    "citizen_items",
    "compilable_opinions",
    "department_forwarding_detail",
    "department_forwardings",
    "department_queue",
    "department_stats",
    "desk_detail",
    "desk_forwardings",
    "desk_opinions",
    "forwardable_departments",
    "instruction_items",
    "mailbox_workstation_choices",
    "mailbox_workstations",
    "member_item_detail",
    "member_items",
    "member_items_to_do",
    "overdue_forwardings",
    "queue_bulletins_to_sign",
    "queue_replies_to_review",
    "queue_return_requests",
    "queue_review",
    "queue_review_overdue",
    "queue_spam",
    "queue_to_compile",
    "similar_opinions",
    "submission_committees",
    "tracking_candidate",
    "tracking_candidate_by_pk",
]
