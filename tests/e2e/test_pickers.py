"""The forward form's searchable pickers on a phone: staff choose the lead department and two
协办单位 with the keyboard only (typing pinyin initials or Chinese), and the same form still
forwards from the plain selects with JavaScript off."""

import re

import pytest
from playwright.sync_api import expect

from opinions import services
from opinions.models import AdoptionLevel, Channel, Forwarding
from tests.members.factories import TEST_PASSWORD, UserFactory
from tests.opinions.factories import DepartmentFactory, categories_ensure

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SERVER_STEP = 30_000  # a posted form's next page, on a busy machine (no sleeps)
PHONE = {"width": 375, "height": 812}


@pytest.fixture
def adopted(ref):
    dalate = ref["dalate"]
    staff = UserFactory(username="staff_dalate", role="staff", committee=dalate, name="李干事")
    for name in ("住房和城乡建设局", "交通运输局", "教育局", "财政局", "民政局"):
        DepartmentFactory(committee=dalate, name=f"达拉特旗{name}")
    opinion, _key = services.opinion_submit_public(
        channel=Channel.WEB,
        committee=dalate,
        title="树林召镇排水管网改造",
        content="情况：雨后积水。建议：改造排水管网。",
        category=categories_ensure()[0],
        submitter_name="张三",
        submitter_phone="13687654321",
        submitter_email="",
        consent=True,
    )
    return services.opinion_adopt(opinion=opinion, by=staff, level=AdoptionLevel.BANNER)


def open_forward_form(browser, live_server, opinion, *, javascript):
    context = browser.new_context(
        viewport=PHONE,
        is_mobile=True,
        has_touch=True,
        locale="zh-CN",
        java_script_enabled=javascript,
    )
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_login", "staff_dalate")
    page.fill("#id_password", TEST_PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"), timeout=SERVER_STEP)
    page.goto(f"{live_server.url}/opinions/desk/{opinion.pk}/")
    return context, page


def forwarded_to(opinion):
    return dict(opinion.forwardings.values_list("department__name", "role"))


def test_keyboard_choice_in_the_searchable_pickers(browser, live_server, adopted):
    context, page = open_forward_form(browser, live_server, adopted, javascript=True)
    page.locator("#actions .accordion-button").filter(
        has_text=re.compile(r"^\s*转交承办单位\s*$")
    ).click()
    form = page.locator("#act-forward")
    expect(form.locator("#id_forward-co-ts-control")).to_be_visible()
    form.locator("textarea[name='forward-comment']").focus()
    page.keyboard.press("Tab")  # to the lead department's search box
    page.keyboard.type("zhufang")
    expect(page.locator(".ts-dropdown .option:visible")).to_have_text(["达拉特旗住房和城乡建设局"])
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")  # to the co-handlers' search box
    page.keyboard.type("dltqjy")  # initials of 达拉特旗教育局
    expect(page.locator(".ts-dropdown .option:visible")).to_have_text(["达拉特旗教育局"])
    page.keyboard.press("Enter")
    page.keyboard.insert_text("交通")  # Chinese, as an input method commits it
    expect(page.locator(".ts-dropdown .option:visible")).to_have_text(["达拉特旗交通运输局"])
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    expect(form.locator(".ts-control .item")).to_have_text(  # each with its × remove button
        [
            re.compile(f"^{name}")
            for name in ("达拉特旗住房和城乡建设局", "达拉特旗教育局", "达拉特旗交通运输局")
        ]
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    # At the foot of the page, as a phone user is, with the co-handlers' box still focused: the
    # press on 转交 takes the focus away, and nothing may move under it (the box used to hide
    # its search line on losing focus, the page got shorter and the press landed beside 转交).
    page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
    form.locator("button[type=submit]").click()
    expect(page.locator("#opinion-status")).to_have_text("已转办", timeout=SERVER_STEP)
    assert forwarded_to(adopted) == {
        "达拉特旗住房和城乡建设局": Forwarding.Role.LEAD,
        "达拉特旗教育局": Forwarding.Role.CO,
        "达拉特旗交通运输局": Forwarding.Role.CO,
    }
    context.close()


def test_press_forward_straight_after_choosing_the_lead(browser, live_server, adopted):
    """The lead department chosen from the list with Enter, its box still focused, and 转交
    pressed at the foot of the page: the box keeps its height as it loses focus, so the press is not lost."""
    context, page = open_forward_form(browser, live_server, adopted, javascript=True)
    page.locator("#actions .accordion-button").filter(
        has_text=re.compile(r"^\s*转交承办单位\s*$")
    ).click()
    form = page.locator("#act-forward")
    form.locator("textarea[name='forward-comment']").focus()
    page.keyboard.press("Tab")  # to the lead department's search box
    page.keyboard.type("zhufang")  # the longest name: with the search box it takes two lines
    expect(page.locator(".ts-dropdown .option:visible")).to_have_text(["达拉特旗住房和城乡建设局"])
    page.keyboard.press("Enter")
    expect(form.locator(".ts-wrapper.single.focus .item")).to_have_text("达拉特旗住房和城乡建设局")
    page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
    form.locator("button[type=submit]").click()
    expect(page.locator("#opinion-status")).to_have_text("已转办", timeout=SERVER_STEP)
    assert forwarded_to(adopted) == {"达拉特旗住房和城乡建设局": Forwarding.Role.LEAD}
    context.close()


def test_the_plain_selects_forward_without_javascript(browser, live_server, adopted):
    context, page = open_forward_form(browser, live_server, adopted, javascript=False)
    form = page.locator("#act-forward")  # the accordion is open without JavaScript (nojs.css)
    expect(form).to_be_visible()
    form.locator("select[name='forward-lead']").select_option(label="达拉特旗财政局")
    form.locator("select[name='forward-co']").select_option(
        label=["达拉特旗民政局", "达拉特旗教育局"]
    )
    form.locator("button[type=submit]").click()
    expect(page.locator("#opinion-status")).to_have_text("已转办", timeout=SERVER_STEP)
    assert forwarded_to(adopted) == {
        "达拉特旗财政局": Forwarding.Role.LEAD,
        "达拉特旗民政局": Forwarding.Role.CO,
        "达拉特旗教育局": Forwarding.Role.CO,
    }
    context.close()
