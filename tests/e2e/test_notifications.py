"""The notification centre in the browser: a department user is told of a new forwarding,
sees the count on the bell (phone and desktop), opens the list, opens the notice (it goes to the
forwarding and is read), marks the rest read; screenshots of the list and the header at 375 and
1280 px."""

import re

import pytest
from playwright.sync_api import expect

from notifications.models import NoticeKind
from notifications.services import notice_add
from opinions import services
from opinions.models import AdoptionLevel, Channel
from tests.e2e.conftest import PHONE, SCREENSHOTS
from tests.members.factories import TEST_PASSWORD, UserFactory
from tests.opinions.factories import DepartmentFactory, categories_ensure

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
DESKTOP = {"width": 1280, "height": 800}


def login(context, url, username):
    page = context.new_page()
    page.goto(f"{url}/accounts/login/")
    page.fill("#id_login", username)
    page.fill("#id_password", TEST_PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))
    return page


def snap(page, name, *, full=True):
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=full)


def test_department_user_sees_the_bell_and_opens_the_notice(
    browser, browser_context_args, live_server, ref
):
    dalate = ref["dalate"]
    staff = UserFactory(username="staff_dalate", role="staff", committee=dalate, name="李干事")
    department = DepartmentFactory(committee=dalate, name="达拉特旗住房和城乡建设局")
    dept_user = UserFactory(
        username="dept_zhujian",
        role="department",
        committee=dalate,
        department=department,
        name="住建局办公室",
        email="zhujian@example.gov.cn",
    )
    opinion, _key = services.opinion_submit_public(
        channel=Channel.WEB,
        committee=dalate,
        title="树林召镇排水管网改造",
        content="情况：雨后积水。分析：管网老化。建议：改造排水管网。",
        category=categories_ensure()[5],
        submitter_name="欧阳娜仁花",
        submitter_phone="13687654321",
        submitter_email="",
        consent=True,
    )
    services.opinion_adopt(opinion=opinion, by=staff, level=AdoptionLevel.BANNER)
    (forwarding,) = services.opinion_forward(
        opinion=opinion, by=staff, lead=department, due_date=services.default_due_date()
    )
    for i in range(2):
        notice_add(
            user=dept_user,
            text=f"转办件“示例{i}”已超过办理期限，请尽快答复。",
            link=f"/opinions/dept/{forwarding.pk}/",
            cause=f"e2e:{i}",
            kind=NoticeKind.FORWARDING,
        )

    # --- phone: the bell sits beside the menu button with its count ----------------------------
    phone = browser.new_context(**browser_context_args)
    page = login(phone, live_server.url, "dept_zhujian")
    bell = page.locator("a.notice-bell")
    expect(bell).to_be_visible()
    expect(bell.locator(".notice-badge")).to_have_text("3")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    snap(page, "notifications-header-375", full=False)
    bell.click()
    expect(page).to_have_url(re.compile(r"/notifications/$"))
    expect(page.locator("main li.card")).to_have_count(3)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    snap(page, "notifications-list-375")

    # opening the notice of the new forwarding goes to it and marks it read
    page.get_by_role("link", name=re.compile("新的转办件")).click()
    expect(page).to_have_url(re.compile(rf"/opinions/dept/{forwarding.pk}/$"))
    expect(page.locator("a.notice-bell .notice-badge")).to_have_text("2")

    # --- desktop: the bell at the right end of the menu; mark all read ------------------------
    desktop = browser.new_context(
        **{**browser_context_args, "viewport": DESKTOP, "is_mobile": False, "has_touch": False}
    )
    wide = login(desktop, live_server.url, "dept_zhujian")
    snap(wide, "notifications-header-1280", full=False)
    wide.locator("a.notice-bell").click()
    wide.get_by_label("只看未读").check()
    wide.get_by_role("button", name="查询").click()
    expect(wide.locator("main li.card")).to_have_count(2)
    snap(wide, "notifications-list-1280")
    wide.get_by_role("button", name="全部标为已读").click()
    expect(wide.locator("main li.card")).to_have_count(0)
    expect(wide.locator("a.notice-bell .notice-badge")).to_have_count(0)
    wide.get_by_role("link", name="通知设置").click()
    snap(wide, "notifications-settings-1280")
    wide.get_by_label("转办件").uncheck()
    wide.get_by_role("button", name="保存设置").click()
    expect(wide.locator(".alert-success")).to_contain_text("通知设置已保存")
    phone.close()
    desktop.close()
