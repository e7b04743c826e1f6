"""Staff find a member on a phone; a member updates their own phone number on a phone."""

import re

import pytest
from playwright.sync_api import expect

from members.models import Member
from org.models import Sector
from tests.members.factories import TEST_PASSWORD, MemberFactory, MemberUserFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _log_in(page, live_server, username, screenshot=None):
    page.goto(f"{live_server.url}/accounts/login/")
    if screenshot:
        screenshot("e2e-00-login")
    page.fill("#id_login", username)
    page.fill("#id_password", TEST_PASSWORD)
    page.locator("main form button[type=submit]").click()


def test_staff_filters_directory_and_opens_member(page, live_server, ref, shoot):
    dalate = ref["dalate"]
    education = Sector.objects.get(committee=dalate, name="教育")
    economy = Sector.objects.get(committee=dalate, name="经济")
    MemberFactory(
        committee=dalate,
        name="苏日娜",
        sector=education,
        work_unit="达拉特旗第一中学",
        position="校长",
    )
    MemberFactory(
        committee=dalate, name="高志远", sector=education, work_unit="达拉特旗职业技术学校"
    )
    MemberFactory(committee=dalate, name="郝建国", sector=economy, work_unit="达拉特旗发改委")
    MemberFactory(
        committee=ref["zhungeer"],
        name="准旗委员",
        sector=Sector.objects.get(committee=ref["zhungeer"], name="教育"),
    )
    UserFactory(username="staff_dalate", role="staff", committee=dalate, name="李干事")

    _log_in(page, live_server, "staff_dalate", screenshot=shoot)
    expect(page).to_have_url(re.compile(r"/dashboards/office/$"))
    expect(page.locator("h1")).to_contain_text("工作台")
    shoot("e2e-01-staff-office")

    page.goto(f"{live_server.url}/members/")
    rows = page.locator("table tbody tr")
    expect(rows).to_have_count(3)
    page.select_option("#id_sector", label="教育")
    page.get_by_role("button", name="查询").click()
    expect(page).to_have_url(re.compile(r"sector="))
    expect(rows).to_have_count(2)
    expect(page.locator("table tbody")).not_to_contain_text("郝建国")
    expect(page.locator("table tbody")).not_to_contain_text("准旗委员")
    shoot("e2e-02-directory-filtered")

    page.get_by_role("link", name="苏日娜").click()
    expect(page.locator("h1")).to_contain_text("苏日娜")
    expect(page.locator("main")).to_contain_text("达拉特旗第一中学")
    expect(page.get_by_role("link", name="编辑资料")).to_be_visible()
    shoot("e2e-03-member-detail")


def test_member_edits_own_phone(page, live_server, ref, shoot):
    member = MemberUserFactory(
        committee=ref["dalate"],
        name="其木格",
        phone="13900000001",
        user__username="qimuge",
    )

    _log_in(page, live_server, "qimuge")
    expect(page).to_have_url(re.compile(r"/dashboards/member/$"))  # the member's work queues
    page.get_by_role("link", name="我的履职信息", exact=True).click()
    expect(page).to_have_url(re.compile(r"/members/me/$"))
    expect(page.locator("h1")).to_contain_text("其木格")
    shoot("e2e-04-member-home")

    page.get_by_role("link", name="修改联系方式").first.click()
    expect(page).to_have_url(re.compile(r"/members/me/contact/$"))
    page.fill("#id_phone", "12345")
    page.get_by_role("button", name="保存").click()
    expect(page.locator("#id_phone_errors")).to_contain_text("手机号码")
    shoot("e2e-05-contact-error")

    page.fill("#id_phone", "13647712345")
    page.fill("#id_address", "达拉特旗树林召镇")
    page.get_by_role("button", name="保存").click()
    expect(page).to_have_url(re.compile(r"/members/me/$"))
    expect(page.locator("main")).to_contain_text("联系方式已更新")
    expect(page.locator("main")).to_contain_text("13647712345")
    shoot("e2e-06-member-phone-saved")

    member.refresh_from_db()
    assert member.phone == "13647712345"
    assert member.address == "达拉特旗树林召镇"
    assert Member.objects.get(pk=member.pk).updated_by == member.user
