"""Headers and transport in production mode, from the environment alone: HSTS for a year with
subdomains, secure cookies, COOP, two-factor on by default, and the CSP report-only switch.
(`check --deploy --fail-level WARNING` is tests/test_settings.py.)"""

from __future__ import annotations

import json

import pytest
from django.test import override_settings
from django.urls import reverse

from tests.test_settings import PRODUCTION, _run_manage, _secret_key

SHOW = (
    "import json; from django.conf import settings as s; print(json.dumps({"
    "'hsts': s.SECURE_HSTS_SECONDS, 'subdomains': s.SECURE_HSTS_INCLUDE_SUBDOMAINS, "
    "'ssl_redirect': s.SECURE_SSL_REDIRECT, 'session_secure': s.SESSION_COOKIE_SECURE, "
    "'csrf_secure': s.CSRF_COOKIE_SECURE, 'session_httponly': s.SESSION_COOKIE_HTTPONLY, "
    "'coop': s.SECURE_CROSS_ORIGIN_OPENER_POLICY, 'referrer': s.SECURE_REFERRER_POLICY, "
    "'mfa': s.REQUIRE_MFA, 'idle': s.PRIVILEGED_SESSION_IDLE_SECONDS, "
    "'absolute': s.PRIVILEGED_SESSION_ABSOLUTE_SECONDS, 'audit_days': s.AUDIT_RETENTION_DAYS, "
    "'csp': bool(getattr(s, 'CONTENT_SECURITY_POLICY', None)), "
    "'csp_ro': bool(getattr(s, 'CONTENT_SECURITY_POLICY_REPORT_ONLY', None)), "
    "'hasher': s.PASSWORD_HASHERS[0]}))"
)


def _settings_in(tmp_path, **env) -> dict:
    result = _run_manage(tmp_path, "shell", "-c", SHOW, SECRET_KEY=_secret_key(), **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_settings_values(tmp_path):
    values = _settings_in(tmp_path, **PRODUCTION)
    assert values["hsts"] == 31536000 and values["subdomains"] is True
    assert values["ssl_redirect"] and values["session_secure"] and values["csrf_secure"]
    assert values["session_httponly"]
    assert values["coop"] == "same-origin" and values["referrer"] == "same-origin"
    assert values["mfa"] is True  # two-factor on by default in production
    assert values["idle"] == 30 * 60 and values["absolute"] == 12 * 60 * 60
    assert values["audit_days"] >= 180
    assert values["csp"] and not values["csp_ro"]
    assert values["hasher"].endswith("Argon2PasswordHasher")


def test_demo_defaults_leave_two_factor_off(tmp_path):
    assert _settings_in(tmp_path)["mfa"] is False


def test_csp_report_only_switch_in_the_environment(tmp_path):
    values = _settings_in(tmp_path, **PRODUCTION, CSP_REPORT_ONLY="true")
    assert values["csp_ro"] and not values["csp"]


def test_report_only_mode_sends_the_report_only_header(client, db, settings):
    policy = settings.CONTENT_SECURITY_POLICY
    with override_settings(
        CONTENT_SECURITY_POLICY=None, CONTENT_SECURITY_POLICY_REPORT_ONLY=policy
    ):
        response = client.get(reverse("public_home"))
    assert "Content-Security-Policy" not in response
    header = response["Content-Security-Policy-Report-Only"]
    assert "frame-ancestors 'none'" in header and "'nonce-" in header


def test_enforcing_mode_by_default(client, db):
    response = client.get(reverse("public_home"))
    assert "Content-Security-Policy-Report-Only" not in response
    assert "'nonce-" in response["Content-Security-Policy"]


@pytest.mark.parametrize("path", ["/", "/opinions/submit/"])
def test_hsts_and_secure_redirect_when_https_is_on(client, db, path):
    with override_settings(
        SECURE_SSL_REDIRECT=True, SECURE_HSTS_SECONDS=31536000, SECURE_HSTS_INCLUDE_SUBDOMAINS=True
    ):
        assert client.get(path)["Location"].startswith("https://")
        response = client.get(path, secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
