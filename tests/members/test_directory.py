"""The member directory: permissions, filters, search and pagination."""

import pytest
from django.urls import reverse

from members.models import Member
from org.models import Expertise, Party, Sector, SpecialCommittee
from tests.members.factories import MemberFactory

URL = reverse("members:directory")


@pytest.fixture
def people(ref):
    """Three members that differ in every filterable field."""
    ordos, dalate, zhungeer = ref["ordos"], ref["dalate"], ref["zhungeer"]
    a = MemberFactory(
        committee=ordos,
        name="张教育",
        level=Member.Level.MUNICIPAL,
        sector=Sector.objects.get(committee=ordos, name="教育"),
        special_committee=SpecialCommittee.objects.get(committee=ordos, name="教科卫体委员会"),
        party=Party.objects.get(name="九三学社"),
        expertise=[Expertise.objects.get(name="教育")],
        work_unit="鄂尔多斯市第一中学",
        position="校长",
    )
    b = MemberFactory(
        committee=dalate,
        name="李达旗",
        level=Member.Level.BANNER,
        sector=Sector.objects.get(committee=dalate, name="教育"),
        special_committee=SpecialCommittee.objects.get(committee=dalate, name="社会和法制委员会"),
        party=Party.objects.get(name="中国共产党"),
        expertise=[Expertise.objects.get(name="法律")],
        work_unit="达拉特旗人民医院",
        position="院长",
        status=Member.Status.SUSPENDED,
    )
    c = MemberFactory(
        committee=zhungeer,
        name="赵准旗",
        level=Member.Level.REGION,
        sector=Sector.objects.get(committee=zhungeer, name="经济"),
        special_committee=SpecialCommittee.objects.get(committee=zhungeer, name="经济委员会"),
        party=Party.objects.get(name="中国民主建国会"),
        work_unit="准格尔旗煤炭公司",
        phone="13912340000",
        status=Member.Status.LEFT,
    )
    return {"a": a, "b": b, "c": c}


def _names(response):
    assert response.status_code == 200
    return {member.name for member in response.context["members"]}


@pytest.fixture
def staff_client(client, staff_municipal):
    client.force_login(staff_municipal)
    return client


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, {"张教育", "李达旗", "赵准旗"}),
        ({"committee": "dalate"}, {"李达旗"}),
        ({"sector": "教育"}, {"张教育", "李达旗"}),  # by name, across committees
        ({"sector": "经济"}, {"赵准旗"}),
        ({"special_committee": "经济委员会"}, {"赵准旗"}),
        ({"special_committee": "教科卫体委员会"}, {"张教育"}),
        ({"party": "九三学社"}, {"张教育"}),
        ({"level": "region"}, {"赵准旗"}),
        ({"level": "banner"}, {"李达旗"}),
        ({"expertise": "法律"}, {"李达旗"}),
        ({"status": "left"}, {"赵准旗"}),
        ({"status": "active"}, {"张教育"}),
        ({"q": "医院"}, {"李达旗"}),  # work unit
        ({"q": "院长"}, {"李达旗"}),  # position
        ({"q": "张"}, {"张教育"}),  # name
        ({"q": "  赵准旗  "}, {"赵准旗"}),
        ({"q": "13912340000"}, {"赵准旗"}),  # full mobile number
        ({"q": "1391234"}, set()),  # no partial phone search
        ({"q": "没有这个人"}, set()),
        ({"sector": "教育", "status": "active"}, {"张教育"}),
        ({"sector": "教育", "committee": "ordos"}, {"张教育"}),
    ],
)
def test_filters(staff_client, people, ref, params, expected):
    params = dict(params)
    if "committee" in params:
        params["committee"] = ref[params["committee"]].pk
    if "party" in params:
        params["party"] = Party.objects.get(name=params["party"]).pk
    if "expertise" in params:
        params["expertise"] = Expertise.objects.get(name=params["expertise"]).pk
    assert _names(staff_client.get(URL, params)) == expected


@pytest.mark.parametrize(
    "params",
    [
        {"level": "bogus"},
        {"committee": "999999"},
        {"committee": "abc"},
        {"party": "-1"},
        {"sector": "不存在的界别"},
        {"expertise": "9" * 30},
        {"status": "<script>"},
    ],
)
def test_invalid_filter_values_show_an_empty_list_not_an_error(staff_client, people, params):
    response = staff_client.get(URL, params)
    assert _names(response) == set()
    assert response.context["filter"].form.errors


def test_sector_choices_are_names_of_visible_committees_only(client, staff_dalate, people):
    client.force_login(staff_dalate)
    response = client.get(URL)
    sector_names = [value for value, _ in response.context["filter"].form.fields["sector"].choices]
    assert "教育" in sector_names
    assert "九三学社" not in sector_names  # a municipal-only sector


def test_banner_staff_filter_cannot_reach_other_committee(client, staff_dalate, people):
    client.force_login(staff_dalate)
    assert _names(client.get(URL, {"sector": "经济"})) == set()
    assert _names(client.get(URL, {"q": "赵准旗"})) == set()


def test_phone_is_not_shown_in_directory_or_detail(staff_client, people):
    body = staff_client.get(URL).content.decode()
    assert "13912340000" not in body
    detail = staff_client.get(reverse("members:detail", args=[people["c"].pk])).content.decode()
    assert "13912340000" not in detail
    assert "139****0000" in detail


def test_paginated_and_keeps_filters(staff_client, ref):
    MemberFactory.create_batch(25, committee=ref["dalate"], status=Member.Status.ACTIVE)
    MemberFactory.create_batch(3, committee=ref["dalate"], status=Member.Status.LEFT)
    first = staff_client.get(URL, {"status": "active"})
    assert len(first.context["members"]) == 20
    assert first.context["page_obj"].paginator.count == 25
    assert "status=active" in first.context["query_string"]
    assert "?status=active&amp;page=2" in first.content.decode()
    second = staff_client.get(URL, {"status": "active", "page": 2})
    assert len(second.context["members"]) == 5
    assert staff_client.get(URL, {"page": 99}).status_code == 404


def test_directory_shows_add_button_only_to_office(client, staff_municipal, leader, people):
    client.force_login(staff_municipal)
    assert reverse("members:create") in client.get(URL).content.decode()
    client.force_login(leader)
    assert reverse("members:create") not in client.get(URL).content.decode()


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
def test_directory_permissions(client, user_for_role, role, status):
    client.force_login(user_for_role[role])
    assert client.get(URL).status_code == status
    # Detail pages follow the directory's permission.
    member = MemberFactory(committee=user_for_role["staff"].committee)
    assert client.get(reverse("members:detail", args=[member.pk])).status_code == status


def test_directory_anonymous_redirects_to_login(client, db):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
