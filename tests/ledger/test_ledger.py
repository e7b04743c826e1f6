"""The performance ledger: rules as data, split of co-attended / co-authored items, hooks from
opinions (adoption, level raised, leader instruction), rebuild equals incremental, evaluation."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from ledger import services as ledger
from ledger.models import (
    ITEM_LABELS,
    EvaluationEvent,
    Grade,
    LedgerEntry,
    MemberYearScore,
    ScoringRule,
    ScoringRuleSet,
)
from liaison import services as activity_services
from liaison.models import Activity
from opinions import services as opinion_services
from opinions.models import Opinion
from tests.members.factories import MemberFactory, MemberUserFactory
from tests.workstations.factories import (
    ActivityFactory,
    AssignmentFactory,
    DutyShiftFactory,
    WorkstationFactory,
)
from workstations import services as ws_services

pytestmark = pytest.mark.usefixtures("frozen_now")  # 2026-06-15


def _total(member, year=2026):
    score = MemberYearScore.objects.filter(member=member, year=year).first()
    return score.total if score else Decimal(0)


def _member_opinion(author, staff, co_authors=()):
    opinion = opinion_services.opinion_save_draft(
        by=author.user,
        author=author,
        title="牧区寄宿制学校设施老旧",
        content="牧区寄宿制学校宿舍和食堂设施老旧。",
        analysis="投入不足。",
        suggestion="建议列入年度改造计划。",
        co_authors=co_authors,
    )
    opinion_services.opinion_submit_member(opinion=opinion, by=author.user)
    return Opinion.objects.get(pk=opinion.pk)


def test_default_rules_are_data_and_complete(db):
    rule_set = ledger.scoring_defaults_ensure()
    ledger.scoring_defaults_ensure()  # idempotent
    assert ScoringRuleSet.objects.filter(committee=None, year=None).count() == 1
    assert set(rule_set.rules.values_list("item", flat=True)) == set(ledger.DEFAULT_RULES)
    assert rule_set.rules.get(item="duty_absence").points < 0
    # every item has a default: each activity type's (one list, ledger.models.ActivityType,
    # which liaison's activities use too) and the others
    assert set(ledger.DEFAULT_RULES) == set(ITEM_LABELS)
    activity_types = Activity._meta.get_field("type").choices
    assert {f"activity.{value}" for value, _label in activity_types} <= set(ITEM_LABELS)


def test_co_attended_activity_split_follows_the_rule(dalate, staff_dalate):
    reporter, a, b = MemberFactory.create_batch(3, committee=dalate)
    full = ActivityFactory(reporter=reporter, participants=[a, b], type="forum")
    activity_services.activity_confirm(activity=full, by=staff_dalate)
    assert [_total(m) for m in (reporter, a, b)] == [3, 3, 3]  # default: each full points
    # the committee's 2026 rules: co-attended items are split equally
    ledger.scoring_rules_save(
        by=staff_dalate, committee=dalate, year=2026, settings={"coattend_split": "equal"}, items={}
    )
    split = ActivityFactory(reporter=reporter, participants=[a, b], type="forum")
    activity_services.activity_confirm(activity=split, by=staff_dalate)
    assert [_total(m) for m in (reporter, a, b)] == [4, 4, 4]  # 3 + 3/3


def test_annual_cap_applies_to_the_total(dalate, staff_dalate):
    member = MemberFactory(committee=dalate)
    ledger.scoring_rules_save(
        by=staff_dalate,
        committee=dalate,
        year=2026,
        settings={},
        items={"activity.care": (Decimal(2), Decimal(5))},
    )
    for _ in range(4):
        activity_services.activity_confirm(
            activity=ActivityFactory(reporter=member, type="care"), by=staff_dalate
        )
    assert LedgerEntry.objects.active().filter(member=member).count() == 4
    assert _total(member) == 5  # 4 × 2 capped at 5


def test_adoption_hook_with_co_authors_and_level_raise(dalate, staff_dalate):
    author = MemberUserFactory(committee=dalate)
    co = MemberFactory(committee=dalate)
    opinion = _member_opinion(author, staff_dalate, co_authors=[co])
    opinion_services.opinion_adopt(opinion=opinion, by=staff_dalate, level="banner")
    # banner adoption 3 points: lead author 60 %, the co-author 40 %
    entries = LedgerEntry.objects.active().filter(source_key=f"opinion:{opinion.pk}:adopted")
    assert {e.member_id: e.points for e in entries} == {
        author.pk: Decimal("1.80"),
        co.pk: Decimal("1.20"),
    }
    opinion_services.opinion_raise_level(opinion=opinion, by=staff_dalate, level="municipal")
    entries = LedgerEntry.objects.active().filter(source_key=f"opinion:{opinion.pk}:adopted")
    assert {e.member_id: e.points for e in entries} == {
        author.pk: Decimal("3.00"),
        co.pk: Decimal("2.00"),
    }
    assert LedgerEntry.objects.filter(reversed_at__isnull=False).count() == 2
    # plus the author's share of "opinion submitted" (1 point, 60 %) from submitting the item
    submitted = LedgerEntry.objects.active().get(
        member=author, source_key=f"opinion:{opinion.pk}:submitted"
    )
    assert submitted.points == Decimal("0.60")
    assert _total(author) == Decimal("3.60")


def test_leader_instruction_hook_plain_call(dalate):
    member = MemberFactory(committee=dalate)
    entry = ledger.ledger_on_leader_instruction(
        member=member,
        instruction_key=42,
        when=datetime.date(2026, 5, 20),
        description="市委书记批示",
    )
    again = ledger.ledger_on_leader_instruction(
        member=member, instruction_key=42, when=datetime.date(2026, 5, 20)
    )
    assert entry.pk == again.pk and entry.points == 6
    assert _total(member) == 6
    ledger.ledger_reverse(source_key="instruction:42", reason="批示撤回")
    assert _total(member) == 0


def test_consultation_and_lecture_hooks(dalate):
    member = MemberFactory(committee=dalate)
    ledger.ledger_on_consultation_attended(
        member=member, attendance_key="c1", when=datetime.date(2026, 3, 1)
    )
    ledger.ledger_on_consultation_attended(
        member=member, attendance_key="c2", when=datetime.date(2026, 3, 2), absent_unexcused=True
    )
    ledger.ledger_on_lecture_delivered(
        member=member, lecture_key="l1", when=datetime.date(2026, 4, 1)
    )
    assert _total(member) == 2 - 2 + 4


def test_full_rebuild_equals_incremental_totals(dalate, zhungeer, staff_dalate, staff_zhungeer):
    members = [MemberUserFactory(committee=dalate) for _ in range(4)]
    other = MemberUserFactory(committee=zhungeer)
    ledger.scoring_rules_save(
        by=staff_dalate,
        committee=dalate,
        year=2026,
        settings={"coattend_split": "equal"},
        items={"activity.survey": (Decimal(3), Decimal(7))},
    )
    # activities: co-attended, capped, one undone
    for i in range(4):
        activity = ActivityFactory(
            reporter=members[0],
            participants=members[1:3],
            occurred_on=datetime.date(2026, 5, i + 1),
        )
        activity_services.activity_confirm(activity=activity, by=staff_dalate)
    undone = ActivityFactory(reporter=members[3], type="charity")
    activity_services.activity_confirm(activity=undone, by=staff_dalate)
    activity_services.activity_unconfirm(activity=undone, by=staff_dalate, reason="误确认")
    last_year = ActivityFactory(reporter=members[3], occurred_on=datetime.date(2025, 12, 30))
    activity_services.activity_confirm(activity=last_year, by=staff_dalate)
    # shifts: served, missed
    workstation = WorkstationFactory(committee=dalate)
    for m in members:
        AssignmentFactory(workstation=workstation, member=m)
    served = DutyShiftFactory(
        workstation=workstation, member=members[1], date=datetime.date(2026, 6, 15)
    )
    ws_services.shift_check_in(shift=served, by=members[1].user)
    ws_services.shift_check_in(shift=served, by=members[1].user)
    ws_services.shift_raise_matter(shift=served, by=members[1].user, title="事项", content="内容")
    missed = DutyShiftFactory(
        workstation=workstation, member=members[2], date=datetime.date(2026, 6, 1)
    )
    ws_services.shift_mark(shift=missed, by=staff_dalate, status="missed")
    # opinions: adopted with a co-author, raised
    opinion = _member_opinion(members[0], staff_dalate, co_authors=[members[3]])
    opinion_services.opinion_adopt(opinion=opinion, by=staff_dalate, level="banner")
    opinion_services.opinion_raise_level(opinion=opinion, by=staff_dalate, level="region")
    # another committee, and an instruction recorded by another app (kept by rebuild)
    activity_services.activity_confirm(activity=ActivityFactory(reporter=other), by=staff_zhungeer)
    ledger.ledger_on_leader_instruction(
        member=members[2], instruction_key="x1", when=datetime.date(2026, 6, 1)
    )

    incremental = dict(MemberYearScore.objects.filter(year=2026).values_list("member_id", "total"))
    assert incremental[members[0].pk] > 0 and incremental[other.pk] == 3
    active_before = LedgerEntry.objects.active().filter(year=2026).count()
    rebuilt = ledger.ledger_rebuild(year=2026)
    assert rebuilt == incremental
    assert LedgerEntry.objects.active().filter(year=2026).count() == active_before
    # the 2025 year is left alone
    assert MemberYearScore.objects.get(member=members[3], year=2025).total == 3
    # and the command says nothing changed
    call_command("rebuild_ledger", "--year", "2026", "--check")
    # after editing the rules, a rebuild applies them; --check reports the difference
    ScoringRule.objects.filter(rule_set__committee=dalate, item="duty_shift").update(points=10)
    with pytest.raises(CommandError):
        call_command("rebuild_ledger", "--year", "2026", "--check")
    assert _total(members[1]) == incremental[members[1].pk] + 7


def test_rebuild_one_committee_only(dalate, zhungeer, staff_dalate, staff_zhungeer):
    a = MemberFactory(committee=dalate)
    b = MemberFactory(committee=zhungeer)
    activity_services.activity_confirm(activity=ActivityFactory(reporter=a), by=staff_dalate)
    activity_services.activity_confirm(activity=ActivityFactory(reporter=b), by=staff_zhungeer)
    call_command("rebuild_ledger", "--year", "2026", "--committee", "dalate", "--check")
    assert _total(a) == 3 and _total(b) == 3


def test_rebuild_reverses_never_deletes(dalate, staff_dalate):
    """A rebuild keeps the entries the sources still give unchanged, and reverses (never deletes)
    the ones that changed or that the sources no longer give."""
    member = MemberFactory(committee=dalate)
    kept = ActivityFactory(reporter=member, occurred_on=datetime.date(2026, 5, 1))
    changed = ActivityFactory(
        reporter=member, occurred_on=datetime.date(2026, 5, 2), type="charity"
    )
    for activity in (kept, changed):
        activity_services.activity_confirm(activity=activity, by=staff_dalate)
    # an entry no fact gives (written around the services, as before the facts existed)
    stray = LedgerEntry.objects.create(
        committee=dalate,
        member=member,
        year=2026,
        occurred_on=datetime.date(2026, 5, 3),
        item="activity.survey",
        source_type=LedgerEntry.Source.ACTIVITY,
        source_key="activity:999999",
        points=3,
        description="来源已不存在",
    )
    before = set(LedgerEntry.objects.values_list("pk", flat=True))
    ledger.ledger_rebuild(year=2026)  # the stray entry has no fact
    assert set(LedgerEntry.objects.values_list("pk", flat=True)) >= before  # nothing deleted
    stray.refresh_from_db()
    assert stray.reversed_at is not None and stray.reversal_reason == "rebuild"
    kept_entry = LedgerEntry.objects.active().get(source_key=f"activity:{kept.pk}")
    changed_entry = LedgerEntry.objects.active().get(source_key=f"activity:{changed.pk}")
    assert kept_entry.pk in before and changed_entry.pk in before  # unchanged: not rewritten
    ScoringRule.objects.filter(rule_set__committee=None, item="activity.charity").update(points=9)
    ledger.ledger_rebuild(year=2026)
    changed_entry.refresh_from_db()
    assert changed_entry.reversed_at is not None and changed_entry.reversal_reason == "rebuild"
    new = LedgerEntry.objects.active().get(source_key=f"activity:{changed.pk}")
    assert new.pk not in before and new.points == 9
    assert LedgerEntry.objects.active().get(source_key=f"activity:{kept.pk}").pk == kept_entry.pk
    assert _total(member) == 3 + 9


def test_evaluation_run_and_adjustment(dalate, staff_dalate, staff_zhungeer):
    busy, idle = MemberFactory.create_batch(2, committee=dalate)
    ledger.ledger_on_leader_instruction(
        member=busy, instruction_key="i1", when=datetime.date(2026, 6, 1)
    )
    ledger.scoring_rules_save(
        by=staff_dalate,
        committee=dalate,
        year=2026,
        settings={"excellent_from": 6, "competent_from": 3, "basic_from": 1},
        items={},
    )
    with pytest.raises(ValidationError):  # adjust before any evaluation
        ledger.evaluation_adjust(
            score=MemberYearScore.objects.get(member=busy),
            by=staff_dalate,
            grade=Grade.COMPETENT,
            reason="x",
        )
    count = ledger.evaluation_run(committee=dalate, year=2026, by=staff_dalate)
    assert count == dalate.members.filter(status="active").count()
    assert MemberYearScore.objects.get(member=busy).grade == Grade.EXCELLENT
    idle_score = MemberYearScore.objects.get(member=idle)
    assert idle_score.grade == Grade.INCOMPETENT
    with pytest.raises(ValidationError):  # a reason is required
        ledger.evaluation_adjust(score=idle_score, by=staff_dalate, grade=Grade.BASIC, reason="")
    ledger.evaluation_adjust(
        score=idle_score, by=staff_dalate, grade=Grade.BASIC, reason="长期驻外学习，经主席会议研究"
    )
    event = EvaluationEvent.objects.get(score=idle_score, kind="adjusted")
    assert (event.from_grade, event.to_grade) == (Grade.INCOMPETENT, Grade.BASIC)
    # a second run keeps the adjustment
    ledger.evaluation_run(committee=dalate, year=2026, by=staff_dalate)
    assert MemberYearScore.objects.get(member=idle).grade == Grade.BASIC
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        ledger.evaluation_run(committee=dalate, year=2026, by=staff_zhungeer)


def test_rule_set_validation(dalate, staff_dalate):
    with pytest.raises(ValidationError):
        ledger.scoring_rules_save(
            by=staff_dalate,
            committee=dalate,
            year=2026,
            settings={"excellent_from": 10, "competent_from": 20},
            items={},
        )


@pytest.mark.parametrize("who", ["staff_zhungeer", "member_user", "leader"])
def test_scoring_rules_are_saved_only_by_staff_of_the_committee(request, dalate, who):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        ledger.scoring_rules_save(
            by=request.getfixturevalue(who),
            committee=dalate,
            year=2026,
            settings={},
            items={},
        )
