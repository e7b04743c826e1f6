"""The review desk: assign, return, reject, merge, adopt, raise the level, convert, spam — each a
row of ``opinions.workflows.OPINION`` run by the one runner — and the desk's actions that change no
state (a note, revealing the submitter's contact), checked with the same rule
(``opinions.handle_opinion`` / ``opinions.reveal_contact``). Leader instructions live in
``instructions``."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from audit.services import audit_log
from core.access import require_perm
from ledger import services as ledger
from org import scope

from ..models import ADOPTION_RANK, AdoptionLevel, NotAdoptedReason, Opinion, OpinionEvent
from ..workflows import OPINION
from .common import Kind, TransitionError, checked, record_event, run_opinion

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise


def opinion_assign(
    *,
    opinion: Opinion,
    by: User,
    assignee: User,
    comment: str = "",
    expected_status: str | None = None,
) -> Opinion:
    def apply(item: Opinion) -> None:
        if not (assignee.is_office and scope.can_change_committee(assignee, item.committee_id)):
            raise ValidationError(_("经办人须是本政协组织的工作人员。"))

    return run_opinion(
        opinion,
        "assign",
        by=by,
        expected_status=expected_status,
        comment=comment,
        data={"assignee": assignee.pk, "assignee_name": assignee.display_name},
        changes={"assignee": assignee},
        apply=apply,
    ).obj


def opinion_return(
    *, opinion: Opinion, by: User, comment: str, expected_status: str | None = None
) -> Opinion:
    def apply(item: Opinion) -> None:
        if not comment.strip():
            raise ValidationError({"comment": _("请写明退回修改的理由。")})

    return run_opinion(
        opinion,
        "return",
        by=by,
        expected_status=expected_status,
        comment=comment,
        changes={"decision_comment": comment},
        apply=apply,
    ).obj


@dataclass(frozen=True)
class _Decision:
    """A review decision that records one choice: ``key`` names the form field and the event's
    data entry, ``field`` the opinion's column; a value outside ``choices`` answers ``missing``."""

    action: str
    key: str
    field: str
    choices: Collection[str]
    missing: StrPromise


_REJECT = _Decision(
    "reject",
    "reason",
    "not_adopted_reason",
    NotAdoptedReason.values,
    gettext_lazy("请选择不予采用的原因。"),
)
_ADOPT = _Decision(
    "adopt", "level", "adoption_level", AdoptionLevel.values, gettext_lazy("请选择采用层级。")
)


def _decide(
    decision: _Decision,
    opinion: Opinion,
    value: str,
    *,
    by: User,
    comment: str,
    expected_status: str | None,
    after: Callable[[Opinion, Any], object] | None = None,
) -> Opinion:
    """Validate the choice, store it with the comment and the decision time, run the transition."""

    def apply(item: Opinion) -> None:
        if value not in decision.choices:
            raise ValidationError({decision.key: decision.missing})

    return run_opinion(
        opinion,
        decision.action,
        by=by,
        expected_status=expected_status,
        comment=comment,
        data={decision.key: value},
        changes={decision.field: value, "decision_comment": comment, "decided_at": timezone.now()},
        apply=apply,
        after=after,
    ).obj


def opinion_reject(
    *,
    opinion: Opinion,
    by: User,
    reason: str,
    comment: str = "",
    expected_status: str | None = None,
) -> Opinion:
    return _decide(
        _REJECT, opinion, reason, by=by, comment=comment, expected_status=expected_status
    )


@transaction.atomic
def opinion_merge(
    *,
    opinion: Opinion,
    into: Opinion,
    by: User,
    comment: str = "",
    expected_status: str | None = None,
) -> Opinion:
    if opinion.pk == into.pk:
        raise ValidationError(_("不能并入自身。"))
    # Lock both rows in a fixed order so two merges cannot deadlock.
    list(Opinion.objects.select_for_update().filter(pk__in=[opinion.pk, into.pk]).order_by("pk"))
    current = checked(OPINION, opinion, "merge", by=by, expected_status=expected_status)
    target = OPINION.lock(into)
    if target.committee_id != current.committee_id:
        raise ValidationError(_("只能并入本政协组织的建言。"))
    if not OPINION["receive_merge"].allows(target.status):
        raise ValidationError(
            _("目标建言（%(code)s）当前状态为“%(status)s”，不能作为并案对象。")
            % {"code": target.tracking_code, "status": target.get_status_display()}
        )
    result = run_opinion(
        current,
        "merge",
        by=by,
        comment=comment,
        data={"into": target.pk, "into_code": target.tracking_code},
        changes={"merged_into": target, "decided_at": timezone.now()},
    )
    run_opinion(
        target,
        "receive_merge",
        by=by,
        comment=comment,
        data={"from": current.pk, "from_code": current.tracking_code},
    )
    return result.obj


def opinion_adopt(
    *, opinion: Opinion, by: User, level: str, comment: str = "", expected_status: str | None = None
) -> Opinion:
    return _decide(
        _ADOPT,
        opinion,
        level,
        by=by,
        comment=comment,
        expected_status=expected_status,
        after=lambda item, event: ledger.ledger_on_opinion_adopted(opinion=item),
    )


def opinion_raise_level(*, opinion: Opinion, by: User, level: str, comment: str = "") -> Opinion:
    data = {"to": level}  # completed by apply, which runs before the event is written

    def apply(item: Opinion) -> None:
        if level not in AdoptionLevel.values or ADOPTION_RANK[level] <= ADOPTION_RANK.get(
            item.adoption_level, -1
        ):
            raise ValidationError({"level": _("新的采用层级须高于当前层级。")})
        data["from"] = item.adoption_level
        item.adoption_level = level

    return run_opinion(
        opinion,
        "raise_level",
        by=by,
        comment=comment,
        data=data,
        apply=apply,
        after=lambda item, event: ledger.ledger_on_opinion_level_raised(opinion=item),
    ).obj


def opinion_convert(
    *, opinion: Opinion, by: User, target: str, reference: str, comment: str = ""
) -> Opinion:
    """Link an opinion to a 提案 (by its number) or a consultation topic; state is unchanged."""
    reference = reference.strip()

    def apply(item: Opinion) -> None:
        if not reference:
            raise ValidationError({"reference": _("请填写提案编号或协商议题名称。")})
        if target == "proposal":
            item.proposal_reference = reference[:60]
        elif target == "topic":
            item.topic_reference = reference[:120]
        else:
            raise ValidationError({"target": _("请选择转为提案或协商议题。")})

    return run_opinion(
        opinion,
        "convert",
        by=by,
        comment=comment,
        data={"target": target, "reference": reference},
        apply=apply,
    ).obj


@transaction.atomic
def opinion_set_spam(*, opinion: Opinion, by: User, spam: bool, comment: str = "") -> Opinion:
    action = "spam" if spam else "unspam"
    current = OPINION.lock(opinion)
    if current.is_spam == spam:  # already so: nothing to record, but the same refusals
        OPINION.check_actor(current, action, by)
        if not OPINION[action].allows(current.status):
            OPINION.check_state(current, action)
        return current

    def apply(item: Opinion) -> None:
        item.is_spam = spam
        if spam:
            item.flag_reasons = sorted({*item.flag_reasons, "staff"})

    return run_opinion(current, action, by=by, comment=comment, apply=apply).obj


@transaction.atomic
def opinion_add_note(*, opinion: Opinion, by: User, comment: str) -> OpinionEvent:
    """An internal note: no state change, the desk's own rule."""
    require_perm(by, "opinions.handle_opinion", opinion)
    if not comment.strip():
        raise ValidationError({"comment": _("备注内容不能为空。")})
    return record_event(opinion, kind=Kind.NOTE, actor=by, comment=comment)


@transaction.atomic
def opinion_reveal_contact(*, opinion: Opinion, by: User, request=None) -> dict:
    """The handler sees the submitter's full name and phone; every reveal is logged."""
    require_perm(by, "opinions.reveal_contact", opinion)
    record_event(opinion, kind=Kind.REVEAL, actor=by)
    audit_log(
        actor=by,
        action="reveal_contact",
        target=f"opinion:{opinion.tracking_code}",
        request=request,
    )
    return {
        "name": opinion.submitter_name,
        "phone": opinion.submitter_phone,
        "email": opinion.submitter_email,
    }


def _each(opinions: Iterable[Opinion], act: Callable[[Opinion], object]) -> int:
    """``act`` on each opinion through its own service (its rule and state check); the refused
    ones are skipped. How many were done."""
    done = 0
    for opinion in opinions:
        try:
            act(opinion)
        except (TransitionError, PermissionDenied, ValidationError):
            continue
        done += 1
    return done


def opinions_bulk_assign(*, opinions: Iterable[Opinion], by: User, assignee: User) -> int:
    return _each(opinions, lambda o: opinion_assign(opinion=o, by=by, assignee=assignee))


def opinions_bulk_spam(*, opinions: Iterable[Opinion], by: User) -> int:
    return _each(opinions, lambda o: opinion_set_spam(opinion=o, by=by, spam=True))
