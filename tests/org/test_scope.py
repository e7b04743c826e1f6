"""Committee scope: banner staff see and change only their committee; municipal staff see all
ten committees but change only municipal records."""

import pytest
from django.urls import reverse

from members import selectors, services
from members.models import GridPairing, Member
from org import selectors as org_selectors
from org.models import Committee
from tests.members.factories import GridManagerFactory, MemberFactory, RegionFactory


@pytest.fixture
def dalate_member(dalate):
    return MemberFactory(committee=dalate, name="达旗委员甲")


@pytest.fixture
def zhungeer_member(zhungeer):
    return MemberFactory(committee=zhungeer, name="准旗委员乙")


@pytest.fixture
def municipal_member(municipal):
    return MemberFactory(committee=municipal, name="市委员丙")


def _member_form_data(member, **changes):
    data = {
        "committee": member.committee_id,
        "name": member.name,
        "gender": member.gender,
        "ethnicity": member.ethnicity,
        "level": member.level,
        "status": member.status,
        "phone": member.phone,
        "work_unit": member.work_unit,
    }
    data.update(changes)
    return data


class TestBannerStaff:
    def test_directory_lists_only_own_committee(
        self, client, staff_dalate, dalate_member, zhungeer_member, municipal_member
    ):
        client.force_login(staff_dalate)
        response = client.get(reverse("members:directory"))
        assert response.status_code == 200
        names = {m.name for m in response.context["members"]}
        assert names == {"达旗委员甲"}
        assert "准旗委员乙" not in response.content.decode()

    def test_committee_filter_offers_only_own_committee(self, client, staff_dalate, ref):
        client.force_login(staff_dalate)
        response = client.get(reverse("members:directory"))
        choices = list(response.context["filter"].form.fields["committee"].queryset)
        assert choices == [ref["dalate"]]

    def test_cannot_open_other_banner_member(self, client, staff_dalate, zhungeer_member):
        client.force_login(staff_dalate)
        assert client.get(reverse("members:detail", args=[zhungeer_member.pk])).status_code == 404
        assert client.get(reverse("members:update", args=[zhungeer_member.pk])).status_code == 404

    def test_cannot_post_edit_to_other_banner_member(self, client, staff_dalate, zhungeer_member):
        client.force_login(staff_dalate)
        response = client.post(
            reverse("members:update", args=[zhungeer_member.pk]),
            _member_form_data(zhungeer_member, name="篡改"),
        )
        assert response.status_code == 404
        zhungeer_member.refresh_from_db()
        assert zhungeer_member.name == "准旗委员乙"

    def test_filtering_by_other_committee_shows_nothing(
        self, client, staff_dalate, zhungeer_member, ref
    ):
        client.force_login(staff_dalate)
        response = client.get(reverse("members:directory"), {"committee": ref["zhungeer"].pk})
        assert response.status_code == 200
        assert list(response.context["members"]) == []

    def test_can_edit_own_member(self, client, staff_dalate, dalate_member):
        client.force_login(staff_dalate)
        url = reverse("members:update", args=[dalate_member.pk])
        assert client.get(url).status_code == 200
        response = client.post(url, _member_form_data(dalate_member, position="主任"))
        assert response.status_code == 302
        assert response.url == reverse("members:detail", args=[dalate_member.pk])
        dalate_member.refresh_from_db()
        assert dalate_member.position == "主任"
        assert dalate_member.updated_by == staff_dalate

    def test_cannot_move_own_member_to_other_committee(
        self, client, staff_dalate, dalate_member, ref
    ):
        client.force_login(staff_dalate)
        response = client.post(
            reverse("members:update", args=[dalate_member.pk]),
            _member_form_data(dalate_member, committee=ref["zhungeer"].pk),
        )
        assert response.status_code == 200
        assert response.context["form"].errors["committee"]
        dalate_member.refresh_from_db()
        assert dalate_member.committee == ref["dalate"]

    def test_detail_shows_edit_button_for_own_member(self, client, staff_dalate, dalate_member):
        client.force_login(staff_dalate)
        response = client.get(reverse("members:detail", args=[dalate_member.pk]))
        assert response.context["can_change"] is True
        assert reverse("members:update", args=[dalate_member.pk]) in response.content.decode()


class TestMunicipalStaff:
    def test_sees_members_of_all_committees(
        self, client, staff_municipal, dalate_member, zhungeer_member, municipal_member
    ):
        client.force_login(staff_municipal)
        response = client.get(reverse("members:directory"))
        names = {m.name for m in response.context["members"]}
        assert names == {"达旗委员甲", "准旗委员乙", "市委员丙"}
        committees = response.context["filter"].form.fields["committee"].queryset
        assert committees.count() == 10

    def test_can_open_banner_members(self, client, staff_municipal, dalate_member, zhungeer_member):
        client.force_login(staff_municipal)
        for member in (dalate_member, zhungeer_member):
            response = client.get(reverse("members:detail", args=[member.pk]))
            assert response.status_code == 200
            assert response.context["can_change"] is False
            assert reverse("members:update", args=[member.pk]) not in response.content.decode()

    def test_cannot_edit_banner_member(self, client, staff_municipal, dalate_member):
        client.force_login(staff_municipal)
        url = reverse("members:update", args=[dalate_member.pk])
        assert client.get(url).status_code == 403
        response = client.post(url, _member_form_data(dalate_member, name="篡改"))
        assert response.status_code == 403
        dalate_member.refresh_from_db()
        assert dalate_member.name == "达旗委员甲"

    def test_can_edit_municipal_member(self, client, staff_municipal, municipal_member):
        client.force_login(staff_municipal)
        url = reverse("members:update", args=[municipal_member.pk])
        response = client.post(url, _member_form_data(municipal_member, position="副主席"))
        assert response.status_code == 302
        municipal_member.refresh_from_db()
        assert municipal_member.position == "副主席"

    def test_create_offers_only_municipal_committee(self, client, staff_municipal, ref):
        client.force_login(staff_municipal)
        response = client.get(reverse("members:create"))
        assert list(response.context["form"].fields["committee"].queryset) == [ref["ordos"]]


class TestLeaderScope:
    def test_banner_leader_sees_only_own_committee(
        self, client, make_user, dalate, dalate_member, zhungeer_member
    ):
        banner_leader = make_user("leader", dalate)
        client.force_login(banner_leader)
        response = client.get(reverse("members:directory"))
        assert {m.name for m in response.context["members"]} == {"达旗委员甲"}
        assert client.get(reverse("members:detail", args=[zhungeer_member.pk])).status_code == 404

    def test_leader_cannot_edit(self, client, leader, municipal_member):
        client.force_login(leader)
        assert client.get(reverse("members:update", args=[municipal_member.pk])).status_code == 403
        assert client.get(reverse("members:create")).status_code == 403


class TestServicesEnforceScope:
    """The services refuse out-of-scope writes even when a view forgets to check."""

    def test_member_update_refuses_other_committee(self, staff_dalate, zhungeer_member):
        from django.core.exceptions import PermissionDenied

        with pytest.raises(PermissionDenied):
            services.member_update(member=zhungeer_member, by=staff_dalate, name="篡改")
        zhungeer_member.refresh_from_db()
        assert zhungeer_member.name == "准旗委员乙"

    def test_member_create_refuses_other_committee(self, staff_dalate, zhungeer):
        from django.core.exceptions import PermissionDenied

        with pytest.raises(PermissionDenied):
            services.member_create(
                by=staff_dalate, committee=zhungeer, name="越权", gender="male", level="banner"
            )
        assert not Member.objects.filter(name="越权").exists()

    def test_selectors_scope(self, staff_dalate, staff_municipal, dalate_member, zhungeer_member):
        assert set(selectors.member_directory(user=staff_dalate)) == {dalate_member}
        assert set(selectors.member_directory(user=staff_municipal)) >= {
            dalate_member,
            zhungeer_member,
        }
        assert org_selectors.committees_visible_to(staff_dalate).count() == 1
        assert (
            org_selectors.committees_visible_to(staff_municipal).count()
            == Committee.objects.count()
        )
        assert list(org_selectors.committees_changeable_by(staff_municipal)) == [
            Committee.objects.get(code="ordos")
        ]

    def test_anonymous_and_committeeless_users_see_nothing(self, citizen, dalate_member):
        from django.contrib.auth.models import AnonymousUser

        assert not selectors.member_directory(user=AnonymousUser()).exists()
        assert not selectors.member_directory(user=citizen).exists()

    def test_grid_data_scoped(self, staff_dalate, dalate, zhungeer):
        own = GridManagerFactory(region=RegionFactory(committee=dalate))
        GridManagerFactory(region=RegionFactory(committee=zhungeer))
        assert list(selectors.grid_managers(user=staff_dalate)) == [own]
        assert not GridPairing.objects.visible_to(staff_dalate).exists()
