"""Accounts and sessions: two-factor enforcement and login, login throttling and its expiry,
idle and absolute timeouts for privileged roles, sessions ended by deactivation, role or scope
changes and by an administrator, must-change-password, password storage."""

from __future__ import annotations

import time
from unittest import mock

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    SECRET_SESSION_KEY,
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
)
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.test import Client, override_settings
from django.urls import reverse

from accounts.admin import UserAdmin
from accounts.middleware import AUTH_AT, LAST_SEEN, MFA_EXEMPT_PREFIXES
from accounts.models import User
from audit.models import AuditLog
from tests.members.factories import TEST_PASSWORD
from tests.security.test_authorization_matrix import ROUTES
from tests.security.test_headers import header_problems

LOGIN_URL = reverse("account_login")
ENROL_URL = reverse("mfa_activate_totp")
PRIVILEGED = ["staff", "leader", "department", "admin"]
HOME_OF = {
    "staff": reverse("dashboards:office"),
    "leader": reverse("dashboards:leader"),
    "department": reverse("dashboards:department"),
    "admin": reverse("admin:index"),
    "citizen": reverse("dashboards:citizen"),
    "member": reverse("dashboards:member"),
}


def totp_code(secret: str, at: float | None = None) -> str:
    """The code an authenticator app shows now (RFC 6238, 30 s steps, 6 digits)."""
    return format_hotp_value(hotp_value(secret, int(at or time.time()) // 30))


def to_login(response) -> bool:
    """A redirect to the login page (the admin's own login page forwards there, see below)."""
    location = response.get("Location", "")
    return response.status_code == 302 and location.startswith((LOGIN_URL, "/admin/login/"))


def log_in(client, username, password=TEST_PASSWORD, **extra):
    return client.post(LOGIN_URL, {"login": username, "password": password}, **extra)


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def audit_actions(**filters) -> list[str]:
    return list(AuditLog.objects.filter(**filters).order_by("pk").values_list("action", flat=True))


class Clock:
    """``time.time`` under the test's control (the middleware, the login receiver, allauth's rate
    limits and the local-memory cache all read it)."""

    def __init__(self, start: float = 1_781_500_000.0):
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock():
    fake = Clock()
    with mock.patch("time.time", fake):
        yield fake


# --- two-factor -----------------------------------------------------------------------------
# Every portal page without arguments, except what must work before enrolment (the health check
# for the load balancer, the language switch).
PAGES_WITHOUT_ARGS = sorted(
    name
    for name, route in ROUTES.items()
    if route.args is None and not reverse(name).startswith(MFA_EXEMPT_PREFIXES)
)


@pytest.mark.parametrize("role", PRIVILEGED)
def test_privileged_user_without_totp_is_sent_to_enrolment_from_every_page(
    role, role_users, settings
):
    settings.REQUIRE_MFA = True
    client = Client()
    client.force_login(role_users[role])
    for name in PAGES_WITHOUT_ARGS:
        response = client.get(reverse(name))
        assert response.status_code == 302, name
        assert response["Location"] == ENROL_URL, name
    # what enrolment needs stays reachable: account pages, language, logout
    assert client.get(reverse("account_change_password")).status_code == 200
    assert client.post(reverse("account_logout")).status_code == 302
    assert not signed_in(client)


@pytest.mark.parametrize("role", ["citizen", "member"])
def test_citizens_and_members_are_not_forced_to_enrol(role, role_users, settings):
    settings.REQUIRE_MFA = True
    client = Client()
    client.force_login(role_users[role])
    assert client.get(HOME_OF[role]).status_code == 200
    assert client.get(reverse("public_home")).status_code == 200


def test_without_require_mfa_the_demo_lets_staff_in(role_users, settings):
    settings.REQUIRE_MFA = False
    client = Client()
    client.force_login(role_users["staff"])
    assert client.get(HOME_OF["staff"]).status_code == 200


@pytest.mark.parametrize("role", PRIVILEGED)
def test_login_with_totp_passes_the_second_stage_only_with_the_right_code(
    role, role_users, settings
):
    settings.REQUIRE_MFA = True
    user = role_users[role]
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    client = Client()

    response = log_in(client, user.username)
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    assert not signed_in(client)  # the password alone does not sign in
    assert to_login(client.get(HOME_OF[role]))

    wrong = f"{(int(totp_code(secret)) + 1) % 1_000_000:06d}"
    response = client.post(reverse("mfa_authenticate"), {"code": wrong})
    assert response.status_code == 200 and response.context["form"].errors
    assert not signed_in(client)
    assert "mfa_failed" in audit_actions(actor=user)

    response = client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
    assert response.status_code == 302
    assert signed_in(client)
    assert client.get(HOME_OF[role]).status_code == 200
    assert "login" in audit_actions(actor=user)


def test_enrolment_creates_the_authenticator_and_is_logged(
    role_users, settings, django_capture_on_commit_callbacks
):
    settings.REQUIRE_MFA = True
    user = role_users["staff"]
    client = Client()
    assert log_in(client, user.username).status_code == 302
    assert client.get(HOME_OF["staff"])["Location"] == ENROL_URL

    # allauth asks for the password again before showing the secret
    response = client.get(ENROL_URL)
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    assert client.post(response["Location"], {"password": TEST_PASSWORD}).status_code == 302
    page = client.get(ENROL_URL)
    assert page.status_code == 200
    assert not header_problems(page, signed_in=True)  # the QR code page, too
    secret = client.session[SECRET_SESSION_KEY]
    with django_capture_on_commit_callbacks(execute=True):  # allauth signals after commit
        response = client.post(ENROL_URL, {"code": totp_code(secret)})
    assert response.status_code == 302

    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    assert "mfa_added" in audit_actions(actor=user)
    assert client.get(HOME_OF["staff"]).status_code == 200


def test_the_admin_login_page_goes_through_two_factor_and_throttling(role_users, settings):
    """Django admin's own login form would sign an administrator in with the password alone
    (no TOTP stage, no allauth rate limit); it forwards to the portal's login instead."""
    settings.REQUIRE_MFA = True
    admin = role_users["admin"]
    TOTP.activate(admin, generate_totp_secret())
    client = Client()
    response = client.post(
        reverse("admin:login") + "?next=/admin/",
        {"username": admin.username, "password": TEST_PASSWORD, "next": "/admin/"},
    )
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN_URL)
    assert not signed_in(client)
    assert to_login(client.get(reverse("admin:audit_auditlog_changelist")))
    # through the portal's login the password leads to the TOTP stage, not into the admin
    assert log_in(client, admin.username)["Location"] == reverse("mfa_authenticate")
    assert to_login(client.get(reverse("admin:index")))
    assert not signed_in(client)


def test_totp_code_cannot_be_replayed(role_users, settings):
    settings.REQUIRE_MFA = True
    user = role_users["staff"]
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    code = totp_code(secret)
    first, second = Client(), Client()
    log_in(first, user.username)
    assert first.post(reverse("mfa_authenticate"), {"code": code}).status_code == 302
    log_in(second, user.username)
    assert second.post(reverse("mfa_authenticate"), {"code": code}).status_code == 200
    assert not signed_in(second)


@pytest.mark.parametrize(("steps_ago", "accepted"), [(1, True), (2, False)])
def test_totp_accepts_one_step_of_drift_only(role_users, settings, steps_ago, accepted):
    settings.REQUIRE_MFA = True
    user = role_users["staff"]
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    client = Client()
    log_in(client, user.username)
    # the middle of a step, so the test does not depend on when in the step it runs
    now = (int(time.time()) // 30) * 30 + 15
    with mock.patch("time.time", return_value=now):
        code = totp_code(secret, at=now - 30 * steps_ago)
        response = client.post(reverse("mfa_authenticate"), {"code": code})
    assert (response.status_code == 302) is accepted
    assert signed_in(client) is accepted


# --- login throttling -------------------------------------------------------------------------
def test_failed_logins_are_logged(role_users):
    client = Client()
    for _ in range(3):
        assert log_in(client, "sec_staff", "Wrong-Password-1").status_code == 200
    failures = AuditLog.objects.filter(action="login_failed")
    assert failures.count() == 3
    assert {entry.target for entry in failures} == {"login:sec_staff"}
    assert {entry.ip_address for entry in failures} == {"127.0.0.1"}


# Per account: five failures per account *and client*, and a budget for unknown clients that an
# attacker cannot hold over the owner — tests/security/test_login_throttle.py.


def test_ip_lockout_after_twenty_failures_expires_by_itself(role_users, clock):
    attacker = Client(REMOTE_ADDR="10.0.0.9")
    for n in range(20):
        log_in(attacker, f"guess{n}", "Wrong-Password-1")
    response = log_in(attacker, "sec_leader")  # a real account and password, same address
    assert not signed_in(attacker)
    assert response.status_code in (200, 429)
    # the same account from another address is fine: the limit is per address
    assert log_in(Client(REMOTE_ADDR="10.0.0.10"), "sec_leader").status_code == 302

    clock.advance(61)
    assert log_in(attacker, "sec_leader").status_code == 302
    assert signed_in(attacker)


def test_lockout_lives_in_the_shared_cache():
    rates = settings.ACCOUNT_RATE_LIMITS["login_failed"]
    assert "/ip" in rates and "/key" in rates
    assert all(part.split("/")[1] in ("m", "15m", "h") for part in rates.split(","))


# --- idle and absolute timeouts --------------------------------------------------------------
@pytest.mark.parametrize("role", ["staff", "leader", "department"])
def test_privileged_session_ends_after_thirty_idle_minutes(role, role_users, clock):
    client = Client()
    assert log_in(client, role_users[role].username).status_code == 302
    assert client.get(HOME_OF[role]).status_code == 200
    clock.advance(29 * 60)
    assert client.get(HOME_OF[role]).status_code == 200  # activity resets the idle clock
    clock.advance(29 * 60)
    assert client.get(HOME_OF[role]).status_code == 200
    clock.advance(31 * 60)
    response = client.get(HOME_OF[role])
    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN_URL}?next={HOME_OF[role]}"
    assert not signed_in(client)
    assert client.get(HOME_OF[role])["Location"].startswith(LOGIN_URL)
    assert audit_actions(actor=role_users[role])[-1] == "logout"


def test_privileged_session_ends_twelve_hours_after_login_however_active(role_users, clock):
    client = Client()
    assert log_in(client, "sec_staff").status_code == 302
    for _ in range(12 * 3 - 1):  # a request every 20 minutes for 11 h 40 min
        clock.advance(20 * 60)
        assert client.get(HOME_OF["staff"]).status_code == 200
    clock.advance(20 * 60 + 1)  # 12 h and a second after login
    response = client.get(HOME_OF["staff"])
    assert response["Location"].startswith(LOGIN_URL)
    assert not signed_in(client)


def test_admin_session_times_out_too(role_users, clock):
    client = Client()
    assert log_in(client, "sec_admin").status_code == 302
    clock.advance(31 * 60)
    assert to_login(client.get(reverse("admin:index")))
    assert not signed_in(client)


@pytest.mark.parametrize("role", ["citizen", "member"])
def test_citizens_and_members_have_no_idle_timeout(role, role_users, clock):
    client = Client()
    assert log_in(client, role_users[role].username).status_code == 302
    clock.advance(3 * 60 * 60)
    assert client.get(HOME_OF[role]).status_code == 200
    assert AUTH_AT in client.session and LAST_SEEN in client.session  # set at login, unused


# --- sessions that must end ------------------------------------------------------------------
def _signed_in_clients(role_users, role, count=2):
    clients = []
    for _ in range(count):
        client = Client()
        assert log_in(client, role_users[role].username).status_code == 302
        assert client.get(HOME_OF[role]).status_code == 200
        clients.append(client)
    return clients


def test_deactivating_a_user_ends_their_sessions(role_users):
    clients = _signed_in_clients(role_users, "staff")
    User.objects.filter(pk=role_users["staff"].pk).update(is_active=False)
    for client in clients:
        assert client.get(HOME_OF["staff"])["Location"].startswith(LOGIN_URL)


@pytest.mark.parametrize(
    "change",
    [
        {"role": User.Role.LEADER},
        {"committee": "zhungeer"},
        {"department": "new"},
        {"is_superuser": True},
    ],
    ids=["role", "committee", "department", "superuser"],
)
def test_changing_role_or_scope_ends_their_sessions(change, role_users, ref, make_user):
    user = role_users["staff"]
    clients = _signed_in_clients(role_users, "staff")
    user.refresh_from_db()
    if "committee" in change:
        user.committee = ref[change["committee"]]
    elif "department" in change:
        from tests.opinions.factories import DepartmentFactory

        user.department = DepartmentFactory(committee=user.committee)
    else:
        for field, new in change.items():
            setattr(user, field, new)
    user.save()
    for client in clients:
        response = client.get(HOME_OF["staff"])
        assert response.status_code == 302 and response["Location"].startswith(LOGIN_URL)
        assert not signed_in(client)


def test_an_unrelated_change_keeps_the_session(role_users):
    (client,) = _signed_in_clients(role_users, "staff", count=1)
    User.objects.filter(pk=role_users["staff"].pk).update(name="新名字", email="a@example.com")
    assert client.get(HOME_OF["staff"]).status_code == 200


def test_admin_role_change_is_audited_and_ends_sessions(role_users, rf):
    from django.contrib.admin.sites import site

    user = role_users["staff"]
    (client,) = _signed_in_clients(role_users, "staff", count=1)
    request = rf.post("/admin/accounts/user/")
    request.user = role_users["admin"]
    user.refresh_from_db()
    user.role = User.Role.LEADER
    UserAdmin(User, site).save_model(request, user, form=None, change=True)

    entry = AuditLog.objects.filter(action="user_change").get()
    assert entry.actor == role_users["admin"]
    assert entry.detail == {"role": ["staff", "leader"]}
    assert client.get(HOME_OF["staff"])["Location"].startswith(LOGIN_URL)


def test_admin_can_list_and_end_a_users_sessions(role_users):
    staff_clients = _signed_in_clients(role_users, "staff")
    admin = Client()
    assert log_in(admin, "sec_admin").status_code == 302
    user = role_users["staff"]
    sessions = admin.get(
        reverse("admin:usersessions_usersession_changelist"), {"user__id__exact": user.pk}
    )
    assert sessions.status_code == 200
    response = admin.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "end_sessions", "_selected_action": [user.pk]},
    )
    assert response.status_code == 302
    for client in staff_clients:
        assert client.get(HOME_OF["staff"])["Location"].startswith(LOGIN_URL)
    assert "sessions_ended" in audit_actions(actor=role_users["admin"])
    assert client.get(reverse("public_home")).status_code == 200  # anonymous pages still work


def test_logout_ends_the_session_on_the_server(role_users):
    (client,) = _signed_in_clients(role_users, "staff", count=1)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert client.post(reverse("account_logout")).status_code == 302
    thief = Client()
    thief.cookies[settings.SESSION_COOKIE_NAME] = cookie  # the old cookie is worth nothing
    assert thief.get(HOME_OF["staff"])["Location"].startswith(LOGIN_URL)
    assert "logout" in audit_actions(actor=role_users["staff"])


def test_logout_needs_a_post(role_users):
    (client,) = _signed_in_clients(role_users, "staff", count=1)
    assert client.get(reverse("account_logout")).status_code == 200  # a confirmation page
    assert signed_in(client)


# --- must change password ----------------------------------------------------------------------
def test_admin_created_account_must_change_password_first(role_users, dalate, rf):
    from django.contrib.admin.sites import site

    request = rf.post("/admin/accounts/user/add/")
    request.user = role_users["admin"]
    user = User(username="newstaff", role=User.Role.STAFF, committee=dalate)
    user.set_password(TEST_PASSWORD)
    UserAdmin(User, site).save_model(request, user, form=None, change=False)
    assert User.objects.get(username="newstaff").must_change_password
    assert "user_create" in audit_actions()

    client = Client()
    assert log_in(client, "newstaff").status_code == 302
    change_url = reverse("account_change_password")
    for url in (HOME_OF["staff"], reverse("opinions:inbox"), reverse("public_home")):
        assert client.get(url)["Location"] == change_url
    assert client.get(change_url).status_code == 200

    new = "Ordos-Changed-2026!"
    response = client.post(
        change_url, {"oldpassword": TEST_PASSWORD, "password1": new, "password2": new}
    )
    assert response.status_code == 302
    assert not User.objects.get(username="newstaff").must_change_password
    assert signed_in(client)  # allauth keeps the session after a password change
    assert client.get(HOME_OF["staff"]).status_code == 200


def test_weak_new_password_does_not_clear_the_flag(make_user, dalate):
    make_user(User.Role.STAFF, dalate, username="flagged", must_change_password=True)
    client = Client()
    log_in(client, "flagged")
    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": TEST_PASSWORD, "password1": "abcdefghij", "password2": "abcdefghij"},
    )
    assert response.status_code == 200 and response.context["form"].errors
    assert User.objects.get(username="flagged").must_change_password


# --- password storage ----------------------------------------------------------------------------
def test_passwords_are_hashed_with_argon2():
    from ordos_liaison import settings as project_settings

    assert project_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    with override_settings(PASSWORD_HASHERS=project_settings.PASSWORD_HASHERS):
        assert make_password("Ordos-Strong-2026!").startswith("argon2")
