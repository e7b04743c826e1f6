"""结对联系: pairing members with grid managers, through the services and the views."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from members import services
from members.models import GridPairing
from org.models import Region
from tests.members.factories import GridManagerFactory, GridPairingFactory, MemberFactory


def _village(committee, index=0):
    return Region.objects.filter(committee=committee, level=Region.Level.VILLAGE).order_by("pk")[
        index
    ]


@pytest.fixture
def dalate_member(dalate):
    return MemberFactory(committee=dalate)


@pytest.fixture
def dalate_gm(dalate):
    return GridManagerFactory(region=_village(dalate))


@pytest.fixture
def zhungeer_gm(zhungeer):
    return GridManagerFactory(region=_village(zhungeer))


class TestServices:
    def test_create_and_end(self, staff_dalate, dalate_member, dalate_gm):
        pairing = services.pairing_create(
            member=dalate_member,
            grid_manager=dalate_gm,
            started_on=datetime.date(2026, 3, 1),
            by=staff_dalate,
            note="每月走访",
        )
        assert GridPairing.objects.current().get() == pairing

        ended = services.pairing_end(
            pairing=pairing, ended_on=datetime.date(2026, 6, 1), by=staff_dalate
        )
        assert ended.ended_on == datetime.date(2026, 6, 1)
        assert not GridPairing.objects.current().exists()

    def test_ending_twice_keeps_the_first_date(self, staff_dalate, dalate_member, dalate_gm):
        pairing = GridPairingFactory(member=dalate_member, grid_manager=dalate_gm)
        services.pairing_end(pairing=pairing, ended_on=datetime.date(2026, 6, 1), by=staff_dalate)
        services.pairing_end(pairing=pairing, ended_on=datetime.date(2026, 7, 1), by=staff_dalate)
        pairing.refresh_from_db()
        assert pairing.ended_on == datetime.date(2026, 6, 1)

    def test_cannot_end_before_start(self, staff_dalate, dalate_member, dalate_gm):
        pairing = GridPairingFactory(
            member=dalate_member, grid_manager=dalate_gm, started_on=datetime.date(2026, 5, 1)
        )
        with pytest.raises(ValidationError):
            services.pairing_end(
                pairing=pairing, ended_on=datetime.date(2026, 4, 1), by=staff_dalate
            )
        pairing.refresh_from_db()
        assert pairing.ended_on is None

    def test_cannot_pair_across_committees(self, staff_dalate, dalate_member, zhungeer_gm):
        with pytest.raises(ValidationError):
            services.pairing_create(
                member=dalate_member,
                grid_manager=zhungeer_gm,
                started_on=datetime.date(2026, 3, 1),
                by=staff_dalate,
            )
        assert not GridPairing.objects.exists()

    def test_municipal_staff_cannot_pair_banner_member(
        self, staff_municipal, dalate_member, dalate_gm
    ):
        with pytest.raises(PermissionDenied):
            services.pairing_create(
                member=dalate_member,
                grid_manager=dalate_gm,
                started_on=datetime.date(2026, 3, 1),
                by=staff_municipal,
            )
        assert not GridPairing.objects.exists()

    def test_other_banner_staff_cannot_end(self, staff_zhungeer, dalate_member, dalate_gm):
        pairing = GridPairingFactory(member=dalate_member, grid_manager=dalate_gm)
        with pytest.raises(PermissionDenied):
            services.pairing_end(
                pairing=pairing, ended_on=datetime.date(2026, 6, 1), by=staff_zhungeer
            )
        pairing.refresh_from_db()
        assert pairing.ended_on is None

    def test_no_duplicate_current_pairing(self, staff_dalate, dalate_member, dalate_gm):
        kwargs = dict(
            member=dalate_member,
            grid_manager=dalate_gm,
            by=staff_dalate,
            started_on=datetime.date(2026, 3, 1),
        )
        services.pairing_create(**kwargs)
        with pytest.raises(ValidationError):
            services.pairing_create(**kwargs)
        assert GridPairing.objects.count() == 1

    def test_can_pair_again_after_ending(self, staff_dalate, dalate_member, dalate_gm):
        kwargs = dict(member=dalate_member, grid_manager=dalate_gm, by=staff_dalate)
        first = services.pairing_create(started_on=datetime.date(2026, 1, 1), **kwargs)
        services.pairing_end(pairing=first, ended_on=datetime.date(2026, 2, 1), by=staff_dalate)
        services.pairing_create(started_on=datetime.date(2026, 3, 1), **kwargs)
        assert GridPairing.objects.count() == 2
        assert GridPairing.objects.current().count() == 1


class TestViews:
    def test_detail_offers_pairing_form_with_own_committee_grid_managers(
        self, client, staff_dalate, dalate_member, dalate_gm, zhungeer_gm
    ):
        client.force_login(staff_dalate)
        response = client.get(reverse("members:detail", args=[dalate_member.pk]))
        choices = list(response.context["pairing_form"].fields["grid_manager"].queryset)
        assert choices == [dalate_gm]

    def test_create_via_view(self, client, staff_dalate, dalate_member, dalate_gm):
        client.force_login(staff_dalate)
        response = client.post(
            reverse("members:pairing_create", args=[dalate_member.pk]),
            {"grid_manager": dalate_gm.pk, "started_on": "2026-03-01", "note": "每月一次"},
        )
        assert response.status_code == 302
        assert response.url == reverse("members:detail", args=[dalate_member.pk]) + "#pairings"
        pairing = GridPairing.objects.get()
        assert (pairing.member, pairing.grid_manager, pairing.started_on, pairing.note) == (
            dalate_member,
            dalate_gm,
            datetime.date(2026, 3, 1),
            "每月一次",
        )
        page = client.get(response.url).content.decode()
        assert dalate_gm.name in page
        assert "已建立结对联系" in page

    def test_end_via_view_uses_today(
        self, client, staff_dalate, dalate_member, dalate_gm, frozen_now
    ):
        pairing = GridPairingFactory(member=dalate_member, grid_manager=dalate_gm)
        client.force_login(staff_dalate)
        response = client.post(reverse("members:pairing_end", args=[pairing.pk]))
        assert response.status_code == 302
        pairing.refresh_from_db()
        assert pairing.ended_on == datetime.date(2026, 6, 15)

    def test_cross_committee_grid_manager_is_refused(
        self, client, staff_dalate, dalate_member, zhungeer_gm
    ):
        client.force_login(staff_dalate)
        response = client.post(
            reverse("members:pairing_create", args=[dalate_member.pk]),
            {"grid_manager": zhungeer_gm.pk, "started_on": "2026-03-01"},
            follow=True,
        )
        assert response.status_code == 200
        assert list(response.context["messages"])  # an error message is shown
        assert not GridPairing.objects.exists()

    @pytest.mark.parametrize(
        "data",
        [
            {"grid_manager": "", "started_on": "2026-03-01"},
            {"grid_manager": "abc", "started_on": "2026-03-01"},
            {"grid_manager": "__gm__", "started_on": "2026-13-45"},
            {"grid_manager": "__gm__", "started_on": ""},
            {"grid_manager": "__gm__", "started_on": "2026-03-01", "note": "长" * 500},
        ],
    )
    def test_bad_input_is_refused_with_a_message(
        self, client, staff_dalate, dalate_member, dalate_gm, data
    ):
        data = {k: (dalate_gm.pk if v == "__gm__" else v) for k, v in data.items()}
        client.force_login(staff_dalate)
        response = client.post(
            reverse("members:pairing_create", args=[dalate_member.pk]), data, follow=True
        )
        assert response.status_code == 200
        assert [m for m in response.context["messages"] if m.level_tag == "error"]
        assert not GridPairing.objects.exists()

    def test_other_banner_staff_gets_404(self, client, staff_zhungeer, dalate_member, dalate_gm):
        pairing = GridPairingFactory(member=dalate_member, grid_manager=dalate_gm)
        client.force_login(staff_zhungeer)
        create = client.post(
            reverse("members:pairing_create", args=[dalate_member.pk]),
            {"grid_manager": dalate_gm.pk, "started_on": "2026-03-01"},
        )
        end = client.post(reverse("members:pairing_end", args=[pairing.pk]))
        assert (create.status_code, end.status_code) == (404, 404)
        pairing.refresh_from_db()
        assert pairing.ended_on is None
        assert GridPairing.objects.count() == 1

    def test_municipal_staff_gets_403_on_banner_pairings(
        self, client, staff_municipal, dalate_member, dalate_gm
    ):
        pairing = GridPairingFactory(member=dalate_member, grid_manager=dalate_gm)
        client.force_login(staff_municipal)
        create = client.post(
            reverse("members:pairing_create", args=[dalate_member.pk]),
            {"grid_manager": dalate_gm.pk, "started_on": "2026-03-01"},
        )
        end = client.post(reverse("members:pairing_end", args=[pairing.pk]))
        assert (create.status_code, end.status_code) == (403, 403)
        pairing.refresh_from_db()
        assert pairing.ended_on is None

    def test_leader_cannot_change_pairings(
        self, client, make_user, dalate, dalate_member, dalate_gm
    ):
        client.force_login(make_user("leader", dalate))
        response = client.post(
            reverse("members:pairing_create", args=[dalate_member.pk]),
            {"grid_manager": dalate_gm.pk, "started_on": "2026-03-01"},
        )
        assert response.status_code == 403
        assert not GridPairing.objects.exists()

    def test_get_is_not_allowed(self, client, staff_dalate, dalate_member):
        client.force_login(staff_dalate)
        url = reverse("members:pairing_create", args=[dalate_member.pk])
        assert client.get(url).status_code == 405

    def test_anonymous_is_sent_to_login(self, client, dalate_member, dalate_gm):
        pairing = GridPairingFactory(member=dalate_member, grid_manager=dalate_gm)
        for url in (
            reverse("members:pairing_create", args=[dalate_member.pk]),
            reverse("members:pairing_end", args=[pairing.pk]),
            reverse("members:update", args=[dalate_member.pk]),
        ):
            response = client.post(url)
            assert response.status_code == 302, url
            assert response.url.startswith(reverse("account_login")), url


def test_village_page_lists_grid_managers_and_paired_members(client, staff_dalate, dalate):
    village = _village(dalate)
    gm = GridManagerFactory(region=village, name="刘网格")
    member = MemberFactory(committee=dalate, name="陈委员")
    GridPairingFactory(member=member, grid_manager=gm)
    ended = GridPairingFactory(
        member=MemberFactory(committee=dalate, name="已结束委员"),
        grid_manager=gm,
        ended_on=datetime.date(2026, 5, 1),
    )
    client.force_login(staff_dalate)
    response = client.get(reverse("members:village", args=[village.pk]))
    body = response.content.decode()
    assert "刘网格" in body and "陈委员" in body
    assert ended.member.name not in body


def test_village_of_other_banner_is_404(client, staff_dalate, zhungeer):
    client.force_login(staff_dalate)
    response = client.get(reverse("members:village", args=[_village(zhungeer).pk]))
    assert response.status_code == 404


def test_pairing_form_date_defaults_to_today_in_iso_format(
    client, staff_dalate, dalate_member, frozen_now
):
    """<input type="date"> ignores any value that is not YYYY-MM-DD."""
    client.force_login(staff_dalate)
    body = client.get(reverse("members:detail", args=[dalate_member.pk])).content.decode()
    assert 'type="date" name="started_on" value="2026-06-15"' in body
