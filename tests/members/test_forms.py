"""Bad input on the member form and the contact form: a clear message, status 200, nothing saved.
Good input is saved through the services."""

import pytest
from django.urls import reverse

from members.models import Member
from org.models import Expertise, Sector

CREATE_URL = reverse("members:create")
CONTACT_URL = reverse("members:my_contact")
FORM_ERROR_BANNER = "提交的内容有误"


@pytest.fixture
def valid_member_data(municipal):
    return {
        "committee": municipal.pk,
        "name": "新委员",
        "gender": "female",
        "ethnicity": "蒙古族",
        "birth_year": "1975",
        "level": "municipal",
        "sector": Sector.objects.get(committee=municipal, name="教育").pk,
        "phone": "13800138000",
        "email": "xin@example.cn",
        "work_unit": "鄂尔多斯市教育局",
        "position": "副局长",
        "status": "active",
        "expertise": [Expertise.objects.get(name="教育").pk],
    }


@pytest.fixture
def staff_client(client, staff_municipal):
    client.force_login(staff_municipal)
    return client


def test_valid_member_is_created(staff_client, valid_member_data, staff_municipal):
    response = staff_client.post(CREATE_URL, valid_member_data)
    member = Member.objects.get(name="新委员")
    assert response.status_code == 302
    assert response.url == reverse("members:detail", args=[member.pk])
    assert member.birth_year == 1975
    assert member.updated_by == staff_municipal
    assert list(member.expertise.values_list("name", flat=True)) == ["教育"]


BAD_MEMBER_INPUT = {
    "phone too short": ({"phone": "12345"}, "phone"),
    "phone with letters": ({"phone": "1380013800a"}, "phone"),
    "phone not a mobile": ({"phone": "01047111111"}, "phone"),
    "birth year 3000": ({"birth_year": "3000"}, "birth_year"),
    "birth year 1800": ({"birth_year": "1800"}, "birth_year"),
    "birth year huge": ({"birth_year": "9" * 40}, "birth_year"),
    "birth year text": ({"birth_year": "一九七五"}, "birth_year"),
    "name missing": ({"name": ""}, "name"),
    "name huge": ({"name": "张" * 10_000}, "name"),
    "name with NUL": ({"name": "张\x00三"}, "name"),
    "name of control characters only": ({"name": "\x07\x1b\u202e\ufeff"}, "name"),
    "work unit huge": ({"work_unit": "单位" * 5_000}, "work_unit"),
    "email invalid": ({"email": "not-an-email"}, "email"),
    "level bogus": ({"level": "emperor"}, "level"),
    "gender bogus": ({"gender": "x"}, "gender"),
    "committee missing": ({"committee": ""}, "committee"),
    "committee not changeable": ({"committee": "__dalate__"}, "committee"),
    "sector of another committee": ({"sector": "__dalate_sector__"}, "sector"),
    "expertise unknown": ({"expertise": ["999999"]}, "expertise"),
    "expertise not a number": ({"expertise": ["abc"]}, "expertise"),
}


@pytest.mark.parametrize("case", sorted(BAD_MEMBER_INPUT))
def test_bad_member_input_gets_a_message_and_saves_nothing(
    staff_client, valid_member_data, ref, case
):
    changes, field = BAD_MEMBER_INPUT[case]
    data = {**valid_member_data, **changes}
    if data["committee"] == "__dalate__":
        data["committee"] = ref["dalate"].pk
    if data["sector"] == "__dalate_sector__":
        data["sector"] = Sector.objects.get(committee=ref["dalate"], name="教育").pk
    before = Member.objects.count()

    response = staff_client.post(CREATE_URL, data)

    assert response.status_code == 200
    form = response.context["form"]
    assert field in form.errors, form.errors
    body = response.content.decode()
    assert FORM_ERROR_BANNER in body
    assert str(form.errors[field][0]) in body.replace("&quot;", '"').replace("&#x27;", "'")
    assert Member.objects.count() == before


def test_control_and_invisible_characters_are_dropped_from_member_text(
    staff_client, valid_member_data
):
    """The shared normaliser (core.text) cleans, rather than refuses, stray characters."""
    data = {**valid_member_data, "name": "张\x07\x1b三\ufffe", "address": "东胜区\x08\x0b路\u2028"}
    response = staff_client.post(CREATE_URL, data)
    assert response.status_code == 302
    member = Member.objects.get(name="张三")
    assert member.address == "东胜区路"


def test_bad_input_on_edit_leaves_member_unchanged(client, staff_dalate, dalate):
    from tests.members.factories import MemberFactory

    member = MemberFactory(committee=dalate, name="原名", phone="13900000001", birth_year=1970)
    client.force_login(staff_dalate)
    response = client.post(
        reverse("members:update", args=[member.pk]),
        {
            "committee": dalate.pk,
            "name": "新名字",
            "gender": "male",
            "ethnicity": "汉族",
            "level": "banner",
            "status": "active",
            "phone": "12345",
            "birth_year": "3000",
        },
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"phone", "birth_year"}
    member.refresh_from_db()
    assert (member.name, member.phone, member.birth_year) == ("原名", "13900000001", 1970)


# --- The member's own contact form ------------------------------------------------------------


@pytest.fixture
def member_client(client, member_user):
    client.force_login(member_user)
    return client


def test_contact_form_shows_current_values(member_client, member_user):
    response = member_client.get(CONTACT_URL)
    assert response.status_code == 200
    assert response.context["form"].initial["phone"] == member_user.member.phone


def test_member_edits_own_phone(member_client, member_user):
    response = member_client.post(
        CONTACT_URL, {"phone": "13512345678", "email": "wang@example.cn", "address": "树林召镇"}
    )
    assert response.status_code == 302
    assert response.url == reverse("members:me")
    member = Member.objects.get(pk=member_user.member.pk)
    assert (member.phone, member.email, member.address) == (
        "13512345678",
        "wang@example.cn",
        "树林召镇",
    )
    assert member.updated_by == member_user
    page = member_client.get(reverse("members:me")).content.decode()
    assert "13512345678" in page  # the owner sees the full number


def test_contact_form_cannot_change_other_fields(member_client, member_user):
    member = member_user.member
    member_client.post(
        CONTACT_URL,
        {
            "phone": "13512345678",
            "email": "",
            "address": "",
            "name": "改名",
            "status": "left",
            "committee": "1",
        },
    )
    member.refresh_from_db()
    assert member.name == "王委员"
    assert member.status == Member.Status.ACTIVE


BAD_CONTACT_INPUT = {
    "phone too short": ({"phone": "12345"}, "phone"),
    "phone too long": ({"phone": "138001380001"}, "phone"),
    "phone with spaces inside": ({"phone": "138 0013 800"}, "phone"),
    "phone full-width digits": ({"phone": "１３８００１３８０００"}, "phone"),
    "email invalid": ({"email": "wang@"}, "email"),
    "address huge": ({"address": "路" * 10_000}, "address"),
    "address with NUL": ({"address": "东胜区\x00"}, "address"),
}


@pytest.mark.parametrize("case", sorted(BAD_CONTACT_INPUT))
def test_bad_contact_input_gets_a_message_and_saves_nothing(member_client, member_user, case):
    changes, field = BAD_CONTACT_INPUT[case]
    member = member_user.member
    before = (member.phone, member.email, member.address)
    data = {"phone": "13512345678", "email": "wang@example.cn", "address": "树林召镇", **changes}

    response = member_client.post(CONTACT_URL, data)

    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert FORM_ERROR_BANNER in response.content.decode()
    member.refresh_from_db()
    assert (member.phone, member.email, member.address) == before


def test_staff_cannot_use_contact_form(client, staff_dalate):
    client.force_login(staff_dalate)
    assert client.get(CONTACT_URL).status_code == 403
