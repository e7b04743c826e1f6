"""Login throttling that counts the real client and that an attacker cannot hold over the owner.

* The client address comes from one helper (core.http.client_ip), allauth's rate limits
  included: directly on the internet X-Forwarded-For is ignored (spoofing it buys no fresh
  budget); behind our proxy the client is the hop the proxy appended, so one client's failures
  never lock another client out.
* Failures count per account *and client* (device cookie, else address); failures from clients the
  account never signed in from share a per-account budget, and running out of it locks the account
  for unknown clients only: notice to the owner, audit entry, staff in scope lift it.
"""

from __future__ import annotations

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse

from accounts import lockouts
from accounts.adapters import AccountAdapter
from accounts.models import LoginLockout, User
from audit.models import AuditLog
from core.http import client_ip
from notifications.models import Notification
from tests.security.test_accounts import Clock, log_in, signed_in

PAGE = reverse("accounts:login_lockouts")
PROXY = "10.0.0.254"  # our reverse proxy, as the web server sees it
WRONG = "Wrong-Password-1"


@pytest.fixture
def clock():
    from unittest import mock

    fake = Clock()
    with mock.patch("time.time", fake):
        yield fake


@pytest.fixture
def behind_proxy(settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.TRUSTED_PROXY_COUNT = 1


def via_proxy(client_address: str, spoofed: str = "") -> Client:
    """A browser at ``client_address`` reaching us through the proxy (which appends the address
    it saw to whatever X-Forwarded-For the browser sent)."""
    forwarded = f"{spoofed}, {client_address}" if spoofed else client_address
    return Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded)


# --- one client address -----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("count", "forwarded", "expected"),
    [
        (0, "203.0.113.5", "10.0.0.254"),  # direct: the header is whatever the client wrote
        (1, "203.0.113.5", "203.0.113.5"),
        (1, "1.2.3.4, 203.0.113.5", "203.0.113.5"),  # a spoofed first hop is ignored
        (2, "1.2.3.4, 203.0.113.5, 10.0.0.253", "203.0.113.5"),
        (1, "not-an-address", "10.0.0.254"),
        (1, "", "10.0.0.254"),
    ],
)
def test_client_ip_and_allauth_agree(settings, count, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = count
    request = RequestFactory().get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected
    assert AccountAdapter(request).get_client_ip(request) == expected


def test_direct_mode_spoofed_forwarded_for_gives_no_fresh_budget(role_users):
    for n in range(20):
        client = Client(REMOTE_ADDR="198.51.100.9", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}")
        log_in(client, f"guess{n}", WRONG)
    again = Client(REMOTE_ADDR="198.51.100.9", HTTP_X_FORWARDED_FOR="203.0.113.200")
    response = log_in(again, "sec_leader")  # a real account and password: refused
    assert response.status_code == 200
    assert not signed_in(again)
    entry = AuditLog.objects.filter(action="login_failed").latest("pk")
    assert entry.ip_address == "198.51.100.9"


def test_behind_proxy_one_client_does_not_lock_out_another(role_users, behind_proxy):
    for n in range(20):
        log_in(via_proxy("203.0.113.5", spoofed=f"192.0.2.{n}"), f"guess{n}", WRONG)
    # the attacker is refused, whatever it writes in its own X-Forwarded-For
    attacker = via_proxy("203.0.113.5", spoofed="192.0.2.200")
    assert log_in(attacker, "sec_leader").status_code == 200
    assert not signed_in(attacker)
    # everybody else behind the same proxy still gets in
    colleague = via_proxy("198.51.100.7")
    assert log_in(colleague, "sec_leader").status_code == 302
    assert signed_in(colleague)
    ips = set(AuditLog.objects.filter(action="login_failed").values_list("ip_address", flat=True))
    assert ips == {"203.0.113.5"}
    assert AuditLog.objects.get(action="login").ip_address == "198.51.100.7"


# --- per account and client ---------------------------------------------------------------------
def owner_device(user: User, address: str = "10.1.0.1") -> Client:
    """The owner's browser after one successful login (it now carries the device cookie)."""
    device = Client(REMOTE_ADDR=address)
    assert log_in(device, user.username).status_code == 302
    assert lockouts.DEVICE_COOKIE in device.cookies
    device.post(reverse("account_logout"))
    return device


def test_attacker_trickle_never_refuses_the_owner_on_a_known_device(role_users):
    owner = role_users["staff"]
    device = owner_device(owner)
    for n in range(40):
        log_in(Client(REMOTE_ADDR=f"198.51.100.{n}"), owner.username, WRONG)
        if n % 4 == 3:
            # the owner, on a phone whose address changes all the time, with the right password
            device.defaults["REMOTE_ADDR"] = f"100.64.0.{n}"
            assert log_in(device, owner.username).status_code == 302, n
            assert signed_in(device)
            device.post(reverse("account_logout"))
    # the attacker had 10 tries in the window; the other 30 were refused unchecked
    assert AuditLog.objects.filter(action="login_failed").count() == 10
    assert AuditLog.objects.filter(action="login_locked_out").count() == 30
    # and even holding the right password it is refused from a new address
    attacker = Client(REMOTE_ADDR="198.51.100.250")
    assert log_in(attacker, owner.username).status_code == 200
    assert not signed_in(attacker)


def test_owner_on_a_known_address_gets_in_without_the_cookie(role_users):
    owner = role_users["staff"]
    owner_device(owner, address="10.1.0.1")
    for n in range(20):
        log_in(Client(REMOTE_ADDR=f"198.51.100.{n}"), owner.username, WRONG)
    fresh_browser = Client(REMOTE_ADDR="10.1.0.1")  # same office, cookies cleared
    assert log_in(fresh_browser, owner.username).status_code == 302
    assert signed_in(fresh_browser)


def test_one_address_is_slowed_after_five_failures_for_that_account_only(role_users, clock):
    owner = role_users["staff"]
    attacker = Client(REMOTE_ADDR="198.51.100.1")
    for _ in range(5):
        assert log_in(attacker, owner.username, WRONG).status_code == 200
    assert log_in(attacker, owner.username).status_code == 200  # right password, refused
    assert not signed_in(attacker)
    # another address (never used by the owner either) still has its tries
    other = Client(REMOTE_ADDR="198.51.100.2")
    assert log_in(other, owner.username).status_code == 302
    clock.advance(15 * 60 + 1)
    assert log_in(attacker, owner.username).status_code == 302


def test_lockout_notifies_the_owner_and_is_audited_once(
    role_users, django_capture_on_commit_callbacks, mailoutbox
):
    owner = role_users["staff"]
    owner.email = "staff@example.com"
    owner.save(update_fields=["email"])
    for n in range(10):
        assert log_in(Client(REMOTE_ADDR=f"198.51.100.{n}"), owner.username, WRONG).status_code
    assert not LoginLockout.objects.exists()
    for n in range(10, 13):  # spent: unknown clients are refused, the first refusal locks
        client = Client(REMOTE_ADDR=f"198.51.100.{n}", HTTP_ACCEPT_LANGUAGE="en")
        with django_capture_on_commit_callbacks(execute=True):
            response = log_in(client, owner.username)
        assert response.status_code == 200
        assert not signed_in(client)
    [mail] = mailoutbox  # one notice a day, by e-mail too, in the portal's language
    assert mail.to == ["staff@example.com"] and "陌生设备" in mail.body
    lockout = LoginLockout.objects.get()
    assert lockout.user == owner and lockout.ip_address == "198.51.100.10"
    assert lockout.lifted_at is None
    notice = Notification.objects.get(user=owner)
    assert "陌生设备" in notice.text and notice.link == reverse("account_change_password")
    entry = AuditLog.objects.get(action="login_lockout")
    assert entry.target == f"user:{owner.pk}" and entry.ip_address == "198.51.100.10"
    assert AuditLog.objects.filter(action="login_locked_out").count() == 3
    # a login that names no account is throttled the same way, but locks nothing
    for n in range(12):
        log_in(Client(REMOTE_ADDR=f"192.0.2.{n}"), "nobody-here", WRONG)
    assert LoginLockout.objects.count() == 1


def test_unknown_clients_get_in_again_when_the_window_has_passed(role_users, clock):
    owner = role_users["staff"]
    for n in range(11):
        log_in(Client(REMOTE_ADDR=f"198.51.100.{n}"), owner.username, WRONG)
    newcomer = Client(REMOTE_ADDR="192.0.2.1")
    assert log_in(newcomer, owner.username).status_code == 200
    clock.advance(15 * 60 + 1)
    assert log_in(newcomer, owner.username).status_code == 302


# --- staff see and lift it ----------------------------------------------------------------------
def lock(user: User) -> LoginLockout:
    for n in range(11):
        log_in(Client(REMOTE_ADDR=f"198.51.{user.pk % 250}.{n}"), user.username, WRONG)
    return LoginLockout.objects.get(user=user)


def test_staff_in_scope_lift_a_lockout(role_users, staff_dalate):
    owner = role_users["member"]  # 达拉特旗
    lockout = lock(owner)
    staff = Client()
    staff.force_login(staff_dalate)
    assert owner.username in staff.get(PAGE).content.decode()
    assert staff.post(PAGE, {"lockout": lockout.pk}).status_code == 302
    lockout.refresh_from_db()
    assert lockout.lifted_by == staff_dalate and lockout.lifted_at is not None
    assert AuditLog.objects.get(action="login_lockout_lifted").actor == staff_dalate
    newcomer = Client(REMOTE_ADDR="192.0.2.77")
    assert log_in(newcomer, owner.username).status_code == 302
    assert owner.username not in staff.get(PAGE).content.decode()


def test_lift_is_scoped_and_permission_checked(role_users, staff_zhungeer, make_user):
    owner = role_users["member"]  # 达拉特旗
    lockout = lock(owner)
    other_staff = Client()
    other_staff.force_login(staff_zhungeer)
    assert owner.username not in other_staff.get(PAGE).content.decode()
    assert other_staff.post(PAGE, {"lockout": lockout.pk}).status_code == 404
    leader = Client()
    leader.force_login(role_users["leader"])
    assert leader.post(PAGE, {"lockout": lockout.pk}).status_code == 403
    lockout.refresh_from_db()
    assert lockout.lifted_at is None
    assert not AuditLog.objects.filter(action="login_lockout_lifted").exists()
    # a superuser lifts any
    admin = Client()
    admin.force_login(role_users["admin"])
    assert admin.post(PAGE, {"lockout": lockout.pk}).status_code == 302
    lockout.refresh_from_db()
    assert lockout.lifted_by == role_users["admin"]


def test_lockout_page_query_count_is_constant(role_users, staff_dalate, make_user, dalate):
    import datetime

    from django.utils import timezone

    staff = Client()
    staff.force_login(staff_dalate)

    def add(n):
        for _ in range(n):
            user = make_user(User.Role.MEMBER, dalate)
            LoginLockout.objects.create(
                user=user, until=timezone.now() + datetime.timedelta(minutes=15)
            )

    add(2)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        assert staff.get(PAGE).status_code == 200
    add(20)
    with CaptureQueriesContext(connection) as many:
        response = staff.get(PAGE)
    assert len(response.context["lockouts"]) == 22
    assert len(many) == len(few)


def test_device_cookie_is_signed_and_per_account(role_users):
    owner, other = role_users["staff"], role_users["leader"]
    device = owner_device(owner)
    value = device.cookies[lockouts.DEVICE_COOKIE].value
    request = RequestFactory().post("/", REMOTE_ADDR="198.51.100.1")
    request.COOKIES[lockouts.DEVICE_COOKIE] = value
    assert lockouts.login_client(request, {"username": owner.username}).known
    request = RequestFactory().post("/", REMOTE_ADDR="198.51.100.1")
    request.COOKIES[lockouts.DEVICE_COOKIE] = value
    assert not lockouts.login_client(request, {"username": other.username}).known
    request = RequestFactory().post("/", REMOTE_ADDR="198.51.100.1")
    request.COOKIES[lockouts.DEVICE_COOKIE] = value[:-2] + "xx"
    assert not lockouts.login_client(request, {"username": owner.username}).known


def test_superuser_lifts_from_the_admin(role_users, settings):
    settings.REQUIRE_MFA = False
    lockout = lock(role_users["citizen"])
    admin = Client()
    admin.force_login(role_users["admin"])
    response = admin.post(
        reverse("admin:accounts_loginlockout_changelist"),
        {"action": "lift", "_selected_action": [lockout.pk]},
    )
    assert response.status_code == 302
    lockout.refresh_from_db()
    assert lockout.lifted_by == role_users["admin"]
