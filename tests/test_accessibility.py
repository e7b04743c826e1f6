"""Forms are labelled: every visible input, select and textarea has a <label for=…>."""

import pytest
from django.urls import reverse

from tests.members.factories import MemberFactory
from tests.utils import form_controls, unlabelled_controls


def _assert_labelled(response, minimum_controls):
    assert response.status_code == 200
    html = response.content.decode()
    controls = form_controls(html)
    assert len(controls) >= minimum_controls, controls  # the check looked at the real form
    assert unlabelled_controls(html) == []


def test_helper_finds_an_unlabelled_input():
    html = '<form><label for="a">A</label><input id="a"><input name="b" id="b"><select></select>'
    assert unlabelled_controls(html) == [
        "<input name='b' id='b'>",
        "<select name=None id=None>",
    ]


def test_member_form_is_labelled(client, staff_municipal):
    client.force_login(staff_municipal)
    _assert_labelled(client.get(reverse("members:create")), minimum_controls=18)


def test_member_edit_form_with_errors_is_labelled(client, staff_dalate, dalate):
    member = MemberFactory(committee=dalate)
    client.force_login(staff_dalate)
    response = client.post(reverse("members:update", args=[member.pk]), {"phone": "12345"})
    assert response.context["form"].errors
    _assert_labelled(response, minimum_controls=18)
    assert 'aria-invalid="true"' in response.content.decode()


def test_contact_form_is_labelled(client, member_user):
    client.force_login(member_user)
    _assert_labelled(client.get(reverse("members:my_contact")), minimum_controls=3)


@pytest.mark.parametrize("url_name", ["account_login", "account_signup"])
def test_account_forms_are_labelled(client, db, url_name):
    _assert_labelled(client.get(reverse(url_name)), minimum_controls=2)


def test_directory_filters_are_labelled(client, staff_municipal):
    client.force_login(staff_municipal)
    _assert_labelled(client.get(reverse("members:directory")), minimum_controls=8)


def test_member_detail_pairing_form_is_labelled(client, staff_dalate, dalate):
    member = MemberFactory(committee=dalate)
    client.force_login(staff_dalate)
    _assert_labelled(client.get(reverse("members:detail", args=[member.pk])), minimum_controls=3)


def test_grid_manager_filters_are_labelled(client, staff_dalate):
    client.force_login(staff_dalate)
    _assert_labelled(client.get(reverse("members:grid_managers")), minimum_controls=2)
