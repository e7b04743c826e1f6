"""A member record is checked in one place (Member.clean): the staff form and the services give
the same answer, so a record written without the form (imports, other services) obeys it too."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from members import services
from members.models import Member
from org.models import Region, Sector
from tests.members.factories import MemberFactory

BIRTH_YEAR = "出生年份应在1920年至2010年之间。"
OTHER_COMMITTEE = "所选项不属于该政协组织。"


def _create(by, committee, **fields):
    data = dict(committee=committee, name="新委员", gender="female", level="banner")
    data.update(fields)
    return services.member_create(by=by, **data)


@pytest.mark.parametrize("year", [1919, 2011, 1800, 3000])
def test_service_refuses_a_birth_year_out_of_range(staff_dalate, dalate, year):
    with pytest.raises(ValidationError) as exc:
        _create(staff_dalate, dalate, birth_year=year)
    assert exc.value.message_dict == {"birth_year": [BIRTH_YEAR]}
    assert not Member.objects.filter(name="新委员").exists()


def test_service_accepts_the_ends_of_the_birth_year_range(staff_dalate, dalate):
    assert _create(staff_dalate, dalate, birth_year=1920).birth_year == 1920
    member = MemberFactory(committee=dalate, birth_year=1970)
    updated = services.member_update(member=member, by=staff_dalate, birth_year=2010)
    assert updated.birth_year == 2010


def test_service_refuses_reference_data_of_another_committee(staff_dalate, dalate, zhungeer):
    sector = Sector.objects.filter(committee=zhungeer).first()
    region = Region.objects.filter(committee=zhungeer).exclude(level="village").first()
    with pytest.raises(ValidationError) as exc:
        _create(staff_dalate, dalate, sector=sector, region=region)
    assert exc.value.message_dict == {"sector": [OTHER_COMMITTEE], "region": [OTHER_COMMITTEE]}
    member = MemberFactory(committee=dalate)
    with pytest.raises(ValidationError) as exc:
        services.member_update(member=member, by=staff_dalate, sector=sector)
    assert exc.value.message_dict == {"sector": [OTHER_COMMITTEE]}


def test_form_shows_the_models_answer_on_the_field(client, admin, dalate, zhungeer):
    # The administrator may choose any committee, so the form's choices alone do not keep the
    # sector in the member's committee: the model's check does.
    client.force_login(admin)
    response = client.post(
        reverse("members:create"),
        {
            "committee": dalate.pk,
            "name": "新委员",
            "gender": "female",
            "ethnicity": "汉族",
            "level": "banner",
            "status": "active",
            "birth_year": "1900",
            "sector": Sector.objects.filter(committee=zhungeer).first().pk,
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "birth_year": [BIRTH_YEAR],
        "sector": [OTHER_COMMITTEE],
    }
    assert not Member.objects.filter(name="新委员").exists()


def test_services_ask_the_pages_rule_not_only_the_scope(member_user, dalate):
    """A member of 达拉特旗 is inside the committee's scope but not staff: the services refuse
    them as the pages do (they used to check only the committee)."""
    other = MemberFactory(committee=dalate, birth_year=1970)
    with pytest.raises(PermissionDenied):
        services.member_update(member=other, by=member_user, birth_year=1971)
    with pytest.raises(PermissionDenied):
        _create(member_user, dalate)
    other.refresh_from_db()
    assert other.birth_year == 1970
