"""The core loop on a phone: a citizen submits 我要建言 and gets a tracking code and key, a staff
user adopts it on the review desk, and the citizen looks it up and sees 已采用."""

import re

import pytest
from playwright.sync_api import expect

from opinions.models import Opinion, OpinionEvent, Status
from org.models import Region
from tests.e2e.conftest import PHONE, SCREENSHOTS
from tests.members.factories import TEST_PASSWORD, UserFactory
from tests.opinions.factories import categories_ensure

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_citizen_submits_staff_adopts_citizen_sees_adopted(
    page, browser, browser_context_args, live_server, ref, settings, shoot
):
    settings.SUBMISSION_MIN_SECONDS = 0
    categories_ensure()  # the data migration's rows are flushed by transactional tests
    dalate, zhungeer = ref["dalate"], ref["zhungeer"]
    place = Region.objects.filter(committee=dalate, level=Region.Level.TOWNSHIP).first()
    elsewhere = Region.objects.filter(committee=zhungeer, level=Region.Level.TOWNSHIP).first()
    UserFactory(username="staff_dalate", role="staff", committee=dalate, name="李干事")

    # --- the citizen, on a phone --------------------------------------------------------------
    page.goto(f"{live_server.url}/opinions/submit/")
    expect(page.locator("h1")).to_contain_text("我要建言")
    page.fill("#id_title", "树林召镇老旧小区加装电梯")
    page.fill(
        "#id_content",
        "情况：小区多为六层楼，老人上下楼困难。分析：缺少资金渠道。建议：纳入旧改统筹。",
    )
    page.select_option("#id_category", label="城乡建设")
    page.select_option("#id_committee", label="达拉特旗")
    # htmx narrows the places to the chosen 旗区
    expect(page.locator("#id_region")).not_to_contain_text(elsewhere.name)
    page.select_option("#id_region", label=place.name)
    page.fill("#id_submitter_name", "张女士")
    page.fill("#id_submitter_phone", "13947712345")
    page.check("#id_consent")
    shoot("e2e-opinions-01-submit-form")
    page.get_by_role("button", name="提交", exact=True).click()

    expect(page).to_have_url(re.compile(r"/opinions/receipt/$"))
    code = page.locator("#tracking-code").inner_text().strip()
    key = page.locator("#lookup-key").inner_text().strip()
    assert re.fullmatch(r"JY-\d{4}-\d{6}", code), code
    assert re.fullmatch(r"[A-Z0-9]{5}-[A-Z0-9]{5}", key), key
    shoot("e2e-opinions-02-receipt")

    opinion = Opinion.objects.get(tracking_code=code)
    assert opinion.committee == dalate and opinion.region == place
    assert not opinion.is_spam, opinion.flag_reasons  # a person filling the form is not flagged

    # --- a staff user, on another phone ---------------------------------------------------------
    staff = browser.new_context(**browser_context_args)
    desk = staff.new_page()
    desk.goto(f"{live_server.url}/accounts/login/")
    desk.fill("#id_login", "staff_dalate")
    desk.fill("#id_password", TEST_PASSWORD)
    desk.locator("main form button[type=submit]").click()
    expect(desk).not_to_have_url(re.compile(r"/accounts/login/"))

    desk.goto(f"{live_server.url}/opinions/desk/")
    desk.get_by_role("link", name=code).click()
    expect(desk.locator("h1")).to_contain_text("树林召镇老旧小区加装电梯")
    expect(desk.locator("#submitter")).to_contain_text("139****2345")
    expect(desk.locator("#submitter")).not_to_contain_text("13947712345")

    desk.locator("#actions .accordion-button").filter(has_text=re.compile(r"^\s*采用\s*$")).click()
    adopt_form = desk.locator("#act-adopt")
    expect(adopt_form).to_be_visible()
    adopt_form.locator("select[name='adopt-level']").select_option("banner")
    adopt_form.locator("textarea[name='adopt-comment']").fill("建议具有可行性，予以采用。")
    adopt_form.locator("button[type=submit]").click()
    expect(desk.locator("#opinion-status")).to_have_text("已采用")
    assert desk.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    SCREENSHOTS.mkdir(exist_ok=True)
    desk.screenshot(path=str(SCREENSHOTS / "e2e-opinions-03-desk.png"), full_page=True)
    staff.close()

    opinion.refresh_from_db()
    assert opinion.status == Status.ADOPTED
    assert opinion.events.filter(kind=OpinionEvent.Kind.ADOPTED).count() == 1

    # --- the citizen looks it up -----------------------------------------------------------------
    page.goto(f"{live_server.url}/opinions/track/")
    page.fill("#id_code", code)
    page.fill("#id_key", key)
    page.get_by_role("button", name="查询").click()
    expect(page.locator("#public-status")).to_have_text("已采用")
    expect(page.locator("main")).not_to_contain_text("建议具有可行性")  # staff comments stay inside
    shoot("e2e-opinions-04-tracking")

    # and with the full phone number instead of the key (the last four digits are not enough)
    page.goto(f"{live_server.url}/opinions/track/")
    page.fill("#id_code", code)
    page.fill("#id_key", "13947712345")
    page.get_by_role("button", name="查询").click()
    expect(page.locator("#public-status")).to_have_text("已采用")
