"""Work queues: what waits for someone, one function per queue. Each is both the list a
dashboard tile opens and the tile's number (dashboards.queues), so the two cannot disagree. The
office's queues hold the records of the committees the user may change (a municipal user acts on
municipal items; the other committees' are theirs to act on); each filter is one of the desk's
partial indexes (opinion_desk_undecided_idx, …) and a tile counts no further than a cap."""

from __future__ import annotations

import datetime

from django.db.models import Q
from django.utils import timezone

from ..models import UNDECIDED, Bulletin, Forwarding, Opinion, Status
from .bulletin_issues import _bulletin_list
from .forwarding import department_forwardings


def _office_opinions(user):
    return Opinion.objects.changeable_by(user).exclude(status=Status.DRAFT)


def queue_review(*, user):
    """待审核: submitted or under review, not suspected spam."""
    return _office_opinions(user).filter(status__in=UNDECIDED, is_spam=False)


def queue_review_overdue(*, user):
    """超期未审: undecided past the 5-working-day review deadline, not suspected spam."""
    return _office_opinions(user).review_overdue().filter(is_spam=False)


def queue_spam(*, user):
    """疑似垃圾: undecided items the intake flagged; a decision takes them off."""
    return _office_opinions(user).filter(status__in=UNDECIDED, is_spam=True)


def queue_to_compile(*, user):
    """待编发: adopted and not yet in a 《社情民意信息》 issue."""
    return _office_opinions(user).filter(status=Status.ADOPTED, bulletin_item__isnull=True)


# The desk's ``?queue=`` values (OpinionFilter's choices name them).
OPINION_QUEUES = {
    "review": queue_review,
    "overdue": queue_review_overdue,
    "spam": queue_spam,
    "compile": queue_to_compile,
}


def queue_replies_to_review(*, user):
    """答复待审核: department replies waiting for the office's review; the answer stays
    unpublished until then."""
    return _forwarding_list(Forwarding.objects.changeable_by(user)).filter(
        status=Forwarding.Status.REPLIED
    )


def queue_return_requests(*, user):
    """退回申请: departments asking to hand a forwarding back."""
    return _forwarding_list(Forwarding.objects.changeable_by(user)).filter(
        status=Forwarding.Status.RETURN_REQUESTED
    )


def _forwarding_list(forwardings):
    return forwardings.select_related("opinion", "opinion__committee", "department").order_by(
        "due_date", "pk"
    )


# The staff's forwarding lists (``opinions:forwarding_queue``), by URL slug.
FORWARDING_QUEUES = {
    "replies": queue_replies_to_review,
    "returns": queue_return_requests,
}


def queue_bulletins_to_sign(*, user):
    """待签发: 《社情民意信息》 issues of one's own committee sent for sign-off (送签) and not
    signed off yet — what the committee's leaders sign, and what the office waits on."""
    return _bulletin_list(Bulletin.objects.changeable_by(user)).filter(
        status=Bulletin.Status.COMPILED
    )


# A department's open forwardings in five disjoint queues: a return request first, then past
# the due date, then not signed, then due within DUE_SOON_DAYS, the rest in hand.
DUE_SOON_DAYS = 7
_WORKING = (Forwarding.Status.SIGNED, Forwarding.Status.REJECTED)
_NOT_RETURNING = (Forwarding.Status.NEW, *_WORKING)


def _department_queue_filters(today: datetime.date) -> dict[str, Q]:
    soon = today + datetime.timedelta(days=DUE_SOON_DAYS)
    return {
        "new": Q(status=Forwarding.Status.NEW, due_date__gte=today),
        "handling": Q(status__in=_WORKING, due_date__gt=soon),
        "due_soon": Q(status__in=_WORKING, due_date__gte=today, due_date__lte=soon),
        "overdue": Q(status__in=_NOT_RETURNING, due_date__lt=today),
        "return": Q(status=Forwarding.Status.RETURN_REQUESTED),
    }


DEPARTMENT_QUEUES = ("new", "handling", "due_soon", "overdue", "return")


def department_queue(*, user, queue: str, today: datetime.date | None = None):
    """One of DEPARTMENT_QUEUES of the user's department, soonest due first."""
    condition = _department_queue_filters(today or timezone.localdate())[queue]
    return department_forwardings(user=user).filter(condition).order_by("due_date", "pk")
