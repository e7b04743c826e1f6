"""履职档案 pages: the member's own page, staff's view of a member, the ranking, exports,
evaluation and grade adjustment — permissions and query counts."""

import datetime

import pytest
from django.urls import reverse

from accounts.models import User
from audit.models import AuditLog
from ledger import services as ledger
from ledger.models import MemberYearScore
from liaison import services as activity_services
from tests.members.factories import MemberFactory, MemberUserFactory
from tests.utils import queries_for
from tests.workstations.factories import ActivityFactory

pytestmark = pytest.mark.usefixtures("frozen_now")
MAX_QUERIES = 20  # about 7 of them are the session and security middleware


def _points(member, staff, n, start=0):
    for i in range(n):
        ledger.ledger_on_leader_instruction(
            member=member,
            instruction_key=f"{member.pk}-{start + i}",
            when=datetime.date(2026, 1, 1 + i % 28),
        )
    activity_services.activity_confirm(activity=ActivityFactory(reporter=member), by=staff)


def test_my_ledger_page_shows_total_ranks_and_sources(client, dalate, staff_dalate):
    member = MemberUserFactory(committee=dalate)
    rival = MemberFactory(committee=dalate)
    _points(member, staff_dalate, 1)
    _points(rival, staff_dalate, 3)
    client.force_login(member.user)
    response = client.get(reverse("ledger:ledger_me"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "9.00" in body  # 6 (instruction) + 3 (activity)
    assert "2 / " in body  # second in the committee
    assert reverse("liaison:activity_detail", args=[member.reported_activities.get().pk]) in body


@pytest.mark.parametrize(
    "role, expected",
    [
        ("anonymous", 302),
        ("citizen", 403),
        ("staff", 403),
        ("member", 200),
    ],
)
def test_my_ledger_permissions(client, role, expected, make_user, member_user, staff_dalate):
    users = {
        "anonymous": None,
        "citizen": make_user(User.Role.CITIZEN, None, username="c9"),
        "staff": staff_dalate,
        "member": member_user,
    }
    if users[role]:
        client.force_login(users[role])
    assert client.get(reverse("ledger:ledger_me")).status_code == expected


def test_member_ledger_and_ranking_permissions(
    client, dalate, member_user, staff_dalate, staff_zhungeer, leader
):
    target = MemberFactory(committee=dalate)
    url = reverse("ledger:ledger_member", args=[target.pk])
    client.force_login(member_user)
    assert client.get(url).status_code == 403
    assert client.get(reverse("ledger:ledger_ranking")).status_code == 403
    client.force_login(staff_zhungeer)
    assert client.get(url).status_code == 404
    client.force_login(staff_dalate)
    assert client.get(url).status_code == 200
    assert client.get(reverse("ledger:ledger_ranking")).status_code == 200
    client.force_login(leader)
    assert client.get(url).status_code == 200
    assert client.get(reverse("ledger:ledger_ranking")).status_code == 200
    assert (
        client.post(
            reverse("ledger:evaluation_run"), {"committee": dalate.pk, "year": 2026}
        ).status_code
        == 403
    )


def test_ranking_export_is_logged(client, dalate, staff_dalate):
    _points(MemberFactory(committee=dalate, name="高分委员"), staff_dalate, 2)
    client.force_login(staff_dalate)
    response = client.get(reverse("ledger:ledger_export", args=["csv"]), {"year": 2026})
    assert response.status_code == 200
    assert "高分委员" in response.getvalue().decode("utf-8-sig")
    response = client.get(reverse("ledger:ledger_export", args=["xlsx"]), {"year": 2026})
    assert response.status_code == 200 and response.getvalue()[:2] == b"PK"
    assert AuditLog.objects.filter(action="export_ranking").count() == 2
    assert client.get(reverse("ledger:ledger_export", args=["pdf"])).status_code == 404


def test_evaluation_and_adjustment_through_the_pages(client, dalate, staff_dalate, staff_zhungeer):
    member = MemberFactory(committee=dalate)
    client.force_login(staff_dalate)
    response = client.post(reverse("ledger:evaluation_run"), {"committee": dalate.pk, "year": 2026})
    assert response.status_code == 302
    score = MemberYearScore.objects.get(member=member, year=2026)
    assert score.grade == "incompetent"
    page = client.get(reverse("ledger:ledger_member", args=[member.pk])).content.decode()
    assert "调整等次" in page
    adjust = reverse("ledger:grade_adjust", args=[score.pk])
    client.post(adjust, {"grade": "basic", "reason": ""})
    score.refresh_from_db()
    assert score.grade == "incompetent"  # no reason, no change
    client.post(adjust, {"grade": "basic", "reason": "因病请假经批准"})
    score.refresh_from_db()
    assert score.grade == "basic"
    client.force_login(staff_zhungeer)
    assert client.post(adjust, {"grade": "excellent", "reason": "x"}).status_code == 404


def test_ledger_page_query_count_constant(client, dalate, staff_dalate):
    member = MemberUserFactory(committee=dalate, sector=dalate.sectors.first())
    client.force_login(member.user)
    url = reverse("ledger:ledger_me")
    _points(member, staff_dalate, 1)
    small, _ = queries_for(client, url)
    _points(member, staff_dalate, 40, start=100)
    for other in MemberFactory.create_batch(10, committee=dalate):
        _points(other, staff_dalate, 1)
    large, sql = queries_for(client, url)
    assert small == large, "\n".join(sql)
    assert large <= MAX_QUERIES


def test_ranking_query_count_constant(client, dalate, staff_dalate):
    client.force_login(staff_dalate)
    url = reverse("ledger:ledger_ranking")
    _points(MemberFactory(committee=dalate, sector=dalate.sectors.first()), staff_dalate, 1)
    small, _ = queries_for(client, url)
    for member in MemberFactory.create_batch(40, committee=dalate, sector=dalate.sectors.last()):
        _points(member, staff_dalate, 1)
    large, sql = queries_for(client, url)
    assert small == large, "\n".join(sql)
    assert large <= MAX_QUERIES
