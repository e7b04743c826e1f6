"""The periodic reports in the browser: a municipal leader opens 周期报告 from the menu, filters
the archive to one committee, opens the municipal monthly report (the red masthead, the
breakdown by committee) and downloads its XLSX; a 旗区's office remakes a report through the
confirmation. Screenshots of the archive and the report at 375 and 1280 px (test-results/)."""

import datetime
import io
import re

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from dashboards.reports import services
from dashboards.reports.models import Report
from dashboards.reports.periods import Kind
from tests.e2e.conftest import PHONE, SCREENSHOTS
from tests.members.factories import TEST_PASSWORD, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
DESKTOP = {"width": 1280, "height": 800}
MAY = datetime.date(2026, 5, 1)


def login(context, url, username):
    page = context.new_page()
    page.goto(f"{url}/accounts/login/")
    page.fill("#id_login", username)
    page.fill("#id_password", TEST_PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))
    return page


def snap(page, name):
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def no_sideways_scroll(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    viewport = page.viewport_size["width"]
    assert width <= viewport, f"{page.url}: {width}px wide on a {viewport}px screen"


@pytest.fixture
def reports(ref):
    return {
        r.committee.code: r
        for r in services.periodic_reports_make(kind=Kind.MONTHLY, today=datetime.date(2026, 6, 2))
    }


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["375", "1280"])
def test_leader_reads_and_downloads_the_municipal_report(
    browser, browser_context_args, live_server, ref, reports, viewport
):
    UserFactory(username="leader_ordos", role="leader", committee=ref["ordos"], name="高建军")
    context = browser.new_context(
        **{**browser_context_args, "viewport": viewport, "accept_downloads": True}
    )
    page = login(context, live_server.url, "leader_ordos")
    page.goto(f"{live_server.url}/dashboards/reports/")
    expect(page.get_by_role("heading", name=re.compile("周期报告"))).to_be_visible()
    expect(page.locator(".report-archive li")).to_have_count(10)
    no_sideways_scroll(page)
    snap(page, f"reports-archive-{viewport['width']}")

    page.select_option("#id_committee", label="达拉特旗政协")
    page.get_by_role("button", name="查询").click()
    expect(page.locator(".report-archive li")).to_have_count(1)

    page.goto(f"{live_server.url}/dashboards/reports/{reports['ordos'].pk}/")
    expect(page.locator(".report-issuer")).to_have_text("鄂尔多斯市政协")
    expect(page.locator(".report-number")).to_have_text("鄂政协〔2026〕月报第5期")
    expect(page.locator(".report-section-by_committee tbody tr")).to_have_count(11)
    no_sideways_scroll(page)
    snap(page, f"reports-monthly-{viewport['width']}")

    with page.expect_download() as download:
        page.get_by_role("link", name="下载 XLSX").first.click()
    assert download.value.suggested_filename == "report-ordos-monthly-2026-05-01-v1.xlsx"
    with open(download.value.path(), "rb") as handle:  # saved without an extension
        book = load_workbook(io.BytesIO(handle.read()), read_only=True)
    assert "分旗区情况" in book.sheetnames
    context.close()


def test_banner_office_remakes_a_report_after_confirming(
    browser, browser_context_args, live_server, ref, reports
):
    UserFactory(username="staff_dlt", role="staff", committee=ref["dalate"], name="张海燕")
    context = browser.new_context(**browser_context_args)
    page = login(context, live_server.url, "staff_dlt")
    page.goto(f"{live_server.url}/dashboards/reports/{reports['dalate'].pk}/")
    button = page.get_by_role("button", name="重新生成报告")
    button.click()  # the box is required: the browser keeps the form
    assert Report.objects.filter(committee=ref["dalate"]).count() == 1
    page.get_by_label(re.compile("我确认以当前数据生成新版本")).check()
    button.click()
    expect(page.get_by_role("status")).to_contain_text("已重新生成第2版")
    expect(page.locator(".report-number")).to_have_text("达政协〔2026〕月报第5期（第2版）")
    snap(page, "reports-regenerated-375")
    context.close()
