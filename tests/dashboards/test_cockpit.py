"""The leaders' cockpit: figures from the summary table, scope, links, query count, bad input.

A world of records in two banners (达拉特旗, 准格尔旗) and the municipal committee, in this
year's and last year's months (the clock is frozen at 2026-06-15): opinions received and
adopted at each level, forwardings replied on time and late, ratings, bulletins, 批示,
confirmed activities with the people they reached, duty shifts held and missed, and graded
members. The summary table is refreshed; the page's numbers are then followed to their lists
and compared (the number shown is the number of rows the link opens)."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from dashboards import cockpit, figures
from dashboards.figures import refresh as figures_refresh
from dashboards.models import CockpitFigure
from ledger.models import Grade, MemberYearScore
from liaison.models import Activity, ActivityParticipant
from opinions.models import (
    AdoptionLevel,
    Bulletin,
    Forwarding,
    LeaderInstruction,
    Satisfaction,
    Status,
)
from tests.dashboards.worlds import consultation_world
from tests.members.factories import MemberFactory
from tests.opinions.factories import DepartmentFactory, OpinionFactory
from tests.utils import unlabelled_controls
from tests.workstations.factories import ActivityFactory, DutyShiftFactory, WorkstationFactory
from workstations.models import DutyShift

pytestmark = pytest.mark.usefixtures("frozen_now")

TZ = timezone.get_fixed_timezone(8 * 60)


def at(year, month, day, hour=10):
    return datetime.datetime(year, month, day, hour, tzinfo=TZ)


def _committee_world(committee, *, scale=1):
    """Records of one committee in 2026 and 2025 (``scale`` multiplies them)."""
    department = DepartmentFactory(committee=committee)
    members = [MemberFactory(committee=committee) for _ in range(3)]
    idle = MemberFactory(committee=committee)  # no activity at all
    for year in (2026, 2025):
        for n in range(scale):
            when = at(year, 3 + n % 3, 5)
            OpinionFactory(committee=committee, submitted_at=when)
            OpinionFactory(committee=committee, submitted_at=when, is_spam=True)  # not counted
            adopted = OpinionFactory(
                committee=committee,
                status=Status.FORWARDED,
                submitted_at=when,
                decided_at=when + datetime.timedelta(days=2),
                adoption_level=AdoptionLevel.MUNICIPAL if n % 2 else AdoptionLevel.BANNER,
                author=members[0],
            )
            on_time = Forwarding.objects.create(
                opinion=adopted,
                department=department,
                role=Forwarding.Role.LEAD,
                status=Forwarding.Status.ACCEPTED,
                due_date=(when + datetime.timedelta(days=30)).date(),
            )
            Forwarding.objects.filter(pk=on_time.pk).update(
                created_at=when + datetime.timedelta(days=3),
                first_replied_at=when + datetime.timedelta(days=10),
            )
            late = OpinionFactory(
                committee=committee,
                status=Status.CLOSED,
                submitted_at=when,
                decided_at=when + datetime.timedelta(days=1),
                adoption_level=AdoptionLevel.REGION,
                satisfaction=Satisfaction.SATISFIED if n % 2 else Satisfaction.UNSATISFIED,
                rated_at=when + datetime.timedelta(days=50),
            )
            late_fw = Forwarding.objects.create(
                opinion=late,
                department=department,
                role=Forwarding.Role.LEAD,
                status=Forwarding.Status.ACCEPTED,
                due_date=(when + datetime.timedelta(days=5)).date(),
            )
            Forwarding.objects.filter(pk=late_fw.pk).update(
                created_at=when, first_replied_at=when + datetime.timedelta(days=20)
            )
            LeaderInstruction.objects.create(
                opinion=adopted,
                leader_name="高书记",
                leader_title="市委书记",
                level=LeaderInstruction.Level.MUNICIPAL,
                instructed_on=(when + datetime.timedelta(days=4)).date(),
                text="请认真研究办理。",
            )
            activity = ActivityFactory(
                reporter=members[n % 3],
                status=Activity.Status.CONFIRMED,
                occurred_on=(when + datetime.timedelta(days=1)).date(),
                people_reached=10 + n,
            )
            ActivityParticipant.objects.get_or_create(activity=activity, member=members[2])
            ActivityFactory(reporter=members[1], status=Activity.Status.SUBMITTED)  # not counted
            consultation_world(committee, members, when, n)
        Bulletin.objects.create(
            committee=committee,
            year=year,
            number=1,
            status=Bulletin.Status.ISSUED,
            issued_at=at(year, 4, 1),
        )
        workstation = WorkstationFactory(committee=committee)
        DutyShiftFactory(
            workstation=workstation,
            member=members[0],
            date=datetime.date(year, 5, 6),
            status=DutyShift.Status.SERVED,
        )
        DutyShiftFactory(
            workstation=workstation,
            member=members[1],
            date=datetime.date(year, 5, 7),
            status=DutyShift.Status.MISSED,
        )
    # this month's activity: members[0] is active in June 2026 (and not idle for 30 days)
    ActivityFactory(
        reporter=members[0],
        status=Activity.Status.CONFIRMED,
        occurred_on=datetime.date(2026, 6, 12),
    )
    for member, grade in zip(
        members + [idle], [Grade.EXCELLENT, Grade.COMPETENT, "", Grade.BASIC], strict=True
    ):
        MemberYearScore.objects.create(
            member=member, committee=committee, year=2026, total=Decimal("12.5"), grade=grade
        )


@pytest.fixture
def world(municipal, dalate, zhungeer, make_user):
    for committee in (municipal, dalate, zhungeer):
        _committee_world(committee)
    figures.refresh_cockpit_figures()
    return {
        "leader": make_user(User.Role.LEADER, municipal, username="leader_ordos"),
        "leader_dalate": make_user(User.Role.LEADER, dalate, username="leader_dalate"),
        "staff_dalate": make_user(User.Role.STAFF, dalate, username="staff_dalate"),
    }


PERIOD = {"month_from": "2026-01", "month_to": "2026-06"}


def _page(client, user, **params):
    client.force_login(user)
    response = client.get(reverse("dashboards:leader"), {**PERIOD, **params})
    assert response.status_code == 200
    return response


def _card(response, key) -> cockpit.Card:
    return next(card for card in response.context["cards"] if card.key == key)


def _numbers(response):
    """Every linked number of the page: cards (with last year and parts), trend, comparison,
    breakdowns."""
    for card in response.context["cards"]:
        for number in (card.number, card.last_year, *(n for _label, n in card.parts)):
            if number is not None and number.url and not number.text:
                yield number
    for row in response.context["trend"]["rows"]:
        yield from row["cells"]
    for _name, cells in response.context.get("comparison", {}).get("rows", []):
        yield from cells
    for breakdown in response.context["breakdowns"]:
        for _label, cells in breakdown.rows:
            yield from cells


def _list_figure(client, url) -> int:
    response = client.get(url)
    assert response.status_code == 200, url
    if "/figures/people_reached/" in url or "/figures/lecture_people/" in url:
        return response.context["total_people"]
    return response.context["paginator"].count


# --- figures -------------------------------------------------------------------------------


def test_dalate_figures(client, world):
    response = _page(client, world["leader_dalate"])
    values = {card.key: card.number.value for card in response.context["cards"]}
    assert values["received"] == 3  # the spam item is not counted
    assert values["adopted"] == 2
    assert values["forwarded"] == 2
    assert values["replied_on_time"] == 1
    assert values["bulletins"] == 1
    assert values["instructions"] == 1
    assert values["activities"] == 2  # one in March, one this month
    assert values["people_reached"] == 10
    assert values["members_active"] == 1  # June: members[0]
    assert values["members_inactive"] == 3  # every member but members[0]
    assert values["shifts_served"] == 1
    card = _card(response, "shifts_served")
    assert [(str(label), n.value) for label, n in card.parts] == [("缺勤", 1)]
    # last year's same months
    assert _card(response, "received").last_year.value == 3
    assert _card(response, "activities").last_year.value == 1
    assert _card(response, "replied_on_time").note == "已答复 2 件，按期率 50.0%"
    # satisfaction: rated in April (March + 50 days); one unsatisfied
    assert _card(response, "rated").number.text == "0.0%"
    # consultations held (a planned one is not), members present, observers checked in
    consultations = _card(response, "consultations")
    assert consultations.number.value == 1 and consultations.last_year.value == 1
    assert [n.value for _label, n in consultations.parts] == [1, 1]
    # the adopted outcome counts although it has since been implemented; not adopted does not
    outcomes = _card(response, "outcomes_adopted")
    assert outcomes.number.value == 1
    assert [(str(label), n.value) for label, n in outcomes.parts] == [("已采纳", 1)]
    lectures = _card(response, "lectures")  # the scheduled order is not counted
    assert lectures.number.value == 1 and lectures.last_year.value == 1
    assert [n.value for _label, n in lectures.parts] == [40]


def test_every_number_equals_the_list_it_links_to(client, world):
    for user in ("leader", "leader_dalate", "staff_dalate"):
        response = _page(client, world[user])
        body = response.content.decode()
        assert "Number(" not in body
        checked = 0
        for number in _numbers(response):
            # the page shows the number as the link (&amp; in the HTML)
            assert f'href="{number.url.replace("&", "&amp;")}">{number.display}</a>' in body
            assert _list_figure(client, number.url) == number.value, number.url
            checked += bool(number.value)
        assert checked >= 20, user  # not a comparison of empty lists


def test_a_month_of_the_trend_and_a_committee_of_the_comparison(client, world, dalate):
    response = _page(client, world["leader"])
    march = next(row for row in response.context["trend"]["rows"] if row["month"].month == 3)
    assert march["cells"][0].value == 9  # received in March 2026: three in each committee
    rows = dict(response.context["comparison"]["rows"])
    assert len(rows) == 10
    assert rows["达拉特旗"][0].value == 3
    assert f"committee={dalate.pk}" in rows["达拉特旗"][0].url
    assert rows["杭锦旗"][0].value == 0


def test_refresh_is_idempotent_and_a_recent_refresh_equals_a_full_one(world):
    def snapshot():
        return sorted(
            CockpitFigure.objects.values_list(
                "committee_id", "month", "metric", "dimension", "key", "label", "value"
            )
        )

    first = snapshot()
    assert first
    assert figures.refresh_cockpit_figures() == len(first)
    assert snapshot() == first
    figures.refresh_cockpit_figures(since=figures.recent_since())
    assert snapshot() == first


def _figures_table():
    return sorted(
        CockpitFigure.objects.values_list(
            "committee_id", "month", "metric", "dimension", "key", "label", "value"
        )
    )


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("first_refresh", [True, False], ids=["no-refresh-yet", "refreshed"])
@pytest.mark.parametrize("since", ["recent", "all"])
def test_two_refreshes_at_once_make_the_table_of_one(world, first_refresh, since):
    """Two beat processes refreshing at the same moment, each on its own connection: the table
    is the one a single refresh makes (no row twice, none lost, no unique-constraint error) —
    also for the very first refresh, when the lock's row does not exist yet. PostgreSQL only."""
    import threading
    import time
    from unittest import mock

    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (SQLite writers take turns in one process)")
    from dashboards.models import Heartbeat

    start = figures.recent_since() if since == "recent" else None
    CockpitFigure.objects.all().delete()
    figures.refresh_cockpit_figures(since=start)
    one = _figures_table()  # what one refresh makes of an empty table
    assert one
    if first_refresh:
        Heartbeat.objects.filter(name=figures.REFRESH_NAME).delete()
    CockpitFigure.objects.all().delete()

    real_compute = figures.compute_figures

    def slow_compute(**kwargs):
        # holding the lock a little while, so that the other refresh really has to wait
        time.sleep(0.3)
        yield from real_compute(**kwargs)

    barrier = threading.Barrier(2)
    written, errors = [], []

    def run():
        try:
            barrier.wait(timeout=10)
            written.append(figures.refresh_cockpit_figures(since=start))
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            connection.close()  # this thread's own connection

    with mock.patch.object(figures_refresh, "compute_figures", slow_compute):
        threads = [threading.Thread(target=run) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert not errors
    assert len(written) == 2
    assert _figures_table() == one
    assert written == [len(one), len(one)]
    assert Heartbeat.objects.filter(name=figures.REFRESH_NAME).count() == 1


def _first_card_value(response) -> str:
    match = re.search(r'class="stat-number" data-value="([^"]*)"', response.content.decode())
    assert match is not None
    return match[1]


def test_rendered_figures_are_kept_until_the_next_refresh_and_per_scope(
    client, world, dalate, frozen_now
):
    """The figures' HTML is cached with the refresh's time, the committees and the months: a
    new record shows after the next refresh, and one scope's figures never show in another's."""
    import time_machine

    municipal_all = _first_card_value(_page(client, world["leader"]))
    dalate_only = _first_card_value(_page(client, world["leader_dalate"]))
    assert dalate_only != municipal_all  # not the municipal leader's cached section
    assert _first_card_value(_page(client, world["leader"], committee=dalate.pk)) == dalate_only
    OpinionFactory(committee=dalate)  # June 2026
    assert _first_card_value(_page(client, world["leader_dalate"])) == dalate_only
    with time_machine.travel(frozen_now + datetime.timedelta(minutes=5), tick=False):
        figures.refresh_cockpit_figures(since=figures.recent_since())
        response = _page(client, world["leader_dalate"])
    assert _first_card_value(response) == str(int(dalate_only) + 1)
    assert _first_card_value(response) == str(_card(response, "received").number.value)


def test_recent_refresh_picks_up_new_records(world, dalate):
    OpinionFactory(committee=dalate)  # now, June 2026
    figures.refresh_cockpit_figures(since=figures.recent_since())
    row = CockpitFigure.objects.get(
        committee=dalate, month=datetime.date(2026, 6, 1), metric="received", dimension=""
    )
    assert row.value == 1


def test_first_view_of_an_empty_installation_computes_the_figures(client, leader, dalate):
    OpinionFactory(committee=dalate)
    assert figures.last_refreshed() is None
    response = _page(client, leader)
    assert _card(response, "received").number.value == 1
    assert figures.last_refreshed() is not None


def test_refresh_task_runs_the_recent_refresh(world, dalate):
    from dashboards.tasks import cockpit_refresh_task

    OpinionFactory(committee=dalate)
    cockpit_refresh_task.delay()
    assert (
        CockpitFigure.objects.get(
            committee=dalate, month=datetime.date(2026, 6, 1), metric="received", dimension=""
        ).value
        == 1
    )


# --- scope and permissions -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("staff", 200),
        ("leader", 200),
        ("admin", 200),
        ("member", 403),
        ("citizen", 403),
        ("department", 403),
    ],
)
def test_who_may_open_the_cockpit_and_its_lists(client, user_for_role, role, status):
    client.force_login(user_for_role[role])
    assert client.get(reverse("dashboards:leader")).status_code == status
    url = reverse("dashboards:cockpit_records", kwargs={"metric": "received"})
    assert client.get(url).status_code == status


def test_anonymous_is_sent_to_login(client):
    for url in (
        reverse("dashboards:leader"),
        reverse("dashboards:cockpit_records", kwargs={"metric": "received"}),
    ):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_banner_leader_sees_only_their_committee(client, world, dalate, zhungeer):
    response = _page(client, world["leader_dalate"], committee=str(zhungeer.pk))
    assert response.context["period"].committee_ids == (dalate.pk,)
    assert "comparison" not in response.context
    assert "committee" in response.context["form"].errors
    body = response.content.decode()
    assert "准格尔旗政协" not in body and "全市（十个政协合计）" not in body
    # the list behind a number, asked for another committee, lists their own
    url = reverse("dashboards:cockpit_records", kwargs={"metric": "received"})
    client.force_login(world["leader_dalate"])
    listed = client.get(url, {**PERIOD, "committee": zhungeer.pk})
    assert {o.committee_id for o in listed.context["records"]} == {dalate.pk}


def test_municipal_leader_sees_all_ten_or_one(client, world, dalate):
    response = _page(client, world["leader"])
    assert len(response.context["period"].committee_ids) == 10
    assert _card(response, "received").number.value == 9
    response = _page(client, world["leader"], committee=str(dalate.pk))
    assert response.context["period"].committee_ids == (dalate.pk,)
    assert _card(response, "received").number.value == 3
    assert "comparison" in response.context  # the ten side by side stay


# --- bad input, labels, the page itself --------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"month_from": "2026-13"}, "month_from", "请按“年-月”填写月份"),
        ({"month_from": "abc"}, "month_from", "请按“年-月”填写月份"),
        (
            {"month_from": "2026-06", "month_to": "2026-01"},
            "month_from",
            "起始月份不能晚于截止月份",
        ),
        ({"month_from": "2020-01", "month_to": "2026-06"}, "month_to", "一次最多查看 24 个月"),
        ({"committee": "999999"}, "committee", ""),
    ],
)
def test_bad_input_is_a_message_not_an_error(client, leader, params, field, message):
    client.force_login(leader)
    response = client.get(reverse("dashboards:leader"), params)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert message in response.content.decode()


def test_lists_refuse_unknown_figures_and_keys(client, leader):
    client.force_login(leader)
    assert (
        client.get(reverse("dashboards:cockpit_records", kwargs={"metric": "nope"})).status_code
        == 404
    )
    url = reverse("dashboards:cockpit_records", kwargs={"metric": "received"})
    assert client.get(url, {"dimension": "nope"}).status_code == 404
    response = client.get(url, {"dimension": "category", "key": "abc"})
    assert response.status_code == 200 and response.context["paginator"].count == 0
    assert client.get(url, {"month_to": "x" * 500}).status_code == 200


def test_labels_are_chinese_and_fields_labelled(client, world):
    body = _page(client, world["leader"]).content.decode()
    for label in ("旗区级", "自治区级", "市领导", "优秀", "称职", "未评定", "走访调研", "我要建言"):
        assert label in body, label
    for code in ("banner", "municipal", "region", "excellent", "survey", "cpc", "web"):
        assert f">{code}<" not in body, code
    assert unlabelled_controls(body) == []


def test_charts_come_from_files_and_a_json_block(client, world):
    response = _page(client, world["leader"])
    body = response.content.decode()
    assert 'id="cockpit-data" type="application/json"' in body
    assert "vendor/echarts-5.6.0/echarts.common.min.js" in body and "js/cockpit.js" in body
    scripts = re.findall(r"<script(?![^>]*application/json)[^>]*>(.*?)</script>", body, re.S)
    assert all(not s.strip() for s in scripts)  # no inline code: the CSP allows files only
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_ten_most_overdue(client, world, dalate, frozen_now):
    department = DepartmentFactory(committee=dalate)
    today = timezone.localdate()
    statuses = list(Forwarding.OPEN_STATUSES)  # the walks per status are merged by date
    for days in range(1, 13):
        Forwarding.objects.create(
            opinion=OpinionFactory(committee=dalate, status=Status.FORWARDED),
            department=department,
            role=Forwarding.Role.LEAD,
            status=statuses[days % len(statuses)],
            due_date=today - datetime.timedelta(days=days),
        )
    Forwarding.objects.create(  # replied: not overdue, however late
        opinion=OpinionFactory(committee=dalate, status=Status.FORWARDED),
        department=department,
        role=Forwarding.Role.LEAD,
        status=Forwarding.Status.REPLIED,
        due_date=today - datetime.timedelta(days=40),
    )
    response = _page(client, world["leader_dalate"])
    overdue = response.context["overdue"]
    assert [f.days_overdue for f in overdue] == list(range(12, 2, -1))


# --- cost ------------------------------------------------------------------------------------


_refreshes = iter(range(1, 1000))


def _refresh_later():
    """A refresh a few seconds later than the last (the clock is frozen): its time is new."""
    import time_machine

    with time_machine.travel(timezone.now() + datetime.timedelta(seconds=next(_refreshes))):
        figures.refresh_cockpit_figures()


def _cockpit_queries(client, user, **params):
    """The cockpit's queries with the figures computed (after a refresh: the figures are kept
    in the cache until the next one) and read from the cache."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(user)
    url = reverse("dashboards:leader")
    client.get(url, {**PERIOD, **params})  # warm-up: session, per-process lists
    _refresh_later()
    with CaptureQueriesContext(connection) as computed:
        assert client.get(url, {**PERIOD, **params}).status_code == 200
    with CaptureQueriesContext(connection) as cached:
        assert client.get(url, {**PERIOD, **params}).status_code == 200
    sql = [q["sql"] for q in computed.captured_queries]
    return len(computed.captured_queries), len(cached.captured_queries), sql


def test_query_count_does_not_grow_with_records_committees_or_months(
    client, municipal, dalate, zhungeer, ref, make_user
):
    leader = make_user(User.Role.LEADER, municipal)
    leader_dalate = make_user(User.Role.LEADER, dalate)
    _committee_world(dalate)
    figures.refresh_cockpit_figures()
    small = _cockpit_queries(client, leader, committee=str(dalate.pk))
    small_banner = _cockpit_queries(client, leader_dalate)
    for committee in (municipal, zhungeer, ref["hangjin"], ref["wushen"]):
        _committee_world(committee, scale=4)
    figures.refresh_cockpit_figures()
    all_ten = _cockpit_queries(client, leader, month_from="2024-07", month_to="2026-06")
    one = _cockpit_queries(client, leader, committee=str(dalate.pk))
    banner = _cockpit_queries(client, leader_dalate)
    assert one[:2] == small[:2] and banner[:2] == small_banner[:2]
    assert all_ten[:2] == small[:2]  # all ten and 24 months: the same queries
    # reading the summary table: three queries for a municipal user (with the comparison of
    # the ten), two for a 旗区 user, none while the figures are in the cache
    assert all_ten[0] - all_ten[1] == 3 and banner[0] - banner[1] == 2
    # the fixed cost: session and user, the 待签发 tile, the refresh time, the ten most
    # overdue (a walk per open status, then their rows), the menu, the bell
    assert all_ten[0] <= 17, "\n".join(all_ten[2])
