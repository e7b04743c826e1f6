"""Each role's work queues: the tiles of the landing pages.

A tile is a number and the link to the list it counts. Both come from one selector of the app
that owns the records (``opinions.selectors.queue_review``, ``liaison.selectors.
activities_awaiting_confirmation`` …): the tile counts the selector's rows, and the list it links
to (``?queue=…`` on the desk, ``?show=…`` on the department's list, the activity desk's default
view …) is that same selector, so the two cannot disagree (tests/dashboards/test_queues.py
follows every tile's link and compares). A tile counts no further than the desk's cap
(``core.pagination.capped_count``: a walk along the queue's partial index that stops), and is
shown only to a user who may open its list (the list's own permission).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

import rules
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from consultations import selectors as consultation_selectors
from core.pagination import DEFAULT_CAP, capped_count
from lectures import selectors as lecture_selectors
from ledger import selectors as ledger_selectors
from liaison import selectors as liaison_selectors
from notifications import selectors as notification_selectors
from opinions import selectors as opinion_selectors
from workstations import selectors as workstation_selectors


@dataclasses.dataclass(frozen=True)
class Tile:
    key: str
    label: str | Promise
    count: int | None  # None: the tile shows ``value`` instead of a count
    url: str | None
    tone: str = ""  # "danger", "warning" or "" (Bootstrap's text-/border- colours)
    value: str | Promise = ""
    note: str | Promise = ""
    capped: bool = False

    @property
    def display(self) -> str:
        if self.count is None:
            return str(self.value)
        return f"{DEFAULT_CAP:,}+" if self.capped else str(self.count)


@dataclasses.dataclass(frozen=True)
class Queue:
    """A tile declared: the selector (called with ``user=``), the list's URL and query, and the
    permission that opens the list."""

    key: str
    label: str | Promise
    selector: Callable[..., QuerySet[Any]]
    url_name: str
    perm: str
    query: str = ""
    url_kwargs: dict[str, str] = dataclasses.field(default_factory=dict)
    tone: str = ""

    def tile(self, **selector_kwargs: Any) -> Tile:
        url = reverse(self.url_name, kwargs=self.url_kwargs or None) + self.query
        return counted(self.key, self.label, self.selector(**selector_kwargs), url, self.tone)


def counted(
    key: str, label: str | Promise, queryset: QuerySet[Any], url: str, tone: str = ""
) -> Tile:
    """The tile counting ``queryset`` up to the desk's cap, linking to ``url``."""
    matching = capped_count(queryset)
    return Tile(key, label, min(matching, DEFAULT_CAP), url, tone, capped=matching > DEFAULT_CAP)


def tiles(queues: tuple[Queue, ...], *, viewer: Any, **selector_kwargs: Any) -> list[Tile]:
    """The tiles of the queues whose list ``viewer`` may open, their selectors called with
    ``selector_kwargs``."""
    return [q.tile(**selector_kwargs) for q in queues if rules.has_perm(q.perm, viewer)]


def _desk(
    key: str,
    label: str | Promise,
    selector: Callable[..., QuerySet[Any]],
    queue: str = "",
    tone: str = "",
) -> Queue:
    """A queue of the review desk: ``?queue=…`` (the key unless given) on its list."""
    return Queue(
        key,
        label,
        selector,
        "opinions:inbox",
        "opinions.view_desk",
        f"?queue={queue or key}",
        tone=tone,
    )


def _forwardings(key: str, label: str | Promise, selector: Callable[..., QuerySet[Any]]) -> Queue:
    """A queue of the forwardings the office reviews (replies, return requests): its own list."""
    return Queue(
        key,
        label,
        selector,
        "opinions:forwarding_queue",
        "opinions.view_desk",
        url_kwargs={"queue": key},
        tone="warning",
    )


OFFICE_QUEUES = (
    _desk("review", _("待审核建言"), opinion_selectors.queue_review),
    _desk(
        "review_overdue", _("超期未审"), opinion_selectors.queue_review_overdue, "overdue", "danger"
    ),
    _desk("spam", _("疑似垃圾信息"), opinion_selectors.queue_spam),
    _forwardings("replies", _("答复待审核"), opinion_selectors.queue_replies_to_review),
    _forwardings("returns", _("退回申请"), opinion_selectors.queue_return_requests),
    _desk("compile", _("待编发"), opinion_selectors.queue_to_compile),
    Queue(
        "to_sign",
        _("待签发"),
        opinion_selectors.queue_bulletins_to_sign,
        "opinions:bulletins",
        "opinions.view_bulletins",
        "?queue=to_sign",
    ),
    Queue(
        "activities",
        _("活动待确认"),
        liaison_selectors.activities_awaiting_confirmation,
        "liaison:activity_desk",
        "liaison.view_activity_desk",
    ),
    Queue(
        "swaps",
        _("换班待批"),
        workstation_selectors.pending_swaps,
        "workstations:swaps",
        "workstations.view_rota_desk",
    ),
    Queue(
        "forwardings_overdue",
        _("转办超期"),
        opinion_selectors.overdue_forwardings,
        "opinions:overdue",
        "opinions.view_overdue",
        tone="danger",
    ),
    Queue(
        "observers_pending",
        _("旁听待审核活动"),
        consultation_selectors.observers_awaiting_approval,
        "consultations:list",
        "consultations.view_desk",
        "?awaiting=true",
        tone="warning",
    ),
    Queue(
        "lectures_new",
        _("讲堂待派单"),
        lecture_selectors.orders_to_dispatch,
        "lectures:orders",
        "lectures.view_desk",
        "?status=new",
    ),
    Queue(
        "lectures_overdue",
        _("讲堂超时未接单"),
        lecture_selectors.overdue_orders,
        "lectures:orders",
        "lectures.view_desk",
        "?show=overdue",
        tone="danger",
    ),
)


def office_tiles(*, user) -> list[Tile]:
    return tiles(OFFICE_QUEUES, viewer=user, user=user)


def _department_queue(queue: str) -> Callable[..., QuerySet[Any]]:
    def selector(*, user):
        return opinion_selectors.department_queue(user=user, queue=queue)

    return selector


DEPARTMENT_QUEUES = tuple(
    Queue(
        key,
        label,
        _department_queue(key),
        "opinions:dept_inbox",
        "opinions.department_desk",
        f"?show={key}",
        tone=tone,
    )
    for key, label, tone in (
        ("new", _("待签收"), "warning"),
        ("handling", _("办理中"), ""),
        ("due_soon", _("即将到期"), "warning"),
        ("overdue", _("已超期"), "danger"),
        ("return", _("退回申请中"), ""),
    )
)


def department_tiles(*, user) -> list[Tile]:
    return tiles(DEPARTMENT_QUEUES, viewer=user, user=user)


# A leader signs off (签发) the committee's 《社情民意信息》; the rest of the cockpit is issue 13's.
LEADER_QUEUES = (
    Queue(
        "to_sign",
        _("待签发"),
        opinion_selectors.queue_bulletins_to_sign,
        "opinions:bulletins",
        "opinions.sign_bulletins",
        "?queue=to_sign",
        tone="warning",
    ),
)


def leader_tiles(*, user) -> list[Tile]:
    return tiles(LEADER_QUEUES, viewer=user, user=user)


MEMBER_QUEUES = (
    Queue(
        "shifts",
        _("待值班"),
        workstation_selectors.my_upcoming_shifts,
        "workstations:my_shifts",
        "workstations.view_my_shifts",
        "?queue=upcoming",
    ),
    Queue(
        "invitations",
        _("协商邀请待回复"),
        consultation_selectors.my_pending_invitations,
        "consultations:mine",
        "consultations.view_my_invitations",
        "?queue=pending",
        tone="warning",
    ),
    Queue(
        "items_todo",
        _("社情民意：草稿和退回"),
        opinion_selectors.member_items_to_do,
        "opinions:mine",
        "opinions.submit_member_item",
        "?queue=todo",
        tone="warning",
    ),
    Queue(
        "activities_todo",
        _("活动：草稿和退回"),
        liaison_selectors.my_activities_to_do,
        "liaison:activity_mine",
        "liaison.log_activity",
        "?queue=todo",
        tone="warning",
    ),
    Queue(
        "activities_submitted",
        _("活动待确认"),
        liaison_selectors.my_activities_submitted,
        "liaison:activity_mine",
        "liaison.log_activity",
        "?queue=submitted",
    ),
)


def member_tiles(*, user) -> list[Tile]:
    member = user.member
    shown = tiles(MEMBER_QUEUES, viewer=user, member=member)
    year = timezone.localdate().year
    score = ledger_selectors.score_for(member=member, year=year)
    rank = ledger_selectors.ranks(score=score, member=member)
    shown.append(
        Tile(
            "points",
            _("%(year)s年履职积分") % {"year": year},
            None,
            reverse("ledger:ledger_me"),
            value=f"{score.total.normalize():f}" if score else "0",
            note=(
                _("本政协第 %(rank)s 名（共 %(size)s 人）")
                % {"rank": rank["committee_rank"], "size": rank["committee_size"]}
                if rank
                else _("尚无积分")
            ),
        )
    )
    shown.append(notice_tile(user=user))
    return shown


def unread_notifications(*, user):
    return notification_selectors.notices_for(user=user, unread=True)


def notice_tile(*, user) -> Tile:
    """未读通知: the notification centre's list filtered to the unread ones."""
    url = reverse("notifications:list") + "?unread=on"
    return counted("notices", _("未读通知"), unread_notifications(user=user), url)


def next_shift(*, member):
    return workstation_selectors.my_upcoming_shifts(member=member).first()
