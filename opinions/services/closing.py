"""The citizen closes the loop: rating the answer, asking once for re-handling, and the daily
closing of answers nobody rated. The citizen proved the tracking code and key on the page (no
user), so these rows of ``opinions.workflows.OPINION`` have no permission; the re-handling also
gives the lead department its forwarding back (``FORWARDING``'s ``reopen``)."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Forwarding, Opinion, Satisfaction, Status
from ..workflows import OPINION
from .common import TransitionError, run_forwarding, run_opinion
from .forwarding import default_due_date


@transaction.atomic
def opinion_rate(
    *, opinion: Opinion, satisfaction: str, comment: str = "", rehandle: bool = False
) -> Opinion:
    def apply(item: Opinion) -> None:
        if satisfaction not in Satisfaction.values:
            raise ValidationError({"satisfaction": _("请选择满意度。")})
        item.satisfaction = satisfaction
        item.satisfaction_comment = comment[:500]
        item.rated_at = timezone.now()

    rated = run_opinion(
        opinion,
        "rate",
        by=None,
        comment=comment,
        data={"satisfaction": satisfaction},
        apply=apply,
    ).obj
    if rehandle and OPINION.can(rated, "rehandle"):  # unsatisfied, and once only
        return _rehandle(rated, comment)
    return _close(rated, reason="rated")


def _close(opinion: Opinion, *, reason: str) -> Opinion:
    return run_opinion(
        opinion,
        "close",
        by=None,
        system=True,
        data={"reason": reason},
        changes={"closed_at": timezone.now()},
    ).obj


def _rehandle(opinion: Opinion, comment: str) -> Opinion:
    OPINION.check_state(OPINION.lock(opinion), "rehandle")
    lead = (
        opinion.forwardings.select_for_update()
        .select_related("department")
        .filter(role=Forwarding.Role.LEAD, status=Forwarding.Status.ACCEPTED)
        .order_by("-accepted_at")
        .first()
    )
    if lead is None:
        raise TransitionError(_("找不到原主办单位，无法重新办理，请联系政协机关。"))
    lead = run_forwarding(
        lead,
        "reopen",
        by=None,
        system=True,
        comment=comment,
        changes={"due_date": default_due_date()},
    ).obj
    return run_opinion(
        opinion,
        "rehandle",
        by=None,
        system=True,
        comment=comment,
        data={
            "forwarding": lead.pk,
            "department": lead.department.name,
            "due_date": lead.due_date.isoformat(),
        },
        changes={
            "rehandle_requested_at": timezone.now(),
            "rated_at": None,  # the citizen rates the new answer (the first rating is an event)
        },
    ).obj


@transaction.atomic
def opinion_request_rehandle(*, opinion: Opinion, comment: str = "") -> Opinion:
    """An unsatisfied submitter may ask once for re-handling (also after the opinion closed)."""
    return _rehandle(opinion, comment)


@transaction.atomic
def opinion_give_feedback(
    *, opinion: Opinion, satisfaction: str, comment: str = "", rehandle: bool = False
) -> Opinion:
    """The submitter's answer from the tracking page or the API (who proved the code and key):
    a rating while the reply awaits one (re-handling asked at once when unsatisfied and
    ``rehandle``); after that only, and once, a request for re-handling; anything else was
    rated already (``TransitionError``)."""
    if OPINION.can(opinion, "rate"):
        return opinion_rate(
            opinion=opinion, satisfaction=satisfaction, comment=comment, rehandle=rehandle
        )
    if rehandle:
        return _rehandle(opinion, comment)
    raise TransitionError(_("这条建言已经评价过了。"))


def opinions_auto_close(*, now=None) -> int:
    """Close replied opinions nobody rated within OPINION_AUTO_CLOSE_DAYS. Idempotent."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=settings.OPINION_AUTO_CLOSE_DAYS)
    closed = 0
    for pk in Opinion.objects.filter(status=Status.REPLIED, replied_at__lt=cutoff).values_list(
        "pk", flat=True
    ):
        with transaction.atomic():
            opinion = Opinion.objects.select_for_update().get(pk=pk)
            if opinion.status == Status.REPLIED and opinion.replied_at < cutoff:
                _close(opinion, reason="no_rating")
                closed += 1
    return closed
