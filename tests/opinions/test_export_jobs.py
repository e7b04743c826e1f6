"""Desk exports above ``EXPORT_SYNC_MAX_ROWS`` become export jobs (exports app): the user is sent
to 导出任务, a worker writes the file with the same rows, masking and formula guards a direct
export has, the audit entry lists the revealed contacts, the requester is notified with the
download link, and only they may download it (logged)."""

from __future__ import annotations

import csv
import io

import pytest
import rules
from django.test import override_settings
from django.urls import reverse
from openpyxl import load_workbook

from accounts.models import User
from accounts.rules import in_changeable_committee, is_office
from audit.models import AuditLog
from exports.models import ExportJob
from notifications.models import OutboxMessage

pytestmark = pytest.mark.django_db

PHONE = "13912345678"


def file_rows(job: ExportJob) -> list[list]:
    with job.file.open("rb") as f:
        data = f.read()
    if job.fmt == "csv":
        return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    sheet = load_workbook(io.BytesIO(data), read_only=True).active
    return [["" if v is None else v for v in row] for row in sheet.iter_rows(values_only=True)]


def response_rows(response, fmt) -> list[list]:
    data = response.getvalue()
    if fmt == "csv":
        return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    sheet = load_workbook(io.BytesIO(data), read_only=True).active
    return [["" if v is None else v for v in row] for row in sheet.iter_rows(values_only=True)]


@pytest.fixture
def many(make_public, dalate, zhungeer, municipal):
    """Five 达拉特旗 opinions (one with a formula for a title), one of 准格尔旗, one municipal."""
    opinions = [make_public(dalate, title=f"第{i}条建言")[0] for i in range(4)]
    opinions.append(make_public(dalate, title='=HYPERLINK("http://e.vil","点")')[0])
    opinions.append(make_public(zhungeer, title="准格尔旗的建言")[0])
    opinions.append(
        make_public(
            municipal, title="全市的建言", submitter_name="王市民", submitter_phone="13800005555"
        )[0]
    )
    return opinions


def export_as_job(client, django_capture_on_commit_callbacks, fmt, **query):
    with (
        override_settings(EXPORT_SYNC_MAX_ROWS=2),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client.get(reverse("opinions:export", args=[fmt]), query)
    assert response.status_code == 302 and response["Location"] == reverse("exports:jobs")
    return ExportJob.objects.latest("pk")


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_large_export_becomes_a_job_with_the_same_rows(
    client, staff_dalate, many, fmt, django_capture_on_commit_callbacks
):
    client.force_login(staff_dalate)
    direct = response_rows(client.get(reverse("opinions:export", args=[fmt])), fmt)
    AuditLog.objects.all().delete()
    job = export_as_job(client, django_capture_on_commit_callbacks, fmt)
    assert job.status == ExportJob.Status.READY and job.requested_by == staff_dalate
    assert job.row_count == 5 and not job.truncated
    assert file_rows(job) == direct  # same rows, same order, masked, formula made inert
    assert any(row[1].startswith("'=HYPERLINK") for row in direct[1:])
    assert {row[11] for row in direct[1:]} == {"139****5678"}
    log = AuditLog.objects.get(action="export_opinions")
    assert log.actor == staff_dalate and log.target == fmt
    assert log.detail["job"] == job.pk and log.detail["rows"] == 5
    assert "contact_ids" not in log.detail
    notice = OutboxMessage.objects.get(cause=f"export_ready:{job.pk}")
    assert notice.recipient == f"user:{staff_dalate.pk}"
    assert notice.link == reverse("exports:download", args=[job.token])
    # the jobs page lists it with its download link
    page = client.get(reverse("exports:jobs")).content.decode()
    assert "社情民意审核列表" in page and reverse("exports:download", args=[job.token]) in page


def test_a_job_with_contacts_logs_the_revealed_rows(
    client, staff_municipal, many, django_capture_on_commit_callbacks
):
    client.force_login(staff_municipal)
    job = export_as_job(client, django_capture_on_commit_callbacks, "csv", contacts="1")
    header, *body = file_rows(job)
    phone = header.index("手机号码")
    by_title = {row[1]: row for row in body}
    assert by_title["全市的建言"][phone] == "13800005555"  # the municipal office's own row
    assert by_title["准格尔旗的建言"][phone] == "139****5678"  # a banner's row stays masked
    log = AuditLog.objects.get(action="export_opinions_contacts")
    assert log.detail["contact_ids"] == [many[-1].pk] and log.detail["job"] == job.pk


def test_the_job_applies_the_filters(
    client, staff_dalate, many, django_capture_on_commit_callbacks
):
    client.force_login(staff_dalate)
    with (
        override_settings(EXPORT_SYNC_MAX_ROWS=0),
        django_capture_on_commit_callbacks(execute=True),
    ):
        client.get(reverse("opinions:export", args=["csv"]), {"q": "第1条"})
    job = ExportJob.objects.get()
    assert job.params == {"q": ["第1条"]}
    assert [row[1] for row in file_rows(job)[1:]] == ["第1条建言"]


def test_a_job_stops_at_the_maximum_and_says_so(
    client, staff_dalate, many, django_capture_on_commit_callbacks
):
    client.force_login(staff_dalate)
    with override_settings(EXPORT_MAX_ROWS=3):
        job = export_as_job(client, django_capture_on_commit_callbacks, "csv")
    assert job.row_count == 3 and job.truncated and len(file_rows(job)) == 4
    assert "已达上限" in client.get(reverse("exports:jobs")).content.decode()


def test_only_the_requester_downloads_and_every_download_is_logged(
    client, staff_dalate, many, make_user, dalate, admin, django_capture_on_commit_callbacks
):
    client.force_login(staff_dalate)
    job = export_as_job(client, django_capture_on_commit_callbacks, "xlsx")
    url = reverse("exports:download", args=[job.token])
    response = client.get(url)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert "attachment" in response["Content-Disposition"] and response.getvalue()[:2] == b"PK"
    log = AuditLog.objects.get(action="export_download")
    assert log.actor == staff_dalate and log.detail["job"] == job.pk
    colleague = make_user(User.Role.STAFF, dalate, username="staff_dalate_2")
    for other in (colleague, admin):  # not a colleague, not even the administrator
        client.force_login(other)
        assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302  # to the login page
    assert AuditLog.objects.filter(action="export_download").count() == 1
    # a requester who no longer holds the role the export needed loses the file too
    staff_dalate.role = User.Role.MEMBER
    staff_dalate.save()
    client.force_login(staff_dalate)
    assert client.get(url).status_code == 404


def test_a_job_fails_when_the_requester_lost_the_contacts_permission(
    client, staff_municipal, many, django_capture_on_commit_callbacks
):
    """Asked with contacts, run after the right was taken away: failed, nothing written."""
    client.force_login(staff_municipal)
    with (
        override_settings(EXPORT_SYNC_MAX_ROWS=2),
        django_capture_on_commit_callbacks(execute=False) as callbacks,
    ):
        client.get(reverse("opinions:export", args=["csv"]), {"contacts": "1"})
    rules.set_perm("opinions.export_contacts", rules.always_deny)
    try:
        for callback in callbacks:
            callback()
    finally:
        rules.set_perm("opinions.export_contacts", is_office & in_changeable_committee)
    job = ExportJob.objects.get()
    assert job.status == ExportJob.Status.FAILED and not job.file and "权限" in job.error
    assert not AuditLog.objects.filter(action="export_opinions_contacts").exists()
    assert OutboxMessage.objects.filter(cause=f"export_failed:{job.pk}").exists()
