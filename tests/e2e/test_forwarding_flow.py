"""Closing the loop on a phone: staff forward an adopted opinion to a department, a department
user logs in, signs for it and replies, staff accept the reply, and the citizen looks the opinion
up, sees the reply and rates it — 已办结."""

import re

import pytest
from playwright.sync_api import expect

from opinions import services
from opinions.models import AdoptionLevel, Channel, Forwarding, Opinion, Status
from tests.e2e.conftest import PHONE, SCREENSHOTS
from tests.members.factories import TEST_PASSWORD, UserFactory
from tests.opinions.factories import DepartmentFactory, categories_ensure

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# A step that goes to the server (a form posted, redirected, the next page rendered with its
# scripts) waits for what that next page shows, up to this long: a busy machine (CI runs the
# browser, the live server and the tests on two cores) can take seconds where expect's 5 s
# default and expect_navigation's wait for the load event were racy. Nothing sleeps.
SERVER_STEP = 30_000

SUBMITTER = "欧阳娜仁花"
SUBMITTER_PHONE = "13687654321"


def login(context, url, username):
    page = context.new_page()
    page.goto(f"{url}/accounts/login/")
    page.fill("#id_login", username)
    page.fill("#id_password", TEST_PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"), timeout=SERVER_STEP)
    return page


def snap(page, name):
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], name
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def test_forward_sign_reply_accept_citizen_rates(
    page, browser, browser_context_args, live_server, ref, shoot
):
    categories = categories_ensure()
    dalate = ref["dalate"]
    staff_user = UserFactory(username="staff_dalate", role="staff", committee=dalate, name="李干事")
    department = DepartmentFactory(committee=dalate, name="达拉特旗住房和城乡建设局")
    DepartmentFactory(committee=dalate, name="达拉特旗交通运输局")
    UserFactory(
        username="dept_zhujian",
        role="department",
        committee=dalate,
        department=department,
        name="住建局办公室",
    )
    opinion, key = services.opinion_submit_public(
        channel=Channel.WEB,
        committee=dalate,
        title="树林召镇排水管网改造",
        content="情况：雨后积水。分析：管网老化。建议：改造排水管网。",
        category=categories[5],
        submitter_name=SUBMITTER,
        submitter_phone=SUBMITTER_PHONE,
        submitter_email="",
        consent=True,
    )
    services.opinion_adopt(opinion=opinion, by=staff_user, level=AdoptionLevel.BANNER)

    # --- staff forward it ------------------------------------------------------------------------
    staff = browser.new_context(**browser_context_args)
    desk = login(staff, live_server.url, "staff_dalate")
    desk.goto(f"{live_server.url}/opinions/desk/{opinion.pk}/")
    desk.locator("#actions .accordion-button").filter(
        has_text=re.compile(r"^\s*转交承办单位\s*$")
    ).click()
    form = desk.locator("#act-forward")
    expect(form).to_be_visible()
    form.locator("select[name='forward-lead']").select_option(label=department.name)
    expect(form.locator("input[name='forward-due_date']")).not_to_have_value("")
    form.locator("textarea[name='forward-comment']").fill("请研究办理并按期答复。")
    form.locator("button[type=submit]").click()
    # the desk page again (it said 已采用 before): the form was posted and the redirect followed
    expect(desk.locator("#opinion-status")).to_have_text("已转办", timeout=SERVER_STEP)
    expect(desk.locator("#forwardings")).to_contain_text(department.name)
    snap(desk, "e2e-forwarding-01-desk-forwarded")

    # --- the department signs and replies ----------------------------------------------------------
    dept_context = browser.new_context(**browser_context_args)
    dept = login(dept_context, live_server.url, "dept_zhujian")
    dept.goto(f"{live_server.url}/opinions/dept/")
    dept.get_by_role("link", name=re.compile("树林召镇排水管网改造")).click()
    expect(dept.locator("#forwarding-status")).to_have_text("待签收", timeout=SERVER_STEP)
    expect(dept.locator("main")).not_to_contain_text(SUBMITTER)
    expect(dept.locator("main")).not_to_contain_text(SUBMITTER_PHONE)
    expect(dept.locator("main")).not_to_contain_text("136****4321")
    snap(dept, "e2e-forwarding-02-department-new")
    dept.get_by_role("button", name="签收").click()
    expect(dept.locator("#forwarding-status")).to_have_text("办理中", timeout=SERVER_STEP)
    dept.fill("textarea[name='text']", "已将该路段排水管网改造纳入今年计划，10月底前完工。")
    dept.select_option("select[name='resolution']", "planned")
    dept.fill("input[name='contact_person']", "王科长 0477-1234567")
    dept.get_by_role("button", name="提交答复").click()
    expect(dept.locator("#forwarding-status")).to_have_text("已答复待审核", timeout=SERVER_STEP)
    expect(dept.locator("main")).not_to_contain_text(SUBMITTER)
    snap(dept, "e2e-forwarding-03-department-replied")
    dept_context.close()

    # --- staff accept, with an edited public reply -------------------------------------------------
    desk.goto(f"{live_server.url}/opinions/desk/{opinion.pk}/")
    review = desk.locator("form[action*='/review/']")
    review.get_by_role("radio", name="通过").check()
    review.locator("textarea[name$='-public_reply']").fill(
        "已将该路段排水管网改造纳入今年计划，10月底前完工。"
    )
    review.locator("button[type=submit]").click()
    expect(desk.locator("#opinion-status")).to_have_text("已答复", timeout=SERVER_STEP)
    staff.close()
    lead = Forwarding.objects.get(opinion=opinion)
    assert lead.status == Forwarding.Status.ACCEPTED

    # --- the citizen looks it up and rates it --------------------------------------------------------
    page.goto(f"{live_server.url}/opinions/track/")
    page.fill("#id_code", opinion.tracking_code)
    page.fill("#id_key", key)
    page.get_by_role("button", name="查询").click()
    expect(page.locator("#public-status")).to_have_text("已答复", timeout=SERVER_STEP)
    expect(page.locator("main")).to_contain_text("10月底前完工")
    expect(page.locator("main")).not_to_contain_text("王科长")  # internal details stay inside
    shoot("e2e-forwarding-04-tracking-replied")
    page.get_by_role("radio", name="满意", exact=True).check()
    page.fill("textarea[name='comment']", "感谢及时回复！")
    page.get_by_role("button", name="提交评价").click()
    expect(page.locator("#public-status")).to_have_text("已办结", timeout=SERVER_STEP)
    expect(page.locator("main")).to_contain_text("感谢您的评价")
    shoot("e2e-forwarding-05-tracking-closed")

    opinion = Opinion.objects.get(pk=opinion.pk)
    assert opinion.status == Status.CLOSED and opinion.satisfaction == "satisfied"
