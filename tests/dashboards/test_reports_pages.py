"""The reports' pages: who opens what (a 旗区's leaders and office their own committee, municipal
ones all ten), constant query counts, the XLSX download, 重新生成 with its confirmation."""

from __future__ import annotations

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from accounts.models import User
from dashboards.reports import services
from dashboards.reports.models import Report
from dashboards.reports.periods import Kind
from org.models import Committee
from tests.dashboards.worlds import consultation_world
from tests.members.factories import MemberFactory
from tests.opinions.factories import OpinionFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_now")]

MAY = datetime.date(2026, 5, 1)
ARCHIVE = reverse("dashboards:reports:archive")


@pytest.fixture
def reports(ref):
    """Every committee's May report, made by the beat job."""
    return {r.committee.code: r for r in services.periodic_reports_make(kind=Kind.MONTHLY)}


@pytest.fixture
def users(make_user, municipal, dalate, member_user):
    return {
        "leader": make_user(User.Role.LEADER, municipal, username="leader"),
        "leader_dlt": make_user(User.Role.LEADER, dalate, username="leader_dlt"),
        "staff": make_user(User.Role.STAFF, municipal, username="staff"),
        "staff_dlt": make_user(User.Role.STAFF, dalate, username="staff_dlt"),
        "member": member_user,
        "department": make_user(User.Role.DEPARTMENT, dalate, username="dept_dlt"),
    }


def detail(report):
    return reverse("dashboards:reports:detail", kwargs={"pk": report.pk})


def download(report):
    return reverse("dashboards:reports:download", kwargs={"pk": report.pk})


# who sees which committee's reports: None = refused (403)
SEES = {
    "leader": 10,
    "staff": 10,
    "leader_dlt": 1,
    "staff_dlt": 1,
    "member": None,
    "department": None,
}


@pytest.mark.parametrize("who", sorted(SEES))
def test_who_opens_the_archive_and_which_reports(client, users, reports, who):
    client.force_login(users[who])
    response = client.get(ARCHIVE)
    if SEES[who] is None:
        assert response.status_code == 403
        assert client.get(detail(reports["dalate"])).status_code == 403
        assert client.get(download(reports["dalate"])).status_code == 403
        return
    assert response.status_code == 200
    shown = {r.committee.code for r in response.context["reports"]}
    assert len(shown) == SEES[who]
    assert "dalate" in shown
    assert client.get(detail(reports["dalate"])).status_code == 200
    assert client.get(download(reports["dalate"])).status_code == 200
    expected = 200 if SEES[who] == 10 else 404
    assert client.get(detail(reports["zhungeer"])).status_code == expected
    assert client.get(download(reports["zhungeer"])).status_code == expected


def test_the_anonymous_are_sent_to_log_in(client, reports):
    for url in (ARCHIVE, detail(reports["dalate"]), download(reports["dalate"])):
        response = client.get(url)
        assert response.status_code == 302 and "/login/" in response["Location"]


def test_municipal_users_filter_by_committee_and_kind(client, users, reports, dalate):
    client.force_login(users["leader"])
    response = client.get(ARCHIVE, {"committee": dalate.pk, "kind": "monthly", "year": 2026})
    assert [r.pk for r in response.context["reports"]] == [reports["dalate"].pk]
    assert not list(client.get(ARCHIVE, {"kind": "weekly"}).context["reports"])


def test_a_banner_user_has_no_committee_filter(client, users, reports):
    client.force_login(users["leader_dlt"])
    response = client.get(ARCHIVE)
    assert "committee" not in response.context["filter"].form.fields


def test_bad_filter_input_is_a_message_not_an_error(client, users, reports):
    client.force_login(users["staff"])
    response = client.get(ARCHIVE, {"year": "二〇二六", "kind": "daily", "committee": "x"})
    assert response.status_code == 200
    assert "请填写四位数的年份" in response.content.decode()
    assert not list(response.context["reports"])


def test_the_report_page_is_a_document_of_the_committee(client, users, reports):
    client.force_login(users["leader"])
    page = client.get(detail(reports["ordos"])).content.decode()
    assert "鄂政协〔2026〕月报第5期" in page
    assert "鄂尔多斯市政协2026年5月委员联系群众工作月报" in page
    assert "report-print.css" in page
    assert "二、分旗区情况" in page
    assert '<th scope="row">伊金霍洛旗</th>' in page  # all ten in the breakdown
    assert "暂无" not in page  # consultations and lectures are counted
    assert "协商活动分形式情况" in page and "讲堂授课" in page
    assert "重新生成" not in page  # a leader reads; the office remakes


def test_xlsx_opens_and_holds_the_figures(client, users, dalate):
    OpinionFactory(
        committee=dalate, submitted_at=datetime.datetime(2026, 5, 4, 9, tzinfo=datetime.UTC)
    )
    OpinionFactory(
        committee=dalate, submitted_at=datetime.datetime(2026, 5, 5, 9, tzinfo=datetime.UTC)
    )
    members = [MemberFactory(committee=dalate) for _ in range(2)]
    consultation_world(dalate, members, datetime.datetime(2026, 5, 5, 9, tzinfo=datetime.UTC), 0)
    report = services.generate_report(committee=dalate, kind=Kind.MONTHLY, period_start=MAY)
    client.force_login(users["staff_dlt"])
    response = client.get(download(report))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "report-dalate-monthly-2026-05-01-v1.xlsx" in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    assert book.sheetnames[:2] == ["报告", "主要数据"]
    cover = {row[0]: row[1] for row in book["报告"].iter_rows(values_only=True)}
    assert cover["文号"] == "达政协〔2026〕月报第5期"
    summary = {row[0]: row[1] for row in book["主要数据"].iter_rows(values_only=True)}
    assert summary["收到社情民意（件）"] == 2 == report.figures["totals"]["received"]
    assert summary["在任委员（人）"] == report.figures["totals"]["members"]
    assert summary["协商活动（场）"] == 1 == report.figures["totals"]["consultations"]
    assert summary["协商成果采纳（项）"] == 1
    assert summary["委员讲堂授课（场）"] == 1
    kinds = list(book["协商活动分形式情况"].iter_rows(values_only=True))
    assert kinds[1] == ("界别协商", 1, 1, 1)
    assert "分旗区情况" not in book.sheetnames
    categories = list(book["社情民意分类情况"].iter_rows(values_only=True))
    assert categories[1] == ("民生保障", 2, 0)


def test_the_municipal_xlsx_has_the_ten_committees(client, users, reports):
    client.force_login(users["staff"])
    book = load_workbook(io.BytesIO(client.get(download(reports["ordos"])).content), read_only=True)
    rows = list(book["分旗区情况"].iter_rows(values_only=True))
    assert len(rows) == 1 + 10 + 1  # header, ten committees, 合计
    assert rows[-1][0] == "合计"


def test_regenerate_needs_the_confirmation(client, users, reports):
    report = reports["dalate"]
    client.force_login(users["staff_dlt"])
    url = reverse("dashboards:reports:regenerate", kwargs={"pk": report.pk})
    response = client.post(url, follow=True)
    assert "请勾选确认后再重新生成" in response.content.decode()
    assert Report.objects.filter(committee=report.committee).count() == 1
    response = client.post(url, {"confirm": "on"}, follow=True)
    new = Report.objects.get(committee=report.committee, version=2)
    assert response.redirect_chain[-1][0] == detail(new)
    assert "已重新生成第2版" in response.content.decode()
    old_page = client.get(detail(report)).content.decode()
    assert "本报告已有更新的版本（第2版）" in old_page


def test_regenerate_refused_to_leaders_and_other_committees_office(client, users, reports):
    url = reverse("dashboards:reports:regenerate", kwargs={"pk": reports["dalate"].pk})
    client.force_login(users["leader_dlt"])
    assert client.post(url, {"confirm": "on"}).status_code == 403
    client.force_login(users["staff"])  # municipal office: sees it, may not change it
    assert client.post(url, {"confirm": "on"}).status_code == 403
    client.force_login(users["staff_dlt"])
    zhungeer = reverse("dashboards:reports:regenerate", kwargs={"pk": reports["zhungeer"].pk})
    assert client.post(zhungeer, {"confirm": "on"}).status_code == 404
    assert Report.objects.count() == 10


# --- query counts ------------------------------------------------------------------------------
def test_archive_queries_do_not_grow_with_reports(
    client, users, reports, django_assert_max_num_queries
):
    client.force_login(users["staff"])
    client.get(ARCHIVE)  # warm caches
    with django_assert_max_num_queries(12) as few:
        client.get(ARCHIVE)
    for committee in Committee.objects.all():
        for month in (1, 2, 3, 4):
            services.generate_report(
                committee=committee, kind=Kind.MONTHLY, period_start=datetime.date(2026, month, 1)
            )
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(ARCHIVE)
    assert len(response.context["reports"]) == 30


def test_report_page_and_download_queries_are_constant(
    client, users, reports, django_assert_max_num_queries
):
    client.force_login(users["staff"])
    client.get(detail(reports["ordos"]))
    with django_assert_max_num_queries(12):
        client.get(detail(reports["ordos"]))
    for _ in range(3):
        services.regenerate_report(report=reports["ordos"], by=users["staff"])
    with django_assert_max_num_queries(12):
        client.get(detail(reports["ordos"]))
    with django_assert_max_num_queries(10):
        client.get(download(reports["ordos"]))


def test_the_archive_filters_and_the_regenerate_form_are_labelled(client, users, reports):
    from tests.utils import form_controls, unlabelled_controls

    client.force_login(users["staff_dlt"])
    for url, minimum in ((ARCHIVE, 2), (detail(reports["dalate"]), 1)):
        html = client.get(url).content.decode()
        assert len(form_controls(html)) >= minimum
        assert unlabelled_controls(html) == []


def test_the_admin_shows_reports_read_only(client, admin, reports):
    report = reports["dalate"]
    client.force_login(admin)
    assert client.get(reverse("admin:dashboards_report_changelist")).status_code == 200
    change = reverse("admin:dashboards_report_change", args=[report.pk])
    page = client.get(change)
    assert page.status_code == 200
    assert client.post(change, {"version": 9}).status_code == 403
    assert client.post(reverse("admin:dashboards_report_add")).status_code == 403
    delete = reverse("admin:dashboards_report_delete", args=[report.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    report.refresh_from_db()
    assert report.version == 1
