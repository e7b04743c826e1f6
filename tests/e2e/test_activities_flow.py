"""Browser test on a 375 px phone screen: a member logs an activity with a photo, staff of the
committee confirm it, and the member's 履职档案 shows the points."""

import io

import pytest
from django.test import Client
from PIL import Image

from accounts.models import User
from liaison.models import Activity
from tests.members.factories import MemberUserFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
# ``browser`` is pytest-playwright's session browser (tests/e2e/conftest.py): a second
# sync_playwright() of its own failed whenever another browser test had run first.


def _phone_page(browser, live_server, user):
    """A 375 px wide page already logged in as ``user`` (session made by the test client)."""
    client = Client()
    client.force_login(user)
    context = browser.new_context(viewport={"width": 375, "height": 812}, locale="zh-CN")
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    return context.new_page()


def test_member_logs_activity_staff_confirm_points_show(
    browser, live_server, settings, tmp_path, transactional_db
):
    from org.models import Committee
    from org.reference import reference_data_load

    reference_data_load()
    settings.MEDIA_ROOT = tmp_path
    settings.REQUIRE_MFA = False
    dalate = Committee.objects.get(code="dalate")
    member = MemberUserFactory(committee=dalate, name="手机委员")
    staff = UserFactory(role=User.Role.STAFF, committee=dalate, username="staff_e2e")
    photo = tmp_path / "visit.jpg"
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), "green").save(buffer, format="JPEG")
    photo.write_bytes(buffer.getvalue())

    page = _phone_page(browser, live_server, member.user)
    page.goto(f"{live_server.url}/members/activities/new/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375  # no sideways scroll
    page.get_by_label("活动类型").select_option("survey")
    page.get_by_label("活动名称").fill("走访林原村养殖户")
    page.get_by_label("联系群众人数").fill("12")
    page.get_by_label("活动情况").fill("了解饲草料储备和羊绒销售情况。")
    page.get_by_label("活动照片").set_input_files(str(photo))
    page.get_by_role("button", name="提交确认").click()
    page.wait_for_url("**/members/activities/*/")
    assert "待确认" in page.content()
    assert page.locator("img.img-thumbnail").count() == 1
    activity = Activity.objects.get(title="走访林原村养殖户")
    assert activity.photos.count() == 1

    staff_page = _phone_page(browser, live_server, staff)
    staff_page.goto(f"{live_server.url}/members/activities/desk/")
    staff_page.get_by_role("link", name="走访林原村养殖户").click()
    staff_page.get_by_role("button", name="确认活动").click()
    staff_page.wait_for_load_state()
    assert "已确认" in staff_page.content()

    page.goto(f"{live_server.url}/members/ledger/")
    assert page.locator("#ledger-total").inner_text().strip() == "3.00"
    assert page.get_by_role("link", name="走访调研：走访林原村养殖户").count() == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
