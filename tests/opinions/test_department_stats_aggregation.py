"""Department statistics are counted by the database (GROUP BY with conditional aggregates). They
must equal what a plain Python loop over every forwarding gives — the computation the page used
before — on a varied data set: every status (withdrawn ones never count), lead and co-handling,
replies on either side of the due date by the local clock (Asia/Shanghai, not UTC), open items due
yesterday, today and tomorrow, forwardings reopened after a reply, every satisfaction, departments
with nothing and with only withdrawn items, and scope. Also: the counts of a scope are cached for
the page when asked to, and the page says when they were counted."""

from __future__ import annotations

import datetime
import itertools
import math
import random
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse
from django.utils import timezone

from opinions import selectors
from opinions.models import Forwarding, Opinion, Status
from org.models import Department
from tests.conftest import FROZEN_NOW, TZ

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_now")]

TODAY = FROZEN_NOW.date()
UTC = datetime.UTC
_codes = itertools.count(810000)


def reference_stats(user) -> dict[int, dict]:
    """Straightforward: every forwarding in scope into Python, counted one by one."""
    departments = Department.objects.visible_to(user)
    rows: dict[int, dict[str, Any]] = {
        d.pk: dict(
            received=0, replied=0, on_time=0, overdue_open=0, days_total=0.0, rated=0, satisfied=0
        )
        for d in departments
    }
    today = timezone.localdate()
    for f in Forwarding.objects.visible_to(user).select_related("opinion"):
        row = rows.get(f.department_id)
        if row is None or f.status == Forwarding.Status.WITHDRAWN:
            continue
        row["received"] += 1
        if f.first_replied_at:
            row["replied"] += 1
            row["days_total"] += (f.first_replied_at - f.created_at).total_seconds() / 86400
            if timezone.localtime(f.first_replied_at).date() <= f.due_date:
                row["on_time"] += 1
        elif f.status in Forwarding.OPEN_STATUSES and f.due_date < today:
            row["overdue_open"] += 1
        if f.role == Forwarding.Role.LEAD and f.opinion.satisfaction:
            row["rated"] += 1
            if f.opinion.satisfaction in ("satisfied", "basically"):
                row["satisfied"] += 1
    for row in rows.values():
        n, rated = row["replied"], row["rated"]
        row["on_time_rate"] = round(100 * row["on_time"] / n) if n else None
        row["avg_days"] = round(row["days_total"] / n, 1) if n else None
        row["satisfaction_rate"] = round(100 * row["satisfied"] / rated) if rated else None
    return rows


def opinion(committee, satisfaction=""):
    return Opinion.objects.create(
        committee=committee,
        channel="web",
        tracking_code=f"JY-2026-{next(_codes):06d}",
        title="一条建言",
        content="情况、分析与建议。",
        status=Status.FORWARDED,
        satisfaction=satisfaction,
    )


def forward(department, *, role="lead", status="new", due, created, replied=None, op=None):
    return Forwarding.objects.create(
        opinion=op or opinion(department.committee),
        department=department,
        role=role,
        status=status,
        due_date=due,
        created_at=created,
        first_replied_at=replied,
    )


def local(day: datetime.date, hour: int, minute: int = 0, second: int = 0):
    return datetime.datetime.combine(day, datetime.time(hour, minute, second), tzinfo=TZ)


@pytest.fixture
def varied(dalate, zhungeer, municipal):
    rng = random.Random(20261201)
    pools = {
        committee: [
            Department.objects.create(committee=committee, name=f"{committee.short_name}{n}局")
            for n in range(4)
        ]
        for committee in (dalate, zhungeer, municipal)
    }
    idle = Department.objects.create(committee=dalate, name="无转办局")
    only_withdrawn = Department.objects.create(committee=dalate, name="全退回局")
    edge = Department.objects.create(committee=dalate, name="边界局")
    co = Department.objects.create(committee=dalate, name="会办局")
    due = datetime.date(2026, 5, 20)
    day = datetime.timedelta(days=1)
    # The due day by the local clock: 23:59:59 on the day is on time, 00:00:00 the next is late;
    # 2026-05-20 17:00 UTC is already 05-21 01:00 in Ordos (late), 15:59 UTC still 23:59 (on time).
    for replied in (
        local(due, 23, 59, 59),
        local(due + day, 0, 0, 0),
        datetime.datetime(2026, 5, 20, 17, 0, tzinfo=UTC),
        datetime.datetime(2026, 5, 20, 15, 59, tzinfo=UTC),
    ):
        forward(edge, status="replied", due=due, created=local(due, 9) - 10 * day, replied=replied)
    # open items due yesterday (overdue), today and tomorrow (not yet)
    for offset in (-1, 0, 1):
        for status in Forwarding.OPEN_STATUSES:
            forward(
                edge, status=status, due=TODAY + offset * day, created=local(TODAY, 8) - 40 * day
            )
    # reopened after a reply (re-handling asked by an unsatisfied submitter): open and past its
    # new due date, yet replied — never "overdue open"; the rating still counts for the lead
    forward(
        edge,
        status="signed",
        due=TODAY - 5 * day,
        created=local(TODAY, 8) - 60 * day,
        replied=local(TODAY, 8) - 20 * day,
        op=opinion(dalate, "unsatisfied"),
    )
    # withdrawn: counted nowhere, even when replied and rated
    forward(
        only_withdrawn,
        status="withdrawn",
        due=TODAY - 3 * day,
        created=local(TODAY, 8) - 30 * day,
        replied=local(TODAY, 8) - 25 * day,
        op=opinion(dalate, "satisfied"),
    )
    # a rated opinion handled by a lead and a co-handler: the rating is the lead's only
    rated = opinion(dalate, "basically")
    created = local(due, 9) - 9 * day
    forward(edge, status="accepted", due=due, created=created, replied=created + 7 * day, op=rated)
    forward(co, role="co", status="accepted", due=due, created=created, replied=created, op=rated)
    # and a random mix in every committee
    statuses = Forwarding.Status.values
    for committee, departments in pools.items():
        for _ in range(60):
            status = rng.choice(statuses)
            created = (
                local(TODAY, rng.randrange(24), rng.randrange(60)) - rng.randrange(1, 120) * day
            )
            replied = None
            if status in ("replied", "accepted") or rng.random() < 0.25:
                replied = created + datetime.timedelta(
                    days=rng.randrange(0, 60), hours=rng.randrange(24), minutes=rng.randrange(60)
                )
                replied = min(replied, FROZEN_NOW)
            forward(
                rng.choice(departments),
                role=rng.choice(["lead", "lead", "co"]),
                status=status,
                due=(created + rng.randrange(0, 45) * day).date(),
                created=created,
                replied=replied,
                op=opinion(
                    committee, rng.choice(["", "", "satisfied", "basically", "unsatisfied"])
                ),
            )
    return {"idle": idle, "only_withdrawn": only_withdrawn, "edge": edge, "co": co}


KEYS = (
    "received",
    "replied",
    "on_time",
    "overdue_open",
    "rated",
    "satisfied",
    "on_time_rate",
    "avg_days",
    "satisfaction_rate",
)


@pytest.mark.parametrize("who", ["staff_dalate", "staff_zhungeer", "staff_municipal", "leader"])
def test_database_counts_equal_a_python_loop(request, varied, who):
    user = request.getfixturevalue(who)
    expected = reference_stats(user)
    with CaptureQueriesContext(connection) as ctx:
        rows = selectors.department_stats(user=user)
    assert len(ctx.captured_queries) == 3  # departments, forwardings, rated lead forwardings
    assert {row["department"].pk for row in rows} == set(expected)
    for row in rows:
        want = expected[row["department"].pk]
        assert {k: row[k] for k in KEYS} == {k: want[k] for k in KEYS}, row["department"].name
        assert math.isclose(row["days_total"], want["days_total"], abs_tol=1e-6)


def test_the_edges_themselves(varied, staff_dalate):
    """Pinned, so that a reference sharing a mistake with the query cannot hide it."""
    rows = {row["department"].pk: row for row in selectors.department_stats(user=staff_dalate)}
    for name in ("idle", "only_withdrawn"):
        row = rows[varied[name].pk]
        assert (row["received"], row["replied"], row["overdue_open"], row["rated"]) == (0, 0, 0, 0)
        assert row["on_time_rate"] is row["avg_days"] is row["satisfaction_rate"] is None
    edge = rows[varied["edge"].pk]
    # 4 boundary replies (2 on time), 12 open (4 due yesterday), reopened (on time), rated lead
    assert (edge["received"], edge["replied"], edge["on_time"]) == (18, 6, 4)
    assert edge["on_time_rate"] == 67 and edge["overdue_open"] == 4
    assert (edge["rated"], edge["satisfied"], edge["satisfaction_rate"]) == (2, 1, 50)
    # (10d14:59:59 + 10d15h + 10d16h + 10d14:59 + 40d + 7d) / 6 = 14.92 days
    assert edge["avg_days"] == 14.9
    co = rows[varied["co"].pk]
    assert (co["received"], co["replied"], co["on_time_rate"], co["avg_days"]) == (1, 1, 100, 0.0)
    assert co["rated"] == 0 and co["satisfaction_rate"] is None


def test_page_caches_the_counts_of_a_scope(client, varied, staff_dalate, make_user, dalate):
    url = reverse("opinions:department_stats")
    client.force_login(staff_dalate)
    with override_settings(DEPARTMENT_STATS_CACHE_SECONDS=300):
        first = client.get(url)
        assert "统计于 2026-06-15 10:00" in first.content.decode()
        # a new forwarding is not seen until the counts expire (or the day changes) …
        forward(
            varied["idle"],
            status="new",
            due=TODAY - datetime.timedelta(1),
            created=local(TODAY, 8) - datetime.timedelta(40),
        )
        with CaptureQueriesContext(connection) as ctx:
            again = client.get(url)
        assert not any("opinions_forwarding" in q["sql"] for q in ctx.captured_queries)
        assert "无转办局" not in again.content.decode()
        # … and another user of the same scope reads the same counts
        client.force_login(make_user("leader", dalate, username="leader_dalate"))
        assert "无转办局" not in client.get(url).content.decode()
    with override_settings(DEPARTMENT_STATS_CACHE_SECONDS=0):
        assert "无转办局" in client.get(url).content.decode()
