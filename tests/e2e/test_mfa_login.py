"""Two-factor login in the browser: with REQUIRE_MFA on, a staff user with a TOTP authenticator
signs in with the password, then with the code an authenticator app would show (computed here
from the secret), and lands on the office page — with no Content Security Policy violation on the
way. Without the code the office page stays closed."""

import re
import time

import pytest
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
)
from playwright.sync_api import expect

from audit.models import AuditLog
from tests.members.factories import TEST_PASSWORD, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def current_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def test_staff_signs_in_with_totp_and_lands_on_the_office_page(
    page, live_server, ref, settings, shoot
):
    settings.REQUIRE_MFA = True
    staff = UserFactory(username="staff_mfa", role="staff", committee=ref["dalate"], name="李干事")
    secret = generate_totp_secret()
    TOTP.activate(staff, secret)
    csp_violations = []
    page.on(
        "console",
        lambda message: (
            csp_violations.append(message.text)
            if "Content Security Policy" in message.text
            else None
        ),
    )

    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_login", "staff_mfa")
    page.fill("#id_password", TEST_PASSWORD)
    page.locator("main form button[type=submit]").click()

    # the password alone leads to the second step, not into the portal
    expect(page).to_have_url(re.compile(r"/accounts/2fa/authenticate/$"))
    code_input = page.locator("input[name=code]")
    expect(code_input).to_be_visible()
    shoot("e2e-mfa-01-code")

    code_input.fill(current_code(secret))
    page.locator("main form button[type=submit]").first.click()

    expect(page).to_have_url(re.compile(r"/dashboards/office/$"))
    expect(page.locator("header")).to_contain_text("李干事")
    shoot("e2e-mfa-02-office")
    assert not csp_violations, csp_violations
    assert AuditLog.objects.filter(actor=staff, action="login").exists()


def test_without_the_code_the_office_stays_closed(page, live_server, ref, settings):
    settings.REQUIRE_MFA = True
    staff = UserFactory(username="staff_mfa2", role="staff", committee=ref["dalate"])
    secret = generate_totp_secret()
    TOTP.activate(staff, secret)

    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_login", "staff_mfa2")
    page.fill("#id_password", TEST_PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/accounts/2fa/authenticate/$"))

    wrong = f"{(int(current_code(secret)) + 500_000) % 1_000_000:06d}"
    page.fill("input[name=code]", wrong)
    page.locator("main form button[type=submit]").first.click()
    expect(page).to_have_url(re.compile(r"/accounts/2fa/authenticate/$"))
    expect(page.locator("main")).to_contain_text(re.compile(r"[Ii]ncorrect|不正确|错误"))

    # the office page sends the half-signed-in user back to a login step
    page.goto(f"{live_server.url}/dashboards/office/")
    expect(page).to_have_url(re.compile(r"/accounts/(login|2fa/authenticate)/"))
    assert AuditLog.objects.filter(actor=staff, action="mfa_failed").exists()
