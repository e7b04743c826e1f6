"""Accessibility: axe-core (vendored from npm, static/vendor/axe-core-4.14.1) checks the public
pages and each role's landing page and main list, at the phone width and at 1280 px. No
violation of impact "serious" or "critical" is allowed; the others are printed for a human.

axe is injected by Playwright into a context that bypasses the Content-Security-Policy (the
portal's policy rightly refuses an injected script); no page of the portal loads it."""

import datetime
import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import expect

from opinions import services
from opinions.models import AdoptionLevel, Channel
from tests.members.factories import TEST_PASSWORD
from tests.opinions.factories import categories_ensure

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

AXE = Path(settings.BASE_DIR) / "static" / "vendor" / "axe-core-4.14.1" / "axe.min.js"
BLOCKING = {"serious", "critical"}

PUBLIC_PAGES = [
    "/",
    "/opinions/submit/",
    "/opinions/mailbox/",
    "/opinions/track/",
    "/workstations/",
    "/members/activities/recent/",
    "/accounts/login/",
    "/no-such-page/",
]
# Each role's landing page (where /home/ sends it) and its main list.
ROLE_PAGES = {
    "citizen": ["/home/"],
    "member": ["/home/", "/opinions/mine/", "/opinions/mine/new/", "/members/activities/"],
    "staff": ["/home/", "/opinions/desk/", "/members/activities/desk/", "/workstations/swaps/"],
    "leader": ["/home/", "/opinions/bulletins/", "/dashboards/leader/figures/received/"],
    "department": ["/home/", "/opinions/dept/"],
    "admin": ["/home/"],
}


def violations(page) -> list[dict]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "async () => { const r = await axe.run(document, {resultTypes: ['violations']});"
        " return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,"
        " nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))})); }"
    )
    return result


def check(context, url, paths):
    page = context.new_page()
    if context.username:
        page.goto(f"{url}/accounts/login/")
        page.fill("#id_login", context.username)
        page.fill("#id_password", TEST_PASSWORD)
        page.locator("main form button[type=submit]").click()
        expect(page).not_to_have_url(re.compile(r"/accounts/login/"))
    problems = []
    for path in paths:
        page.goto(f"{url}{path}")
        page.wait_for_load_state("load")
        found = violations(page)
        for violation in found:
            line = f"{page.url} [{violation['impact']}] {violation['id']}: {violation['help']}"
            line += f" {json.dumps(violation['nodes'], ensure_ascii=False)}"
            if violation["impact"] in BLOCKING:
                problems.append(line)
            else:
                print("axe (minor):", line)
    page.close()
    return problems


@pytest.fixture
def demo_items(user_for_role, municipal, department_user):
    """A few items so the lists show rows (tables, badges, pagination)."""
    categories = categories_ensure()
    staff = user_for_role["staff"]
    for n in range(3):
        opinion, _key = services.opinion_submit_public(
            channel=Channel.WEB,
            committee=municipal,
            title=f"康巴什区第{n + 1}小区停车难问题",
            content="情况：车位不足。分析：规划滞后。建议：建设立体停车场。",
            category=categories[0],
            submitter_name="王女士",
            submitter_phone=f"1394770000{n}",
            submitter_email="",
            consent=True,
        )
        if n == 0:
            services.opinion_adopt(opinion=opinion, by=staff, level=AdoptionLevel.MUNICIPAL)
            services.opinion_forward(
                opinion=opinion,
                by=staff,
                lead=department_user.department,
                co=[],
                due_date=datetime.date.today() + datetime.timedelta(days=30),
            )


@pytest.mark.parametrize("width", [375, 1280])
def test_public_pages_have_no_serious_violations(
    browser, browser_context_args, live_server, ref, width
):
    context = browser.new_context(
        **{**browser_context_args, "viewport": {"width": width, "height": 900}}, bypass_csp=True
    )
    context.username = None
    problems = check(context, live_server.url, PUBLIC_PAGES)
    context.close()
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("width", [375, 1280])
@pytest.mark.parametrize("role", list(ROLE_PAGES))
def test_each_roles_pages_have_no_serious_violations(
    browser, browser_context_args, live_server, user_for_role, demo_items, settings, role, width
):
    settings.REQUIRE_MFA = False
    context = browser.new_context(
        **{**browser_context_args, "viewport": {"width": width, "height": 900}}, bypass_csp=True
    )
    context.username = user_for_role[role].username
    problems = check(context, live_server.url, ROLE_PAGES[role])
    context.close()
    assert not problems, "\n".join(problems)
