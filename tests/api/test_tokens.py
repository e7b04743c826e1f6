"""Per-device tokens: created on the 应用令牌 page (shown once, stored hashed), revoked with a
confirmation, checked on every request (hash, expiry, revocation), audit-logged."""

from __future__ import annotations

import datetime
import hashlib

import pytest
import time_machine
from allauth.account.authentication import AUTHENTICATION_METHODS_SESSION_KEY
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import User
from api.models import ApiToken
from api.services import api_token_create, api_token_revoke
from audit.models import AuditLog

PROFILE = "/api/v1/me/profile/"


def bearer(raw):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    return client


def test_page_creates_a_token_shown_once_and_stored_hashed(member_user):
    client = Client()
    client.force_login(member_user)
    response = client.post(reverse("api:tokens"), {"name": "我的手机", "days": 30})
    assert response.status_code == 200
    token = ApiToken.objects.get(user=member_user)
    raw = response.context["created"].raw
    assert raw.encode() in response.content
    assert token.key_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert raw not in {token.key_hash, token.prefix}
    assert raw.startswith(f"{token.prefix}.")
    assert AuditLog.objects.filter(action="api_token_create", actor=member_user).count() == 1
    again = client.get(reverse("api:tokens"))
    assert raw.encode() not in again.content and token.prefix.encode() in again.content
    assert bearer(raw).get(PROFILE).status_code == 200


def test_page_refuses_a_blank_name(member_user):
    client = Client()
    client.force_login(member_user)
    response = client.post(reverse("api:tokens"), {"name": "   ", "days": 30})
    assert response.status_code == 400
    assert not ApiToken.objects.exists()


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("api:tokens"))
    assert response.status_code == 302 and reverse("account_login") in response["Location"]


def test_revoke_asks_then_revokes(member_user):
    created = api_token_create(user=member_user, name="旧手机", mfa_passed=False)
    client = Client()
    client.force_login(member_user)
    url = reverse("api:token_revoke", args=[created.token.pk])
    confirm = client.get(url)
    assert confirm.status_code == 200 and "确认注销".encode() in confirm.content
    assert bearer(created.raw).get(PROFILE).status_code == 200
    assert client.post(url).status_code == 302
    created.token.refresh_from_db()
    assert created.token.revoked_at is not None
    response = bearer(created.raw).get(PROFILE)
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["detail"] == "令牌已注销。"
    assert AuditLog.objects.filter(action="api_token_revoke").count() == 1


def test_another_users_token_is_a_404(member_user, citizen):
    created = api_token_create(user=member_user, name="手机", mfa_passed=False)
    client = Client()
    client.force_login(citizen)
    url = reverse("api:token_revoke", args=[created.token.pk])
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    created.token.refresh_from_db()
    assert created.token.revoked_at is None


def test_expired_token_is_refused(member_user):
    created = api_token_create(user=member_user, name="手机", days=1, mfa_passed=False)
    with time_machine.travel(timezone.now() + datetime.timedelta(days=1, seconds=1)):
        response = bearer(created.raw).get(PROFILE)
    assert response.status_code == 401
    assert "过期" in response.json()["detail"]


@pytest.mark.parametrize(
    "header",
    [
        "Bearer",
        "Bearer a b",
        "Bearer nodot",
        "Bearer abcdefgh.short",
        "Bearer 12345678." + "x" * 40,
        "Token 中文.令牌",
    ],
)
def test_malformed_or_unknown_tokens_are_401(db, header):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=header.encode().decode("latin-1"))
    response = client.get(PROFILE)
    assert response.status_code == 401
    assert response.json()["status"] == 401
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_right_prefix_with_a_wrong_secret_is_refused(member_user):
    created = api_token_create(user=member_user, name="手机", mfa_passed=False)
    forged = created.raw[:-3] + ("aaa" if not created.raw.endswith("aaa") else "bbb")
    assert bearer(forged).get(PROFILE).status_code == 401


def test_last_used_is_written_at_most_once_a_minute_and_logins_are_logged(member_user):
    created = api_token_create(user=member_user, name="手机", mfa_passed=False)
    client = bearer(created.raw)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client.get(PROFILE)
        first = ApiToken.objects.get().last_used_at
        assert first is not None
    with time_machine.travel(start + datetime.timedelta(seconds=30), tick=False):
        client.get(PROFILE)
        assert ApiToken.objects.get().last_used_at == first
    with time_machine.travel(start + datetime.timedelta(seconds=61), tick=False):
        client.get(PROFILE)
        assert ApiToken.objects.get().last_used_at > first
    # one API login entry for the first use; the next day's first use is another
    assert AuditLog.objects.filter(action="api_login").count() == 1
    with time_machine.travel(start + datetime.timedelta(days=2), tick=False):
        client.get(PROFILE)
    assert AuditLog.objects.filter(action="api_login").count() == 2


def test_privileged_role_needs_the_second_factor_in_the_session(settings, staff_dalate):
    settings.REQUIRE_MFA = True
    client = Client()
    client.force_login(staff_dalate)
    # the account-security middleware sends an unenrolled staff member to enrolment; the token
    # page is behind it, and a session that skipped the factor cannot create a token
    session = client.session
    session["_mfa_ok"] = True
    session.save()
    page = client.get(reverse("api:tokens"))
    assert page.status_code == 200 and "两步验证".encode() in page.content
    assert client.post(reverse("api:tokens"), {"name": "手机", "days": 30}).status_code == 403
    assert not ApiToken.objects.exists()
    session = client.session
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [
        {"method": "password"},
        {"method": "mfa", "type": "totp"},
    ]
    session["account_authentication_methods_user"] = str(staff_dalate.pk)
    session.save()
    response = client.post(reverse("api:tokens"), {"name": "手机", "days": 30})
    assert response.status_code == 200
    assert ApiToken.objects.filter(user=staff_dalate).count() == 1


def test_a_member_needs_no_second_factor(settings, member_user):
    settings.REQUIRE_MFA = True
    client = Client()
    client.force_login(member_user)
    assert client.post(reverse("api:tokens"), {"name": "手机", "days": 30}).status_code == 200


def test_revoking_twice_logs_once(member_user):
    created = api_token_create(user=member_user, name="手机", mfa_passed=False)
    api_token_revoke(token=created.token, by=member_user)
    api_token_revoke(token=created.token, by=member_user)
    assert AuditLog.objects.filter(action="api_token_revoke").count() == 1


def test_an_inactive_account_cannot_use_its_token(member_user):
    created = api_token_create(user=member_user, name="手机", mfa_passed=False)
    User.objects.filter(pk=member_user.pk).update(is_active=False)
    assert bearer(created.raw).get(PROFILE).status_code == 401


def test_rates_are_per_user_across_their_tokens_and_answer_429_problems(member_user, monkeypatch):
    from rest_framework.throttling import SimpleRateThrottle

    monkeypatch.setattr(
        SimpleRateThrottle, "THROTTLE_RATES", {"token": "10/min", "user": "3/min", "anon": "3/min"}
    )
    first = bearer(api_token_create(user=member_user, name="手机", mfa_passed=False).raw)
    second = bearer(api_token_create(user=member_user, name="平板", mfa_passed=False).raw)
    assert [first.get(PROFILE).status_code for _ in range(2)] == [200, 200]
    assert second.get(PROFILE).status_code == 200
    limited = second.get(PROFILE)
    assert limited.status_code == 429
    assert limited["Content-Type"] == "application/problem+json"
    assert int(limited["Retry-After"]) > 0
    assert limited.json()["title"] == "请求过于频繁"


def test_one_token_is_limited_on_its_own_and_the_owners_other_device_goes_on(
    member_user, monkeypatch
):
    from rest_framework.throttling import SimpleRateThrottle

    monkeypatch.setattr(
        SimpleRateThrottle, "THROTTLE_RATES", {"token": "2/min", "user": "10/min", "anon": "3/min"}
    )
    looping = bearer(api_token_create(user=member_user, name="手机", mfa_passed=False).raw)
    other = bearer(api_token_create(user=member_user, name="平板", mfa_passed=False).raw)
    assert [looping.get(PROFILE).status_code for _ in range(3)] == [200, 200, 429]
    assert other.get(PROFILE).status_code == 200


def test_an_account_that_must_change_its_password_cannot_use_or_create_tokens(member_user):
    """As on the pages (accounts.middleware): an initial password set by the administrator must
    be changed first; the device's token works again once it has been."""
    from allauth.account.adapter import get_adapter
    from django.core.exceptions import PermissionDenied

    raw = api_token_create(user=member_user, name="我的手机", mfa_passed=True).raw
    User.objects.filter(pk=member_user.pk).update(must_change_password=True)
    refused = bearer(raw).get(PROFILE)
    assert refused.status_code == 403
    assert refused["Content-Type"] == "application/problem+json"
    assert "请先在网站上修改密码" in refused.json()["detail"]
    assert ApiToken.objects.get(user=member_user).last_used_at is None  # not a use
    member_user.refresh_from_db()
    with pytest.raises(PermissionDenied):
        api_token_create(user=member_user, name="另一台手机", mfa_passed=True)
    page = Client()
    page.force_login(member_user)
    assert page.get(reverse("api:tokens")).status_code == 302  # the password page first
    get_adapter().set_password(member_user, "Ordos-新密码-2026!")
    assert bearer(raw).get(PROFILE).status_code == 200


def test_a_session_that_must_change_its_password_gets_the_tokens_403_problem(staff_dalate):
    """The pages' middleware sends such a session to the password page; under /api/v1/ the
    browser's script gets the problem the token path gives (not a 302 to an HTML page), and its
    refusal is recorded like any API 403. The API's documentation page is a page: redirected."""
    from allauth.account.adapter import get_adapter

    User.objects.filter(pk=staff_dalate.pk).update(must_change_password=True)
    session = APIClient()
    session.force_login(staff_dalate)
    change_url = reverse("account_change_password")
    for refused in (
        session.get(PROFILE),
        session.get(reverse("api_v1:desk")),
        session.post(reverse("api_v1:my_opinions"), {}, format="json"),
    ):
        assert refused.status_code == 403, refused
        assert refused["Content-Type"] == "application/problem+json"
        body = refused.json()
        assert body["title"] == "无权执行此操作" and "请先在网站上修改密码" in body["detail"]
    assert AuditLog.objects.filter(action="permission_denied").count() == 3
    for page in (reverse("api:docs"), reverse("api:tokens"), reverse("opinions:inbox")):
        assert session.get(page)["Location"] == change_url
    staff_dalate.refresh_from_db()
    get_adapter().set_password(staff_dalate, "Ordos-新密码-2026!")
    session.force_login(staff_dalate)
    assert session.get(reverse("api_v1:desk")).status_code == 200
    assert session.get(reverse("api:docs")).status_code == 200


def test_a_privileged_session_that_timed_out_gets_the_api_s_401_not_a_redirect(staff_dalate):
    """The pages send a timed-out staff session to the login page; under /api/v1/ the session
    ends the same way and the request is answered as the signed-out one it now is."""
    session = APIClient()
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        session.force_login(staff_dalate)
        assert session.get(reverse("api_v1:desk")).status_code == 200
        traveller.shift(datetime.timedelta(minutes=31))
        response = session.get(reverse("api_v1:desk"))
        assert response.status_code == 401, response
        assert response["Content-Type"] == "application/problem+json"
        assert response.json()["title"] == "未登录或令牌无效"
        # signed out for the pages too
        assert session.get(reverse("opinions:inbox"))["Location"].startswith(
            reverse("account_login")
        )


def test_a_privileged_session_without_a_second_factor_gets_a_403_problem(staff_dalate, settings):
    """Where two-factor is required, the pages send such a session to enrolment; the API says
    so in its own format, and lets the session through once a second factor is enrolled."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    settings.REQUIRE_MFA = True
    session = APIClient()
    session.force_login(staff_dalate)
    response = session.get(reverse("api_v1:desk"))
    assert response.status_code == 403 and response["Content-Type"] == "application/problem+json"
    assert "两步验证" in response.json()["detail"]
    assert session.get(reverse("opinions:inbox"))["Location"] == reverse("mfa_activate_totp")
    TOTP.activate(staff_dalate, generate_totp_secret())
    assert session.get(reverse("api_v1:desk")).status_code == 200
