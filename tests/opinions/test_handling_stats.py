"""Department statistics for a small known data set: items received, replied, on-time reply
rate, average days to reply, overdue, satisfaction — and scope (a 旗区 sees only its own
departments; a municipal user sees all)."""

import datetime
from unittest import mock

import pytest
from django.urls import reverse

from opinions import selectors
from opinions.models import Forwarding, Status
from tests.conftest import TZ
from tests.opinions.factories import DepartmentFactory, OpinionFactory

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 6, 15, 10, tzinfo=TZ)


def day(n, hour=10):
    return datetime.datetime(2026, 5, 1, hour, tzinfo=TZ) + datetime.timedelta(days=n)


def forwarding(
    department,
    *,
    role="lead",
    created=0,
    due=10,
    replied=None,
    status=None,
    satisfaction="",
    replied_hour=10,
):
    opinion = OpinionFactory(
        committee=department.committee, status=Status.FORWARDED, satisfaction=satisfaction
    )
    if status is None:
        status = Forwarding.Status.REPLIED if replied is not None else Forwarding.Status.NEW
    return Forwarding.objects.create(
        opinion=opinion,
        department=department,
        role=role,
        status=status,
        created_at=day(created),
        due_date=day(due).date(),
        first_replied_at=day(replied, replied_hour) if replied is not None else None,
    )


@pytest.fixture
def data_set(dalate, zhungeer):
    a = DepartmentFactory(committee=dalate, name="达拉特旗甲局")
    b = DepartmentFactory(committee=dalate, name="达拉特旗乙局")
    idle = DepartmentFactory(committee=dalate, name="达拉特旗丙局")
    c = DepartmentFactory(committee=zhungeer, name="准格尔旗丁局")
    # 甲局: one on time (5 days), one late (15 days), one open and overdue, one withdrawn
    forwarding(a, replied=5, satisfaction="satisfied")
    forwarding(a, replied=15, satisfaction="unsatisfied")
    forwarding(a, due=20)  # due 2026-05-21, still open on 06-15
    forwarding(a, status=Forwarding.Status.WITHDRAWN)
    # replied on the due day itself, late in the evening: on time
    forwarding(a, role="co", replied=10, replied_hour=23, due=10, satisfaction="basically")
    # 乙局: one co-handling reply in 3 days (satisfaction does not count for co-handlers),
    # and one lead rated 基本满意
    forwarding(b, role="co", replied=3, satisfaction="satisfied")
    forwarding(b, replied=2, satisfaction="basically")
    # 丁局 (准格尔旗)
    forwarding(c, replied=1, satisfaction="satisfied")
    return {"a": a, "b": b, "idle": idle, "c": c}


def rows_by_name(user):
    with mock.patch("django.utils.timezone.now", return_value=NOW):
        return {row["department"].name: row for row in selectors.department_stats(user=user)}


def test_numbers_for_a_known_data_set(data_set, staff_dalate):
    rows = rows_by_name(staff_dalate)
    a = rows["达拉特旗甲局"]
    assert a["received"] == 4  # the withdrawn one is not counted
    assert a["replied"] == 3 and a["on_time"] == 2 and a["on_time_rate"] == 67
    assert a["avg_days"] == round((5 + 15 + 10 + 13 / 24) / 3, 1) == 10.2
    assert a["overdue_open"] == 1
    assert a["rated"] == 2 and a["satisfaction_rate"] == 50  # lead items only
    b = rows["达拉特旗乙局"]
    assert (b["received"], b["replied"], b["on_time_rate"], b["avg_days"]) == (2, 2, 100, 2.5)
    assert b["overdue_open"] == 0 and b["satisfaction_rate"] == 100 and b["rated"] == 1
    idle = rows["达拉特旗丙局"]
    assert idle["received"] == 0 and idle["on_time_rate"] is None and idle["avg_days"] is None
    assert idle["satisfaction_rate"] is None


def test_scope(data_set, staff_dalate, staff_zhungeer, staff_municipal, leader, make_user, dalate):
    assert set(rows_by_name(staff_dalate)) == {"达拉特旗甲局", "达拉特旗乙局", "达拉特旗丙局"}
    assert set(rows_by_name(staff_zhungeer)) == {"准格尔旗丁局"}
    everything = {"达拉特旗甲局", "达拉特旗乙局", "达拉特旗丙局", "准格尔旗丁局"}
    assert set(rows_by_name(staff_municipal)) >= everything
    assert set(rows_by_name(leader)) >= everything
    banner_leader = make_user("leader", dalate, username="leader_dalate")
    assert set(rows_by_name(banner_leader)) == {"达拉特旗甲局", "达拉特旗乙局", "达拉特旗丙局"}
    # the same numbers whoever looks
    assert rows_by_name(staff_municipal)["达拉特旗甲局"]["on_time_rate"] == 67


def test_page(client, data_set, staff_dalate, staff_municipal):
    url = reverse("opinions:department_stats")
    client.force_login(staff_dalate)
    with mock.patch("django.utils.timezone.now", return_value=NOW):
        page = client.get(url).content.decode()
    assert "达拉特旗甲局" in page and "67%" in page and "10.2" in page and "50%" in page
    assert "准格尔旗丁局" not in page
    assert "达拉特旗丙局" not in page  # departments that received nothing are not listed
    client.force_login(staff_municipal)
    page = client.get(url).content.decode()
    assert "准格尔旗丁局" in page and "达拉特旗甲局" in page
