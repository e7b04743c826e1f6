"""Periodic reports: made once per committee, kind and period (even when two schedulers fire),
never changed, remade as a new version with an event; figures that match the lists behind them;
the leaders told once; the beat task."""

from __future__ import annotations

import datetime
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError

from accounts.models import User
from consultations.models import Consultation
from dashboards import figures as cockpit_figures
from dashboards.reports import figures as report_figures
from dashboards.reports import periods, services
from dashboards.reports.models import Report, ReportEvent, ReportImmutable
from dashboards.reports.periods import Kind
from dashboards.tasks import make_periodic_reports_task
from lectures.models import LectureOrder
from ledger.models import Grade, MemberYearScore
from liaison import selectors as liaison_selectors
from liaison.models import Activity
from notifications.models import Notification, OutboxMessage
from opinions import selectors as opinion_selectors
from opinions.models import (
    AdoptionLevel,
    Bulletin,
    BulletinItem,
    Forwarding,
    LeaderInstruction,
    Satisfaction,
    Status,
)
from org.models import Committee
from tests.dashboards.worlds import consultation_world
from tests.members.factories import MemberFactory
from tests.opinions.factories import DepartmentFactory, OpinionFactory
from tests.workstations.factories import ActivityFactory, DutyShiftFactory, WorkstationFactory
from workstations.models import DutyShift

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_now")]

TZ = ZoneInfo("Asia/Shanghai")
MAY = datetime.date(2026, 5, 1)
LOCMEM = "django.core.mail.backends.locmem.EmailBackend"


def notices_to(user) -> int:
    """In-app notices written to the outbox for ``user`` (delivered after commit)."""
    return OutboxMessage.objects.filter(
        channel=OutboxMessage.Channel.IN_APP, recipient=f"user:{user.pk}"
    ).count()


def at(day: int, month: int = 5, hour: int = 10) -> datetime.datetime:
    return datetime.datetime(2026, month, day, hour, 0, tzinfo=TZ)


# --- periods --------------------------------------------------------------------------------
def test_previous_complete_periods():
    today = datetime.date(2026, 6, 15)  # a Monday
    assert periods.previous_start(Kind.WEEKLY, today) == datetime.date(2026, 6, 8)
    assert periods.previous_start(Kind.MONTHLY, today) == MAY
    assert periods.previous_start(Kind.QUARTERLY, today) == datetime.date(2026, 1, 1)
    assert periods.previous_start(Kind.ANNUAL, today) == datetime.date(2025, 1, 1)
    assert periods.previous_start(Kind.MONTHLY, datetime.date(2026, 1, 1)) == datetime.date(
        2025, 12, 1
    )
    assert periods.bounds(Kind.QUARTERLY, datetime.date(2025, 10, 1)) == (
        datetime.date(2025, 10, 1),
        datetime.date(2025, 12, 31),
    )
    assert periods.bounds(Kind.MONTHLY, datetime.date(2024, 2, 1))[1] == datetime.date(2024, 2, 29)
    with pytest.raises(ValueError):
        periods.bounds(Kind.MONTHLY, datetime.date(2026, 5, 2))


def test_document_number_and_title(dalate, municipal):
    report = services.generate_report(committee=municipal, kind=Kind.MONTHLY, period_start=MAY)
    assert report.document_number == "鄂政协〔2026〕月报第5期"
    assert report.title == "鄂尔多斯市政协2026年5月委员联系群众工作月报"
    weekly = services.generate_report(
        committee=dalate, kind=Kind.WEEKLY, period_start=datetime.date(2026, 6, 8)
    )
    assert weekly.document_number == "达政协〔2026〕周报第24期"
    assert "6月8日—6月14日" in weekly.title


# --- made once -------------------------------------------------------------------------------
def test_generate_twice_returns_the_same_report(dalate):
    first = services.generate_report(committee=dalate, kind=Kind.MONTHLY, period_start=MAY)
    second = services.generate_report(committee=dalate, kind=Kind.MONTHLY, period_start=MAY)
    assert first.pk == second.pk
    assert Report.objects.count() == 1
    assert list(first.events.values_list("kind", "actor")) == [(ReportEvent.Kind.GENERATED, None)]
    assert (first.period_end, first.version, first.created_by) == (
        datetime.date(2026, 5, 31),
        1,
        None,
    )


def test_two_schedulers_racing_make_one_report(dalate, leader_dalate):
    """Both callers looked before either inserted (the race): the second insert fails on the
    unique constraint inside its savepoint and returns the first's report, telling nobody
    again."""
    winner = services.generate_report(committee=dalate, kind=Kind.MONTHLY, period_start=MAY)
    with mock.patch.object(services, "_first_version", side_effect=[None, winner]) as looked:
        loser = services.generate_report(committee=dalate, kind=Kind.MONTHLY, period_start=MAY)
    assert looked.call_count == 2
    assert loser.pk == winner.pk
    assert Report.objects.count() == 1
    assert ReportEvent.objects.count() == 1
    assert notices_to(leader_dalate) == 1


def test_the_database_refuses_a_second_version_one(dalate):
    report = services.generate_report(committee=dalate, kind=Kind.MONTHLY, period_start=MAY)
    with pytest.raises(IntegrityError):
        Report.objects.create(
            committee=dalate,
            kind=Kind.MONTHLY,
            period_start=MAY,
            period_end=report.period_end,
            figures={},
        )


@pytest.mark.django_db(transaction=True)
def test_concurrent_generation_on_postgresql_makes_one_report(ref):
    """Two threads, two connections, generating the same report at the same moment."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (SQLite writers take turns in one process)")
    import threading

    committee = Committee.objects.get(code="dalate")
    barrier = threading.Barrier(2)
    results, errors = [], []
    real_compute = report_figures.compute

    def slow_compute(**kwargs):
        data = real_compute(**kwargs)
        barrier.wait(timeout=10)  # both have looked and computed: now both insert
        return data

    def run():
        try:
            results.append(
                services.generate_report(committee=committee, kind=Kind.MONTHLY, period_start=MAY)
            )
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            connection.close()  # this thread's own connection

    with mock.patch.object(report_figures, "compute", slow_compute):
        threads = [threading.Thread(target=run) for _ in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert not errors
    assert len({r.pk for r in results}) == 1
    assert Report.objects.count() == 1


# --- never changed; a new version ---------------------------------------------------------------
def test_a_report_is_never_changed(dalate):
    report = services.generate_report(committee=dalate, kind=Kind.MONTHLY, period_start=MAY)
    report.figures = {"totals": {}}
    with pytest.raises(ReportImmutable):
        report.save()
    with pytest.raises(ReportImmutable):
        Report.objects.filter(pk=report.pk).update(version=7)
    report.refresh_from_db()
    assert report.figures["totals"]["received"] == 0


def test_regenerate_makes_version_two_with_an_event(dalate, staff_dalate, leader_dalate):
    first = services.generate_report(committee=dalate, kind=Kind.MONTHLY, period_start=MAY)
    OpinionFactory(committee=dalate, submitted_at=at(3))  # arrived late in the data
    second = services.regenerate_report(report=first, by=staff_dalate)
    assert (second.version, second.created_by) == (2, staff_dalate)
    assert second.figures["totals"]["received"] == 1
    first.refresh_from_db()
    assert first.figures["totals"]["received"] == 0  # the old version stays as it was
    event = second.events.get()
    assert (event.kind, event.actor, event.from_status, event.to_status) == (
        ReportEvent.Kind.REGENERATED,
        staff_dalate,
        "1",
        "2",
    )
    assert event.data["replaces"] == first.pk
    third = services.regenerate_report(report=first, by=staff_dalate)
    assert third.version == 3
    assert second.document_number.endswith("（第2版）")
    # the leaders hear of each version once
    assert notices_to(leader_dalate) == 3


def test_regenerate_is_for_the_committees_own_office(dalate, leader_dalate, staff_municipal):
    report = services.generate_report(committee=dalate, kind=Kind.MONTHLY, period_start=MAY)
    for user in (leader_dalate, staff_municipal):  # a leader; another committee's office
        with pytest.raises(PermissionDenied):
            services.regenerate_report(report=report, by=user)
    assert Report.objects.count() == 1


# --- figures ---------------------------------------------------------------------------------
@pytest.fixture
def may_world(dalate, zhungeer):
    """A small May 2026 in 达拉特旗 (and one item in 准格尔旗)."""
    a = MemberFactory(committee=dalate, name="甲委员")
    b = MemberFactory(committee=dalate, name="乙委员")
    MemberFactory(committee=dalate, name="丙委员", status="left")
    adopted = OpinionFactory(
        committee=dalate,
        submitted_at=at(5),
        decided_at=at(10),
        status=Status.FORWARDED,
        adoption_level=AdoptionLevel.MUNICIPAL,
    )
    OpinionFactory(
        committee=dalate, submitted_at=at(20), decided_at=at(25), status=Status.NOT_ADOPTED
    )
    older = OpinionFactory(
        committee=dalate,
        submitted_at=at(30, month=4),
        decided_at=at(2),
        status=Status.CLOSED,
        adoption_level=AdoptionLevel.BANNER,
        satisfaction=Satisfaction.SATISFIED,
        rated_at=at(28),
    )
    OpinionFactory(committee=dalate, submitted_at=at(6), is_spam=True)
    OpinionFactory(committee=dalate, submitted_at=at(1, month=6))
    OpinionFactory(committee=dalate, status=Status.DRAFT, submitted_at=None)
    OpinionFactory(committee=zhungeer, submitted_at=at(7))
    department = DepartmentFactory(committee=dalate)
    co_department = DepartmentFactory(committee=dalate)
    Forwarding.objects.create(
        opinion=adopted,
        department=department,
        role=Forwarding.Role.LEAD,
        status=Forwarding.Status.ACCEPTED,
        due_date=datetime.date(2026, 5, 31),
        created_at=at(11),
        first_replied_at=at(20),
    )
    Forwarding.objects.create(
        opinion=adopted,
        department=co_department,
        role=Forwarding.Role.CO,
        status=Forwarding.Status.OPINION_GIVEN,
        due_date=datetime.date(2026, 5, 31),
        created_at=at(11),
    )
    Forwarding.objects.create(
        opinion=older,
        department=department,
        role=Forwarding.Role.LEAD,
        status=Forwarding.Status.ACCEPTED,
        due_date=datetime.date(2026, 5, 10),
        created_at=at(3),
        first_replied_at=at(15),
    )
    bulletin = Bulletin.objects.create(
        committee=dalate, year=2026, number=3, status=Bulletin.Status.ISSUED, issued_at=at(12)
    )
    BulletinItem.objects.create(
        bulletin=bulletin, opinion=adopted, editorial_title="标题", editorial_body="正文"
    )
    LeaderInstruction.objects.create(
        opinion=adopted,
        leader_name="某领导",
        leader_title="副市长",
        level=LeaderInstruction.Level.MUNICIPAL,
        instructed_on=datetime.date(2026, 5, 15),
        text="请认真研究。",
    )
    ActivityFactory(
        reporter=a,
        status=Activity.Status.CONFIRMED,
        occurred_on=datetime.date(2026, 5, 8),
        people_reached=30,
    )
    ActivityFactory(
        reporter=b,
        status=Activity.Status.SUBMITTED,
        occurred_on=datetime.date(2026, 5, 9),
        people_reached=5,
    )
    ActivityFactory(
        reporter=b,
        status=Activity.Status.CONFIRMED,
        occurred_on=datetime.date(2026, 4, 30),
        people_reached=7,
    )
    workstation = WorkstationFactory(committee=dalate)
    DutyShiftFactory(
        workstation=workstation,
        member=a,
        date=datetime.date(2026, 5, 6),
        status=DutyShift.Status.SERVED,
        visitors_count=4,
    )
    DutyShiftFactory(
        workstation=workstation,
        member=b,
        date=datetime.date(2026, 5, 7),
        status=DutyShift.Status.MISSED,
    )
    DutyShiftFactory(workstation=workstation, member=b, date=datetime.date(2026, 6, 20))
    # held 7 May, its outcome adopted (since implemented) and a lecture on 17 May; held 27 April
    # (not this month), its outcome partly adopted and a lecture on 7 May (this month)
    consultation_world(dalate, [a, b], at(5), 0)
    consultation_world(dalate, [a, b], at(25, month=4), 1)
    return {"a": a, "b": b}


def test_figures_of_a_small_month(dalate, may_world):
    report = services.generate_report(committee=dalate, kind=Kind.MONTHLY, period_start=MAY)
    f = report.figures
    t = f["totals"]
    assert (t["received"], t["adopted"], t["not_adopted"]) == (2, 2, 1)
    assert f["adopted_by_level"] == {"banner": 1, "municipal": 1, "region": 0, "national": 0}
    assert (t["forwarded"], t["replied"], t["replied_on_time"]) == (2, 2, 1)
    assert (t["rated"], t["satisfied"]) == (1, 1)
    assert f["satisfaction"]["satisfied"] == 1
    assert (t["bulletins"], t["bulletin_items"], t["instructions"]) == (1, 1, 1)
    assert f["instructions_by_level"]["municipal"] == 1
    assert (t["activities"], t["people_reached"]) == (1, 30)
    assert (t["members"], t["members_active"], t["members_inactive"]) == (2, 1, 1)
    assert (t["duty_served"], t["duty_missed"], t["duty_visitors"]) == (1, 1, 4)
    assert f["rates"]["on_time"] == 50.0
    consultations = f["consultations"]
    assert (t["consultations"], t["consultation_attendances"], t["consultation_observers"]) == (
        1,
        1,
        1,
    )
    assert consultations["held"] == 1 and consultations["available"]
    assert consultations["by_kind"] == {"sector": {"held": 1, "attended": 1, "observers": 1}}
    # both decisions fell in May (one outcome of an April event); not adopted is not counted
    assert t["outcomes_adopted"] == 2
    assert consultations["outcomes_by_decision"] == {"adopted": 1, "partly": 1}
    assert (t["lectures"], t["lecture_people"]) == (2, 81)  # the scheduled ones are not
    assert f["lectures"] == {"available": True, "delivered": 2, "people": 81}
    assert f["by_committee"] == []  # a 旗区's report has no breakdown by committee
    assert f["activities_by_type"] == {"survey": {"activities": 1, "people": 30}}


def test_figures_equal_the_lists_behind_them(dalate, may_world, staff_dalate):
    """The counts a report prints are the rows of the lists staff open for the same period."""
    report = services.generate_report(committee=dalate, kind=Kind.MONTHLY, period_start=MAY)
    start, after = at(1, hour=0), at(1, month=6, hour=0)
    desk = opinion_selectors.desk_opinions(user=staff_dalate)
    received = desk.filter(submitted_at__gte=start, submitted_at__lt=after, is_spam=False)
    assert report.figures["totals"]["received"] == received.count()
    decided = desk.filter(decided_at__gte=start, decided_at__lt=after).exclude(adoption_level="")
    assert report.figures["totals"]["adopted"] == decided.count()
    confirmed = liaison_selectors.activity_desk(user=staff_dalate).filter(
        status=Activity.Status.CONFIRMED, occurred_on__range=(MAY, datetime.date(2026, 5, 31))
    )
    assert report.figures["totals"]["activities"] == confirmed.count()
    assert report.figures["totals"]["people_reached"] == sum(a.people_reached for a in confirmed)
    categories = {row["name"]: row for row in report.figures["by_category"]}
    assert sum(row["received"] for row in categories.values()) == received.count()
    # consultations, outcomes and lectures: the cockpit's 明细 lists of May and the records
    totals = report.figures["totals"]
    for code in (
        "consultations",
        "consultation_attendances",
        "consultation_observers",
        "outcomes_adopted",
        "lectures",
    ):
        listed = cockpit_figures.figure_records(
            cockpit_figures.METRICS[code], committee_ids=[dalate.pk], start=MAY, end=MAY
        )
        assert totals[code] == listed.count(), code
    events = Consultation.objects.filter(
        committee=dalate,
        status__in=["held", "minutes", "closed"],
        starts_at__gte=start,
        starts_at__lt=after,
    )
    assert totals["consultations"] == events.count()
    assert totals["consultation_attendances"] == sum(
        e.invitations.filter(attendance="attended").count() for e in events
    )
    lectures = LectureOrder.objects.filter(
        committee=dalate, delivered_on__range=(MAY, datetime.date(2026, 5, 31))
    ).exclude(status__in=["new", "dispatched", "accepted", "scheduled", "cancelled"])
    assert totals["lectures"] == lectures.count()
    assert totals["lecture_people"] == sum(o.people_reached for o in lectures)


def test_the_municipal_report_covers_all_ten_committees(municipal, dalate, may_world):
    report = services.generate_report(committee=municipal, kind=Kind.MONTHLY, period_start=MAY)
    rows = {row["name"]: row for row in report.figures["by_committee"]}
    assert len(rows) == 10
    own = services.generate_report(committee=dalate, kind=Kind.MONTHLY, period_start=MAY)
    for key, value in own.figures["totals"].items():
        assert rows["达拉特旗政协"][key] == value, key
    assert rows["准格尔旗政协"]["received"] == 1
    assert report.figures["totals"]["received"] == 3
    assert report.figures["totals"]["received"] == sum(r["received"] for r in rows.values())


def test_figures_take_a_bounded_number_of_queries(
    municipal, dalate, may_world, django_assert_max_num_queries
):
    with django_assert_max_num_queries(17):
        report_figures.compute(
            committee=municipal, kind=Kind.MONTHLY, start=MAY, end=datetime.date(2026, 5, 31)
        )
    for _ in range(5):  # more rows, the same queries
        MemberFactory(committee=dalate)
        OpinionFactory(committee=dalate, submitted_at=at(9))
    with django_assert_max_num_queries(17):
        report_figures.compute(
            committee=municipal, kind=Kind.MONTHLY, start=MAY, end=datetime.date(2026, 5, 31)
        )


def test_the_annual_report_carries_the_performance_notice(dalate, may_world):
    a, b = may_world["a"], may_world["b"]
    MemberYearScore.objects.create(
        committee=dalate, member=a, year=2025, total=88, grade=Grade.EXCELLENT
    )
    MemberYearScore.objects.create(
        committee=dalate, member=b, year=2025, total=40, grade=Grade.COMPETENT
    )
    c = MemberFactory(committee=dalate, name="丁委员")
    MemberYearScore.objects.create(committee=dalate, member=c, year=2025, total=3)
    report = services.generate_report(
        committee=dalate, kind=Kind.ANNUAL, period_start=datetime.date(2025, 1, 1)
    )
    evaluation = report.figures["evaluation"]
    assert evaluation["distribution"] == {
        "excellent": 1,
        "competent": 1,
        "basic": 0,
        "incompetent": 0,
        "ungraded": 1,
    }
    assert evaluation["evaluated"] == 2
    assert evaluation["commended"] == [{"name": "甲委员", "sector": "", "total": "88.00"}]
    assert report.document_number == "达政协〔2025〕年报"
    from dashboards.reports.tables import performance_notice

    notice = performance_notice(report.figures, dalate.name)
    assert "参加评定的委员共2人，其中优秀1人、称职1人" in notice
    assert "另有1人尚未评定" in notice
    assert "对履职优秀的甲委员等1名委员予以通报表扬" in notice


# --- the leaders are told, once ------------------------------------------------------------
def test_leaders_get_a_bell_notice_and_one_email(
    dalate, make_user, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = LOCMEM
    leader = make_user(User.Role.LEADER, dalate, username="ld1", email="ld1@example.com")
    make_user(User.Role.LEADER, dalate, username="ld2", email="ld2@example.com", is_active=False)
    make_user(User.Role.STAFF, dalate, username="st1", email="st1@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        report = services.generate_report(committee=dalate, kind=Kind.MONTHLY, period_start=MAY)
    with django_capture_on_commit_callbacks(execute=True):
        services.generate_report(committee=dalate, kind=Kind.MONTHLY, period_start=MAY)
        services.report_notify(report=report)  # even asked again: the outbox keeps one per cause
    assert [m.to for m in mailoutbox] == [["ld1@example.com"]]
    assert "达拉特旗政协2026年5月委员联系群众工作月报" in mailoutbox[0].subject
    assert f"/dashboards/reports/{report.pk}/" in mailoutbox[0].body
    notice = Notification.objects.get(user=leader)
    assert notice.link == f"/dashboards/reports/{report.pk}/"
    assert OutboxMessage.objects.filter(cause=f"report:{report.pk}").count() == 2  # bell + mail


# --- the beat task ------------------------------------------------------------------------------
def test_beat_task_makes_every_committees_report_once(ref, leader_dalate):
    make_periodic_reports_task.delay("monthly")
    make_periodic_reports_task.delay("monthly")  # a second scheduler, or a retry
    reports = Report.objects.filter(kind=Kind.MONTHLY)
    assert reports.count() == 10
    assert set(reports.values_list("period_start", flat=True)) == {MAY}
    assert notices_to(leader_dalate) == 1
    make_periodic_reports_task.delay("quarterly")
    assert set(
        Report.objects.filter(kind=Kind.QUARTERLY).values_list("period_start", flat=True)
    ) == {datetime.date(2026, 1, 1)}


def test_beat_task_refuses_an_unknown_kind(ref):
    with pytest.raises(ValueError):
        make_periodic_reports_task.delay("daily")
    assert not Report.objects.exists()


def test_the_default_schedule_runs_a_registered_task_for_each_kind(settings):
    from ordos_liaison import celery_app

    kinds = sorted(
        entry["args"][0]
        for entry in settings.CELERY_BEAT_SCHEDULE.values()
        if entry["task"] == make_periodic_reports_task.name
    )
    assert kinds == sorted(Kind.values)
    assert make_periodic_reports_task.name in celery_app.tasks


def test_a_member_at_another_committees_activity_was_active(dalate, municipal):
    from liaison.models import ActivityParticipant

    member = MemberFactory(committee=dalate)
    MemberFactory(committee=dalate)
    activity = ActivityFactory(
        reporter=MemberFactory(committee=municipal),
        status=Activity.Status.CONFIRMED,
        occurred_on=datetime.date(2026, 5, 12),
    )
    ActivityParticipant.objects.create(activity=activity, member=member)
    ActivityParticipant.objects.create(
        activity=ActivityFactory(
            reporter=MemberFactory(committee=municipal),
            status=Activity.Status.CONFIRMED,
            occurred_on=datetime.date(2026, 5, 13),
        ),
        member=MemberFactory(committee=dalate),
        attended=False,  # absent: not active
    )
    report = services.generate_report(committee=dalate, kind=Kind.MONTHLY, period_start=MAY)
    totals = report.figures["totals"]
    assert (totals["members"], totals["members_active"], totals["activities"]) == (3, 1, 0)


def test_tables_do_not_rely_on_the_stored_key_order():
    """PostgreSQL's jsonb keeps no key order: the tables put grades and types in theirs."""
    from dashboards.reports.tables import by_type, evaluation

    figures = {
        "evaluation": {
            "year": 2025,
            "evaluated": 3,
            "distribution": {"ungraded": 0, "basic": 2, "excellent": 1, "incompetent": 0},
            "commended": [],
        },
        "activities_by_type": {
            "care": {"activities": 2, "people": 5},
            "survey": {"activities": 9, "people": 1},
        },
    }
    grades, commended = evaluation(figures)
    assert [row[0] for row in grades.rows] == ["优秀", "称职", "基本称职", "不称职", "未评定"]
    assert [row[1] for row in grades.rows] == [1, 0, 2, 0, 0]
    assert commended.rows == [] and commended.empty == "本年度尚无评定为优秀的委员。"
    assert [row[0] for row in by_type(figures).rows] == ["走访调研", "慰问关怀"]


def test_the_beat_jobs_one_run_gives_each_committee_its_own_figures(ref, may_world):
    """``periodic_reports_make`` runs the period's queries once for the ten reports: each
    report's figures are those the committee's report computed alone has."""
    made = {r.committee_id: r for r in services.periodic_reports_make(kind=Kind.MONTHLY)}
    for committee in Committee.objects.all():
        alone = report_figures.compute(
            committee=committee, kind=Kind.MONTHLY, start=MAY, end=datetime.date(2026, 5, 31)
        )
        assert made[committee.pk].figures == alone, committee.code


def test_the_beat_job_queries_once_for_all_committees(
    ref, may_world, django_assert_max_num_queries
):
    # the period's queries (14), one look for existing reports, then per committee: the
    # version-1 look, a savepoint and its release, the insert, its event and its leaders (none)
    with django_assert_max_num_queries(15 + 10 * 7):
        services.periodic_reports_make(kind=Kind.MONTHLY)
    with django_assert_max_num_queries(2 + 10):  # all made: one look each, no figures
        services.periodic_reports_make(kind=Kind.MONTHLY)


def test_deleting_the_account_that_made_a_report_keeps_the_report(dalate, staff_dalate):
    """Erasing an account (PIPL) clears who made the report; the report itself stays."""
    first = services.generate_report(committee=dalate, kind=Kind.MONTHLY, period_start=MAY)
    second = services.regenerate_report(report=first, by=staff_dalate)
    staff_dalate.delete()
    second.refresh_from_db()
    assert second.created_by is None and second.version == 2
    assert second.events.get().actor is None


def test_a_report_made_before_consultations_were_counted_still_says_so(dalate, may_world):
    """A report never changes: one made with schema 1 (consultations 暂无) keeps saying 暂无,
    without the table by form; a new one prints the figures."""
    from dashboards.reports.tables import tables

    new = report_figures.compute(
        committee=dalate, kind=Kind.MONTHLY, start=MAY, end=datetime.date(2026, 5, 31)
    )
    old = {
        **new,
        "schema": 1,
        "consultations": {"available": False, "held": 0, "outcomes_adopted": 0},
        "lectures": {"available": False, "delivered": 0},
    }
    for key in report_figures.COUNTERS[-6:]:
        del old["totals"][key]

    def summary_rows(figures):
        table = next(t for t in tables(figures) if t.key == "summary")
        return {row[0]: row[1:] for row in table.rows}

    rows = summary_rows(old)
    assert rows["协商活动（场）"] == ("—", "暂无（本报告生成时协商议事功能尚未上线）")
    assert "by_consultation_kind" not in [t.key for t in tables(old)]
    rows = summary_rows(new)
    assert rows["协商活动（场）"] == (1, "委员出席 1 人次，群众旁听 1 人次")
    assert rows["协商成果采纳（项）"] == (2, "其中部分采纳 1 项")
    assert rows["委员讲堂授课（场）"] == (2, "听众 81 人次")
    by_kind = next(t for t in tables(new) if t.key == "by_consultation_kind")
    assert by_kind.rows == [("界别协商", 1, 1, 1)]
