"""Issue 9 — requests that used to end in a 500: an oversized query string in the DEBUG (``make
run``) mode, and the sign-up race between " 1" and "1 "."""

from unittest import mock

import pytest
from django.urls import reverse

from accounts.adapters import AccountAdapter
from accounts.models import User

pytestmark = pytest.mark.django_db

STRONG = "Grassland-2026"
TOO_MANY = "&".join(f"a{i}=1" for i in range(1100))  # DATA_UPLOAD_MAX_NUMBER_FIELDS is 1000


@pytest.mark.parametrize("debug", [True, False])
@pytest.mark.parametrize(
    "url",
    [reverse("opinions:inbox"), reverse("ledger:ledger_ranking"), reverse("opinions:submit")],
)
def test_more_than_a_thousand_query_parameters_is_a_400(client, staff_dalate, settings, debug, url):
    settings.DEBUG = debug
    client.raise_request_exception = False
    client.force_login(staff_dalate)
    response = client.get(f"{url}?{TOO_MANY}")
    assert response.status_code == 400
    assert "请求有误" in response.content.decode()
    assert response["Content-Security-Policy"]  # the answer still passed every middleware
    # and the next request is served normally
    assert client.get(url).status_code == 200


def _signup(client, username):
    return client.post(
        reverse("account_signup"),
        {"username": username, "email": "", "password1": STRONG, "password2": STRONG},
    )


def test_signup_race_for_one_name_is_a_form_error(client, db):
    """ " 1" and "1 " are both "1". When two sign-ups pass allauth's uniqueness check at the same
    moment, the second insert hits the database constraint: a message, not a 500."""
    User.objects.create_user(username="1", password=STRONG)  # the first of the two won
    # The second passed its uniqueness check before the first was committed:
    with mock.patch.object(
        AccountAdapter, "clean_username", lambda self, username, shallow=False: username
    ):
        response = _signup(client, "1 ")
    assert response.status_code == 200
    assert "username" in response.context["form"].errors
    assert "该用户名已被注册" in response.content.decode()
    assert User.objects.filter(username="1").count() == 1
    assert not response.wsgi_request.user.is_authenticated


def test_signup_names_are_normalised_like_every_other_account(client, db):
    assert _signup(client, " ＵＳＥＲ１\u200b ").status_code == 302
    assert User.objects.filter(role=User.Role.CITIZEN).get().username == "user1"
    client.logout()
    response = _signup(client, "user1 ")
    assert response.status_code == 200 and "username" in response.context["form"].errors
    assert User.objects.count() == 1
