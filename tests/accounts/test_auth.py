"""Login by username or mobile number, open sign-up (citizens only), password rules."""

import pytest
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts import services
from accounts.models import User
from tests.members.factories import TEST_PASSWORD

LOGIN_URL = reverse("account_login")
SIGNUP_URL = reverse("account_signup")


def _login(client, login, password=TEST_PASSWORD):
    return client.post(LOGIN_URL, {"login": login, "password": password})


def _logged_in_user(client):
    return client.get(reverse("public_home")).wsgi_request.user


def test_login_page_renders(client, db):
    response = client.get(LOGIN_URL)
    assert response.status_code == 200
    body = response.content.decode()
    assert 'name="login"' in body
    assert "用户名或手机号码" in body


def test_login_by_username(client, staff_dalate):
    response = _login(client, "staff_dalate")
    assert response.status_code == 302
    assert _logged_in_user(client) == staff_dalate


def test_login_username_is_case_insensitive(client, staff_dalate):
    assert _login(client, "STAFF_Dalate").status_code == 302
    assert _logged_in_user(client) == staff_dalate


def test_login_by_phone_number(client, make_user, dalate):
    user = make_user("staff", dalate, phone="13847700001")
    response = _login(client, "13847700001")
    assert response.status_code == 302
    assert _logged_in_user(client) == user


def test_login_by_phone_with_surrounding_spaces(client, make_user, dalate):
    user = make_user("staff", dalate, phone="13847700002")
    assert _login(client, " 13847700002 ").status_code == 302
    assert _logged_in_user(client) == user


@pytest.mark.parametrize(
    ("login", "password"),
    [
        ("13847700003", "Wrong-Password-1"),  # right phone, wrong password
        ("13847700009", TEST_PASSWORD),  # unknown phone
        ("1384770000", TEST_PASSWORD),  # phone-like but not 11 digits
        ("nobody", TEST_PASSWORD),
    ],
)
def test_failed_login_shows_error_and_stays_anonymous(client, make_user, dalate, login, password):
    make_user("staff", dalate, phone="13847700003")
    response = _login(client, login, password)
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not _logged_in_user(client).is_authenticated


def test_inactive_user_cannot_log_in_by_phone(client, make_user, dalate):
    make_user("staff", dalate, phone="13847700004", is_active=False)
    _login(client, "13847700004")
    assert not _logged_in_user(client).is_authenticated


def test_repeated_failed_logins_are_throttled(client, staff_dalate):
    for _ in range(5):
        assert _login(client, "staff_dalate", "Wrong-Password-1").status_code == 200
    # Even the right password is refused for a while now (allauth's login_failed rate limit).
    response = _login(client, "staff_dalate")
    assert response.status_code in (200, 429)
    assert not _logged_in_user(client).is_authenticated


# --- Open sign-up -----------------------------------------------------------------------------

STRONG = "Grassland-2026"


def _signup(client, **extra):
    data = {"username": "newcitizen", "email": "", "password1": STRONG, "password2": STRONG}
    data.update(extra)
    return client.post(SIGNUP_URL, data)


def test_signup_creates_a_citizen(client, db):
    response = _signup(client)
    assert response.status_code == 302
    user = User.objects.get(username="newcitizen")
    assert user.role == User.Role.CITIZEN
    assert user.committee is None
    assert not user.is_staff and not user.is_superuser
    assert client.get(reverse("home")).url == reverse("dashboards:citizen")


def test_signup_cannot_escalate_role(client, municipal):
    response = _signup(
        client,
        role="admin",
        committee=str(municipal.pk),
        is_staff="on",
        is_superuser="on",
        department="1",
    )
    assert response.status_code == 302
    user = User.objects.get(username="newcitizen")
    assert (user.role, user.committee, user.is_staff, user.is_superuser, user.department) == (
        User.Role.CITIZEN,
        None,
        False,
        False,
        None,
    )


def test_signup_rejects_taken_username_case_insensitively(client, staff_dalate):
    response = _signup(client, username="Staff_Dalate")
    assert response.status_code == 200
    assert "username" in response.context["form"].errors
    assert User.objects.filter(username__iexact="staff_dalate").count() == 1


@pytest.mark.parametrize(
    "weak",
    [
        "Short-1a",  # fewer than 10 characters
        "grasslandgrassland",  # one character class
        "grassland2026x",  # two classes
        "1234567890123",  # numeric
        "Password123",  # common password, three classes
    ],
)
def test_signup_rejects_weak_passwords(client, db, weak):
    response = _signup(client, password1=weak, password2=weak)
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not User.objects.filter(username="newcitizen").exists()


# --- Password validators ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "password",
    ["Grassland-2026", "ordos-cppcc-2026", "ORDOS2026cppcc", "Ordos#Kangbashi"],
)
def test_strong_passwords_pass(password):
    password_validation.validate_password(password)


@pytest.mark.parametrize(
    ("password", "code"),
    [
        ("Ab1-xyz", "password_too_short"),
        ("Ab1-xyzab", "password_too_short"),  # nine characters
        ("abcdefghijkl", "password_too_simple"),
        ("abcdefgh1234", "password_too_simple"),
        ("ABCDEFGH!!!!", "password_too_simple"),
        ("31415926535897", "password_entirely_numeric"),
    ],
)
def test_weak_passwords_fail(password, code):
    with pytest.raises(ValidationError) as excinfo:
        password_validation.validate_password(password)
    assert code in {error.code for error in excinfo.value.error_list}


def test_password_similar_to_username_fails(db):
    user = User(username="wangdalate2026", name="王")
    with pytest.raises(ValidationError):
        password_validation.validate_password("Wangdalate2026", user=user)


def test_help_text_mentions_character_classes():
    texts = " ".join(password_validation.password_validators_help_texts())
    assert "至少三类" in texts


# --- Accounts made by administrators -----------------------------------------------------------


def test_user_create_requires_committee_for_staff(db):
    with pytest.raises(ValidationError):
        services.user_create(username="lost", password=STRONG, role=User.Role.STAFF)
    assert not User.objects.filter(username="lost").exists()


def test_user_create_links_member(dalate, member_factory):
    member = member_factory(committee=dalate)
    user = services.user_create(
        username="m1",
        password=STRONG,
        role=User.Role.MEMBER,
        committee=dalate,
        member=member,
    )
    member.refresh_from_db()
    assert member.user == user
    assert user.check_password(STRONG)
    assert not user.is_staff
