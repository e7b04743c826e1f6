"""Performance facts: the sources append them through the hooks, the ledger scores them. A
retraction reverses an entry (never deletes one), facts are never changed, and a rebuild is a
replay of the facts: it equals the incremental ledger after any sequence of events, reads no
source table, and reads the facts in chunks with a bounded number of queries."""

import datetime
import re
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from core.workflow import TransitionError
from ledger import services as ledger
from ledger.models import EvaluationEvent, Grade, LedgerEntry, MemberYearScore, PerformanceFact
from liaison import services as activity_services
from liaison.models import Activity, ActivityParticipant
from opinions import services as opinion_services
from opinions.models import Opinion
from opinions.workflows import OPINION
from tests.members.factories import MemberFactory, MemberUserFactory
from tests.workstations.factories import (
    ActivityFactory,
    AssignmentFactory,
    DutyShiftFactory,
    WorkstationFactory,
)
from workstations import services as ws_services
from workstations.models import DutyShift

pytestmark = pytest.mark.usefixtures("frozen_now")  # 2026-06-15

SOURCE_TABLES = re.compile(r'\b"?(liaison|opinions|workstations)_\w+', re.IGNORECASE)


def _active_entries(year=2026):
    return {
        (e.member_id, e.source_key): (e.item, e.points, e.occurred_on)
        for e in LedgerEntry.objects.active().filter(year=year)
    }


def _totals(year=2026):
    return dict(MemberYearScore.objects.filter(year=year).values_list("member_id", "total"))


def _assert_rebuild_equals_incremental(year=2026):
    entries, totals = _active_entries(year), _totals(year)
    all_before = LedgerEntry.objects.count()
    rebuilt = ledger.ledger_rebuild(year=year)
    assert rebuilt == {pk: t for pk, t in totals.items() if pk in rebuilt}
    assert all(t == 0 for pk, t in totals.items() if pk not in rebuilt)
    assert _active_entries(year) == entries
    assert LedgerEntry.objects.count() == all_before  # nothing rewritten, nothing deleted
    assert not LedgerEntry.objects.filter(reversal_reason="rebuild").exists()


def _member_opinion(author, co_authors=()):
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


def test_a_ledger_line_names_the_activity_type_once(dalate, staff_dalate):
    member = MemberFactory(committee=dalate)
    prefixed = ActivityFactory(reporter=member, type="practical", title="我为群众办实事：修路")
    plain = ActivityFactory(reporter=member, type="practical", title="协调解决供水问题")
    for activity in (prefixed, plain):
        activity_services.activity_confirm(activity=activity, by=staff_dalate)
    lines = {
        e.source_key: e.description for e in LedgerEntry.objects.active().filter(member=member)
    }
    assert lines[f"activity:{prefixed.pk}"] == "我为群众办实事：修路"
    assert lines[f"activity:{plain.pk}"] == "我为群众办实事：协调解决供水问题"


# --- facts are appended, retracted, never changed --------------------------------------------
def test_a_retracted_fact_reverses_the_entry_and_deletes_nothing(dalate, staff_dalate):
    member = MemberFactory(committee=dalate)
    activity = ActivityFactory(reporter=member, type="forum")
    activity_services.activity_confirm(activity=activity, by=staff_dalate)
    fact = PerformanceFact.objects.get(source_key=f"activity:{activity.pk}")
    assert (fact.kind, fact.item, fact.member_id, fact.committee_id) == (
        "activity_attended",
        "activity.forum",
        member.pk,
        dalate.pk,
    )
    assert fact.data == {"activity_type": "forum", "role": "reporter", "attendees": 1}
    entry = LedgerEntry.objects.active().get(source_key=f"activity:{activity.pk}")

    activity_services.activity_unconfirm(activity=activity, by=staff_dalate, reason="误确认")
    retraction = PerformanceFact.objects.get(retracts=fact)
    assert (retraction.kind, retraction.reason) == ("retracted", "误确认")
    assert not PerformanceFact.objects.active().exists()
    entry.refresh_from_db()  # reversed, still there
    assert entry.reversed_at is not None and entry.reversal_reason == "误确认"
    assert MemberYearScore.objects.get(member=member, year=2026).total == 0

    activity_services.activity_confirm(activity=activity, by=staff_dalate)  # counted again
    assert PerformanceFact.objects.count() == 3 and PerformanceFact.objects.active().count() == 1
    assert LedgerEntry.objects.count() == 2 and LedgerEntry.objects.active().count() == 1
    _assert_rebuild_equals_incremental()


def test_facts_are_never_changed_or_deleted(dalate):
    member = MemberFactory(committee=dalate)
    ledger.ledger_on_lecture_delivered(
        member=member, lecture_key="l1", when=datetime.date(2026, 4, 1)
    )
    fact = PerformanceFact.objects.get()
    fact.description = "改过的"
    with pytest.raises(ValidationError):
        fact.save()
    with pytest.raises(ValidationError):
        fact.delete()
    assert PerformanceFact.objects.get().description == "委员讲堂授课"


def test_shift_re_marked_retracts_and_appends(dalate, staff_dalate):
    workstation = WorkstationFactory(committee=dalate)
    shift = DutyShiftFactory(workstation=workstation, date=datetime.date(2026, 6, 1))
    ws_services.shift_mark(shift=shift, by=staff_dalate, status="missed")
    assert MemberYearScore.objects.get(member=shift.member).total == -3
    ws_services.shift_mark(shift=shift, by=staff_dalate, status="excused")
    assert MemberYearScore.objects.get(member=shift.member).total == 0
    assert PerformanceFact.objects.filter(kind="shift_missed").count() == 1
    assert PerformanceFact.objects.filter(kind="retracted").count() == 1
    entry = LedgerEntry.objects.get(source_key=f"shift:{shift.pk}")
    assert entry.reversed_at is not None and entry.reversal_reason == "值班状态变更"


def test_level_raised_retracts_the_adoption_facts(dalate, staff_dalate):
    author = MemberUserFactory(committee=dalate)
    co = MemberFactory(committee=dalate)
    opinion = _member_opinion(author, co_authors=[co])
    opinion_services.opinion_adopt(opinion=opinion, by=staff_dalate, level="banner")
    opinion_services.opinion_raise_level(opinion=opinion, by=staff_dalate, level="national")
    adopted = PerformanceFact.objects.active().filter(kind="opinion_adopted")
    assert {f.member_id: (f.data["level"], f.data["role"]) for f in adopted} == {
        author.pk: ("national", "author"),
        co.pk: ("national", "co_author"),
    }
    assert PerformanceFact.objects.filter(kind="retracted").count() == 2
    assert {
        e.member_id: e.points for e in LedgerEntry.objects.active().filter(item="adopted.national")
    } == {
        author.pk: Decimal("7.20"),
        co.pk: Decimal("4.80"),
    }
    _assert_rebuild_equals_incremental()


# --- rebuild: a replay of facts --------------------------------------------------------------
def _some_of_everything(dalate, staff_dalate, n):
    members = [MemberUserFactory(committee=dalate) for _ in range(3)]
    workstation = WorkstationFactory(committee=dalate)
    for m in members:
        AssignmentFactory(workstation=workstation, member=m)
    for i in range(n):
        activity = ActivityFactory(
            reporter=members[i % 3],
            participants=[members[(i + 1) % 3]],
            occurred_on=datetime.date(2026, 5, 1 + i % 28),
        )
        activity_services.activity_confirm(activity=activity, by=staff_dalate)
        shift = DutyShiftFactory(
            workstation=workstation, member=members[i % 3], date=datetime.date(2026, 6, 1 + i % 10)
        )
        ws_services.shift_mark(shift=shift, by=staff_dalate, status="missed")
    opinion = _member_opinion(members[0], co_authors=[members[1]])
    opinion_services.opinion_adopt(opinion=opinion, by=staff_dalate, level="banner")
    ledger.ledger_on_leader_instruction(
        member=members[2], instruction_key="x1", when=datetime.date(2026, 6, 1)
    )
    return members


def test_rebuild_reads_no_source_table(dalate, staff_dalate):
    _some_of_everything(dalate, staff_dalate, 3)
    totals = _totals()
    with CaptureQueriesContext(connection) as queries:
        assert ledger.ledger_rebuild(year=2026) == totals
    touched = [q["sql"] for q in queries.captured_queries if SOURCE_TABLES.search(q["sql"])]
    assert touched == []
    assert any("ledger_performancefact" in q["sql"] for q in queries.captured_queries)


def test_rebuild_query_count_is_bounded_and_reads_facts_in_chunks(
    dalate, staff_dalate, monkeypatch
):
    _some_of_everything(dalate, staff_dalate, 2)
    ledger.ledger_rebuild(year=2026)  # the rule book's default set exists from here on
    with CaptureQueriesContext(connection) as small:
        ledger.ledger_rebuild(year=2026)
    _some_of_everything(dalate, staff_dalate, 12)  # many more facts
    assert PerformanceFact.objects.active().filter(year=2026).count() > 40
    with CaptureQueriesContext(connection) as large:
        ledger.ledger_rebuild(year=2026)
    assert len(large.captured_queries) == len(small.captured_queries) <= 20

    monkeypatch.setattr("ledger.services.rebuild.FACT_CHUNK", 10)  # moved with the rebuild
    n = PerformanceFact.objects.active().filter(year=2026).count()
    totals = _totals()
    with CaptureQueriesContext(connection) as chunked:
        assert ledger.ledger_rebuild(year=2026) == totals
    fact_reads = [
        q["sql"]
        for q in chunked.captured_queries
        if q["sql"].lstrip().startswith('SELECT "ledger_performancefact"')
    ]
    assert n % 10 and len(fact_reads) == n // 10 + 1  # every chunk, the last one short
    assert all("LIMIT 10" in sql for sql in fact_reads)


# 18 active facts: chunks of one, chunks ending short, a last chunk exactly full, one chunk
@pytest.mark.parametrize("chunk", [1, 4, 5, 6, 17, 18, 50])
def test_rebuild_gives_the_same_ledger_whatever_the_chunk(dalate, staff_dalate, monkeypatch, chunk):
    """Chunk boundaries anywhere: retracted facts, an orphan entry, entries a rule change
    rewrites and entries that stay — the rebuilt ledger is the facts scored one by one."""
    members = _some_of_everything(dalate, staff_dalate, 5)
    undone = Activity.objects.filter(status=Activity.Status.CONFIRMED).order_by("pk")[1]
    activity_services.activity_unconfirm(activity=undone, by=staff_dalate, reason="误确认")
    orphan = LedgerEntry.objects.create(
        committee=dalate,
        member=members[0],
        year=2026,
        occurred_on=datetime.date(2026, 6, 1),
        item="activity.survey",
        source_type="activity",
        source_key="activity:no-such-fact",
        points=Decimal("2.00"),
        description="没有事实的记录",
    )
    ledger.scoring_rules_save(
        by=staff_dalate, committee=dalate, year=2026, settings={"coattend_split": "equal"}, items={}
    )
    book = ledger.RuleBook()
    facts = list(PerformanceFact.objects.active().filter(year=2026))
    assert len(facts) == 18
    expected = {
        (f.member_id, f.source_key): (e.item, e.points, e.occurred_on, e.description)
        for f in facts
        for e in [ledger.fact_score(f, book)]
    }
    monkeypatch.setattr("ledger.services.rebuild.FACT_CHUNK", chunk)
    totals = ledger.ledger_rebuild(year=2026)
    assert {
        (e.member_id, e.source_key): (e.item, e.points, e.occurred_on, e.description)
        for e in LedgerEntry.objects.active().filter(year=2026)
    } == expected
    orphan.refresh_from_db()
    assert orphan.reversed_at is not None and orphan.reversal_reason == "rebuild"
    assert LedgerEntry.objects.filter(reversal_reason="rebuild").count() > 1  # rewritten ones
    assert totals == _totals() and sum(totals.values()) > 0
    # and a second run changes nothing
    count = LedgerEntry.objects.count()
    assert ledger.ledger_rebuild(year=2026) == totals and LedgerEntry.objects.count() == count


def test_rebuild_after_a_rule_change_reverses_and_rewrites(dalate, staff_dalate):
    members = _some_of_everything(dalate, staff_dalate, 2)
    ledger.scoring_rules_save(
        by=staff_dalate, committee=dalate, year=2026, settings={"coattend_split": "equal"}, items={}
    )
    before = LedgerEntry.objects.count()
    ledger.ledger_rebuild(year=2026)
    rewritten = LedgerEntry.objects.filter(reversal_reason="rebuild")
    assert rewritten.count() == 4 and LedgerEntry.objects.count() == before + 4
    assert all(
        e.points == Decimal("1.50")
        for e in LedgerEntry.objects.active().filter(source_type="activity")
    )
    assert members


def test_backfill_gives_the_facts_the_hooks_would_have(dalate, staff_dalate):
    """Rows written around the hooks (bulk demo data, rows older than the facts): the backfill
    (shared with the data migration) appends the same facts the hooks append."""
    _some_of_everything(dalate, staff_dalate, 3)
    hooked = {
        (f.member_id, f.source_key, f.kind, f.item, f.occurred_on, f.description, f.link)
        for f in PerformanceFact.objects.active()
    }
    data = {(f.member_id, f.source_key): f.data for f in PerformanceFact.objects.active()}
    assert ledger.ledger_backfill_facts() == 0  # nothing missing
    # forget the facts (as before the migration), keep the ledger's own entries
    PerformanceFact.objects.filter(kind="retracted").delete()
    PerformanceFact.objects.all().delete()
    call_command("ledger_backfill_facts")
    backfilled = {
        (f.member_id, f.source_key, f.kind, f.item, f.occurred_on, f.description, f.link)
        for f in PerformanceFact.objects.active()
    }
    assert backfilled == hooked
    for f in PerformanceFact.objects.active().exclude(source_type="instruction"):
        assert f.data == data[(f.member_id, f.source_key)]
    _assert_rebuild_equals_incremental()


# --- a random history: incremental == rebuild ------------------------------------------------
ACTIONS = st.lists(
    st.tuples(
        st.sampled_from(
            [
                "confirm",
                "unconfirm",
                "attendance",
                "check_in",
                "missed",
                "excused",
                "adopt",
                "raise",
            ]
        ),
        st.integers(min_value=0, max_value=2),
    ),
    max_size=14,
)
LEVELS = ["banner", "municipal", "region", "national"]


@given(actions=ACTIONS)
@hsettings(
    max_examples=12,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_incremental_equals_rebuild_after_any_history(dalate, staff_dalate, actions):
    members = [MemberUserFactory(committee=dalate) for _ in range(3)]
    workstation = WorkstationFactory(committee=dalate)
    for m in members:
        AssignmentFactory(workstation=workstation, member=m)
    activities = [
        ActivityFactory(reporter=members[i], participants=members[:i], type="forum")
        for i in range(3)
    ]
    shifts = [
        DutyShiftFactory(
            workstation=workstation, member=members[i], date=datetime.date(2026, 6, 10)
        )
        for i in range(3)
    ]
    opinions = [_member_opinion(members[i], co_authors=members[i + 1 :]) for i in range(3)]
    for action, i in actions:
        activity, shift, opinion = (
            Activity.objects.get(pk=activities[i].pk),
            DutyShift.objects.get(pk=shifts[i].pk),
            Opinion.objects.get(pk=opinions[i].pk),
        )
        try:
            if action == "confirm" and activity.status == "submitted":
                activity_services.activity_confirm(activity=activity, by=staff_dalate)
            elif action == "unconfirm" and activity.status == "confirmed":
                activity_services.activity_unconfirm(
                    activity=activity, by=staff_dalate, reason="撤销"
                )
            elif action == "attendance" and activity.status == "submitted":
                ids = list(
                    ActivityParticipant.objects.filter(activity=activity).values_list(
                        "member_id", flat=True
                    )
                )
                activity_services.activity_set_attendance(
                    activity=activity, by=staff_dalate, attended=ids[: len(ids) - 1 or 1]
                )
            elif action == "check_in" and shift.status == "planned":
                ws_services.shift_check_in(shift=shift, by=members[i].user)
            elif action in ("missed", "excused") and shift.status != "served":
                ws_services.shift_mark(shift=shift, by=staff_dalate, status=action)
            elif action == "adopt" and OPINION.can(opinion, "adopt"):
                opinion_services.opinion_adopt(opinion=opinion, by=staff_dalate, level=LEVELS[i])
            elif (
                action == "raise" and opinion.adoption_level and OPINION.can(opinion, "raise_level")
            ):
                level = LEVELS[min(LEVELS.index(opinion.adoption_level) + 1, 3)]
                if level != opinion.adoption_level:
                    opinion_services.opinion_raise_level(
                        opinion=opinion, by=staff_dalate, level=level
                    )
        except (ValidationError, TransitionError) as exc:  # a refusal the state allows
            pytest.fail(f"{action} {i}: {exc}")
    # at most one active fact per member and source; every active entry has its fact
    active = list(PerformanceFact.objects.active().values_list("member_id", "source_key"))
    assert len(active) == len(set(active))
    assert set(_active_entries()) == set(active)
    _assert_rebuild_equals_incremental()


# --- the evaluation workflow ------------------------------------------------------------------
def test_grades_change_through_the_evaluation_table(dalate, staff_dalate, staff_zhungeer):
    member = MemberFactory(committee=dalate)
    assert ledger.EVALUATION.edges() >= {("", "evaluate", Grade.EXCELLENT)}
    assert ("", "adjust", Grade.BASIC) not in ledger.EVALUATION.edges()
    ledger.evaluation_run(committee=dalate, year=2026, by=staff_dalate)
    score = MemberYearScore.objects.get(member=member, year=2026)
    event = score.events.get()
    assert (event.kind, event.from_status, event.to_status) == ("evaluated", "", Grade.INCOMPETENT)
    assert (event.from_grade, event.to_grade) == ("", Grade.INCOMPETENT)
    with pytest.raises(PermissionDenied):  # the rule: office staff of the member's committee
        ledger.evaluation_adjust(score=score, by=staff_zhungeer, grade=Grade.BASIC, reason="x")
    ledger.evaluation_adjust(score=score, by=staff_dalate, grade=Grade.BASIC, reason="研究决定")
    event = EvaluationEvent.objects.get(score=score, kind="adjusted")
    assert (event.from_status, event.to_status, event.comment, event.actor_id) == (
        Grade.INCOMPETENT,
        Grade.BASIC,
        "研究决定",
        staff_dalate.pk,
    )
    with pytest.raises(ValueError):  # a chosen target must be one of the table's targets
        ledger.EVALUATION.run(score, "adjust", by=staff_dalate, target="legendary")
