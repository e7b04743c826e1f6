"""The annual evaluation: grades from the thresholds of the rules in force (:data:`EVALUATION`,
"evaluate") and the staff's adjustment of one grade with a reason ("adjust")."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core.workflow import Transition, Workflow
from members.models import Member

from ..models import EvaluationEvent, Grade, MemberYearScore, ScoringRuleSet
from .rules import RuleBook


def grade_for(total: Decimal, rule_set: ScoringRuleSet) -> str:
    if total >= rule_set.excellent_from:
        return Grade.EXCELLENT
    if total >= rule_set.competent_from:
        return Grade.COMPETENT
    if total >= rule_set.basic_from:
        return Grade.BASIC
    return Grade.INCOMPETENT


# A year's grade (MemberYearScore.grade) changes only through this table: the annual evaluation
# grades everyone from the thresholds, staff adjust one grade with a reason.
EVALUATION: Workflow[MemberYearScore] = Workflow(
    model=MemberYearScore,
    event_model=EvaluationEvent,
    event_fk="score",
    status_field="grade",
    denied=_("您无权对该政协组织的委员进行履职评价。"),
    transitions=[
        Transition(
            "evaluate",
            sources={"", *Grade.values},
            target=None,
            targets=Grade.values,
            perm="ledger.run_evaluation",
            kind=EvaluationEvent.Kind.EVALUATED,
        ),
        Transition(
            "adjust",
            sources=Grade.values,
            target=None,
            targets=Grade.values,
            perm="ledger.adjust_grade",
            kind=EvaluationEvent.Kind.ADJUSTED,
        ),
    ],
)


@transaction.atomic
def evaluation_run(*, committee, year: int, by: User) -> int:
    """Give every active member of the committee a grade for the year from the thresholds.
    Grades staff adjusted keep their adjustment. Returns the number of members graded.

    The table's "evaluate" row decides who may (``ledger.run_evaluation`` on the committee's
    scores); the grades of the whole committee are then written in bulk, one event each."""
    EVALUATION.check_actor(MemberYearScore(committee=committee, year=year), "evaluate", by)
    member_ids = list(
        Member.objects.filter(committee=committee, status=Member.Status.ACTIVE).values_list(
            "pk", flat=True
        )
    )
    MemberYearScore.objects.bulk_create(
        [MemberYearScore(member_id=pk, committee=committee, year=year) for pk in member_ids],
        ignore_conflicts=True,
    )
    rule_set, _rules = RuleBook().get(committee.pk, year)
    now = timezone.now()
    scores = list(
        MemberYearScore.objects.select_for_update().filter(
            committee=committee, year=year, member_id__in=member_ids
        )
    )
    kind = EVALUATION["evaluate"].kind
    events = []
    for score in scores:
        EVALUATION.check_state(score, "evaluate")
        computed = grade_for(score.total, rule_set)
        previous = score.grade
        score.computed_grade = computed
        if not score.adjustment_reason:
            score.grade = computed
        score.evaluated_at = now
        events.append(
            EvaluationEvent(
                score=score,
                kind=kind,
                actor=by,
                from_status=previous,
                to_status=score.grade,
                created_at=now,
            )
        )
    MemberYearScore.objects.bulk_update(
        scores, ["computed_grade", "grade", "evaluated_at"], batch_size=500
    )
    EvaluationEvent.objects.bulk_create(events, batch_size=500)
    return len(scores)


@transaction.atomic
def evaluation_adjust(
    *, score: MemberYearScore, by: User, grade: str, reason: str
) -> MemberYearScore:
    """Staff change one member's grade after the evaluation, with a reason (kept on the score
    and in the event; a later evaluation run keeps it)."""
    locked = EVALUATION.lock(score)
    EVALUATION.check_actor(locked, "adjust", by)
    if not locked.evaluated_at:
        raise ValidationError(_("请先进行年度评定，再调整等次。"))
    if grade not in Grade.values:
        raise ValidationError({"grade": _("请选择等次。")})
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("调整等次须写明理由。")})
    result = EVALUATION.run(
        locked,
        "adjust",
        by=by,
        target=grade,
        changes={"adjustment_reason": reason[:200]},
        comment=reason,
    )
    return result.obj
