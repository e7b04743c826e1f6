"""Every page takes the same number of queries whatever the number of rows."""

import datetime

import pytest
from django.urls import reverse

from dashboards.queues import OFFICE_QUEUES
from members.models import Member
from org.models import Expertise, Party, Region, Sector, SpecialCommittee
from tests.members.factories import (
    GridManagerFactory,
    GridPairingFactory,
    MemberFactory,
    MemberUserFactory,
)
from tests.utils import queries_for

# What a page may add to the per-request overhead (session, user, middleware), so that an N+1
# already present with five rows is caught too.
MAX_PAGE_QUERIES = 10


BELL_QUERIES = 1  # the header's unread-notice count, on every page a signed-in user sees


def _overhead(client):
    """Queries every logged-in page makes: those of the bare /home/ redirect, and the bell."""
    count, _ = queries_for(client, reverse("home"), expected_status=302)
    return count + BELL_QUERIES


def _add_members(committees, n):
    """``n`` members spread over committees, each with a sector, special committee, party and
    two expertise tags, so that every column the directory shows is filled."""
    parties = list(Party.objects.all())
    tags = list(Expertise.objects.all())
    for i in range(n):
        committee = committees[i % len(committees)]
        sectors = list(Sector.objects.filter(committee=committee)[:5])
        special = SpecialCommittee.objects.filter(committee=committee).first()
        MemberFactory(
            committee=committee,
            sector=sectors[i % len(sectors)],
            special_committee=special,
            party=parties[i % len(parties)],
            is_standing=i % 7 == 0,
            status=[Member.Status.ACTIVE, Member.Status.SUSPENDED][i % 2],
            expertise=[tags[i % len(tags)], tags[(i + 3) % len(tags)]],
        )


def _villages(committee):
    return Region.objects.filter(committee=committee, level=Region.Level.VILLAGE).order_by("pk")


@pytest.fixture
def staff_client(client, staff_municipal):
    client.force_login(staff_municipal)
    return client


def test_directory_query_count_is_constant(staff_client, ref):
    committees = [ref["ordos"], ref["dalate"], ref["zhungeer"]]
    url = reverse("members:directory")
    _add_members(committees, 5)
    small, _ = queries_for(staff_client, url)
    _add_members(committees, 195)
    large, sql = queries_for(staff_client, url)
    assert Member.objects.count() == 200
    assert small == large, "\n".join(sql)
    assert large - _overhead(staff_client) <= MAX_PAGE_QUERIES, "\n".join(sql)
    filtered, _ = queries_for(staff_client, url, {"sector": "教育", "q": "委员"})
    assert filtered <= large + 1


def test_member_detail_query_count_is_constant(staff_client, ref):
    ordos = ref["ordos"]
    member = MemberFactory(committee=ordos, expertise=list(Expertise.objects.all()[:1]))
    villages = list(_villages(ref["dalate"])[:10])
    GridPairingFactory(member=member, grid_manager=GridManagerFactory(region=villages[0]))
    url = reverse("members:detail", args=[member.pk])
    small, _ = queries_for(staff_client, url)
    member.expertise.set(Expertise.objects.all())
    for village in villages[1:]:
        GridPairingFactory(member=member, grid_manager=GridManagerFactory(region=village))
    GridManagerFactory.create_batch(5, region=villages[0])  # more choices in the pairing form
    large, sql = queries_for(staff_client, url)
    assert member.pairings.count() == 10
    assert small == large, "\n".join(sql)
    assert large - _overhead(staff_client) <= MAX_PAGE_QUERIES, "\n".join(sql)


def test_own_profile_query_count_is_constant(client, dalate, member_group_factory):
    member = MemberUserFactory(committee=dalate)
    client.force_login(member.user)
    villages = list(_villages(dalate)[:8])
    GridPairingFactory(member=member, grid_manager=GridManagerFactory(region=villages[0]))
    url = reverse("members:me")
    small, _ = queries_for(client, url)
    for village in villages[1:]:
        GridPairingFactory(member=member, grid_manager=GridManagerFactory(region=village))
    for _ in range(4):
        member_group_factory(committee=dalate).members.add(member)
    large, sql = queries_for(client, url)
    assert small == large, "\n".join(sql)
    assert large - _overhead(client) <= MAX_PAGE_QUERIES, "\n".join(sql)


def test_grid_manager_list_query_count_is_constant(staff_client, ref):
    url = reverse("members:grid_managers")
    villages = list(_villages(ref["dalate"])) + list(_villages(ref["zhungeer"]))
    for village in villages[:3]:
        GridPairingFactory(grid_manager=GridManagerFactory(region=village))
    small, _ = queries_for(staff_client, url)
    for i in range(60):
        gm = GridManagerFactory(region=villages[i % len(villages)])
        if i % 2:
            GridPairingFactory(grid_manager=gm, member__committee=gm.committee)
    large, sql = queries_for(staff_client, url)
    assert small == large, "\n".join(sql)
    assert large - _overhead(staff_client) <= MAX_PAGE_QUERIES, "\n".join(sql)


def test_village_page_query_count_is_constant(staff_client, ref):
    village = _villages(ref["dalate"]).first()
    url = reverse("members:village", args=[village.pk])
    GridPairingFactory(
        grid_manager=GridManagerFactory(region=village), member__committee=ref["dalate"]
    )
    small, _ = queries_for(staff_client, url)
    for _ in range(20):
        gm = GridManagerFactory(region=village)
        GridPairingFactory(
            grid_manager=gm,
            member__committee=ref["dalate"],
            member__sector=Sector.objects.filter(committee=ref["dalate"]).first(),
            started_on=datetime.date(2026, 4, 1),
        )
    large, sql = queries_for(staff_client, url)
    assert small == large, "\n".join(sql)
    assert large - _overhead(staff_client) <= MAX_PAGE_QUERIES, "\n".join(sql)


@pytest.mark.parametrize("url_name", ["dashboards:office", "dashboards:leader"])
def test_office_and_leader_home_query_count_is_constant(client, staff_municipal, ref, url_name):
    client.force_login(staff_municipal)
    committees = [ref["ordos"], ref["dalate"], ref["zhungeer"], ref["hangjin"]]
    url = reverse(url_name)
    _add_members(committees, 5)
    small, _ = queries_for(client, url)
    _add_members(committees, 195)
    for village in list(_villages(ref["hangjin"]))[:5]:
        GridPairingFactory(
            grid_manager=GridManagerFactory(region=village), member__committee=ref["hangjin"]
        )
    large, sql = queries_for(client, url)
    assert small == large, "\n".join(sql)
    # the office's work queues: one capped count each (dashboards.queues)
    queues = len(OFFICE_QUEUES) if url_name == "dashboards:office" else 0
    assert large - _overhead(client) <= MAX_PAGE_QUERIES + queues, "\n".join(sql)
