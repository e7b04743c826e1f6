"""Browser test on a 375 px phone screen: a community orders a 委员讲堂 lecture from the menu,
staff dispatch it, the member accepts and agrees a date, staff record the delivery, and the
community rates it through its private link."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from accounts.models import User
from lectures import services
from lectures.models import LectureOrder
from ledger.models import LedgerEntry
from tests.members.factories import MemberUserFactory, UserFactory

from .conftest import SCREENSHOTS

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _context(browser, live_server, user=None):
    context = browser.new_context(viewport={"width": 375, "height": 812}, locale="zh-CN")
    if user is not None:
        client = Client()
        client.force_login(user)
        context.add_cookies(
            [
                {
                    "name": "sessionid",
                    "value": client.cookies["sessionid"].value,
                    "url": live_server.url,
                }
            ]
        )
    return context.new_page()


def _narrow(page, name):
    assert page.evaluate("document.documentElement.scrollWidth") <= 375, name
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"lecture-{name}.png"), full_page=True)


def test_community_orders_a_lecture_and_rates_it(browser, live_server, settings, tmp_path):
    from org.models import Committee
    from org.reference import reference_data_load

    reference_data_load()
    settings.MEDIA_ROOT = tmp_path
    settings.REQUIRE_MFA = False
    settings.SUBMISSION_MIN_SECONDS = 0
    dalate = Committee.objects.get(code="dalate")
    member = MemberUserFactory(committee=dalate, name="讲堂委员")
    staff = UserFactory(role=User.Role.STAFF, committee=dalate, username="staff_lecture_e2e")
    offering = services.offering_save(
        by=member.user,
        member=member,
        title="防范电信网络诈骗",
        field="law",
        audience="老年人",
        length_minutes=60,
        description="讲常见骗局和防范办法。",
    )
    services.offering_submit(offering=offering, by=member.user)
    services.offering_approve(offering=offering, by=staff)
    today = timezone.localdate().isoformat()

    # the community, on a phone, without an account
    citizen = _context(browser, live_server)
    citizen.goto(f"{live_server.url}/jiangtang/?field=law")
    _narrow(citizen, "menu")
    citizen.get_by_role("link", name="点这堂课").click()
    citizen.wait_for_url("**/jiangtang/order/**")
    citizen.get_by_label("单位类型").select_option("community")
    citizen.get_by_label("单位名称").fill("树林召镇光明社区")
    citizen.get_by_label("授课地点").fill("光明社区活动室")
    citizen.get_by_label("预计听众人数").fill("50")
    citizen.get_by_label("希望的时间").fill("下周六上午")
    citizen.locator("#id_contact_name").fill("刘主任")
    citizen.get_by_label("联系电话").fill("13800005678")
    citizen.get_by_label("我同意政协机关和授课委员使用以上联系信息安排讲座").check()
    _narrow(citizen, "order-form")
    citizen.get_by_role("button", name="提交点单").click()
    citizen.wait_for_url("**/jiangtang/d/**")
    private_link = citizen.url
    order = LectureOrder.objects.get()
    assert order.code in citizen.content() and order.flags == []
    _narrow(citizen, "requester-new")

    # staff dispatch it to the offering's author (listed first)
    desk = _context(browser, live_server, staff)
    desk.goto(f"{live_server.url}/consultations/lectures/orders/?status=new")
    desk.get_by_role("link", name="防范电信网络诈骗").click()
    desk.get_by_label("派给委员").select_option(str(member.pk))
    _narrow(desk, "dispatch")
    desk.get_by_role("button", name="派单").click()
    desk.wait_for_load_state()
    assert "已派单" in desk.content()

    # the member accepts and agrees the date
    mine = _context(browser, live_server, member.user)
    mine.goto(f"{live_server.url}/consultations/lectures/mine/")
    mine.get_by_role("link", name="防范电信网络诈骗").first.click()  # the order, above the offering
    mine.get_by_role("button", name="接单", exact=True).click()
    mine.wait_for_load_state()
    mine.get_by_label("约定日期").fill(today)
    mine.get_by_label("时间（可选）").fill("上午9:30")
    mine.get_by_role("button", name="保存约定时间").click()
    mine.wait_for_load_state()
    assert "授课时间已约定" in mine.content()

    # staff record the delivery
    desk.reload()
    desk.get_by_label("实际听众人数").fill("46")
    desk.get_by_label("授课情况").fill("讲了六种常见骗局，现场答疑。")
    desk.get_by_role("button", name="登记授课完成").click()
    desk.wait_for_load_state()
    assert "已登记授课完成" in desk.content()
    order.refresh_from_db()
    assert order.activity.status == "confirmed"
    assert LedgerEntry.objects.active().filter(member=member).count() == 1

    # the community rates it through the private link
    citizen.goto(private_link)
    citizen.locator("input[name=rating][value=satisfied]").check()
    citizen.get_by_label("意见和建议（可选）").fill("讲得很实用，老人们都听懂了。")
    citizen.get_by_role("button", name="提交评价").click()
    citizen.wait_for_load_state()
    assert "感谢您的评价" in citizen.content()
    _narrow(citizen, "requester-rated")
    order.refresh_from_db()
    assert order.status == "rated" and order.rating == "satisfied"
    assert datetime.date.fromisoformat(today) == order.delivered_on
