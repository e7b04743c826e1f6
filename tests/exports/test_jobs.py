"""Export jobs (exports app): the 导出任务 page (who may open it, one's own jobs only, a bounded
number of queries), a job runs once, a failing job says so, and the hourly sweep deletes expired
files and fails jobs a lost worker left behind."""

from __future__ import annotations

import datetime
import os

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from exports.models import ExportJob
from exports.services import ExportFile, export_job_create, export_job_run, export_jobs_sweep
from notifications.models import OutboxMessage
from tests.utils import queries_for

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_now")]


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


def produce(job):
    return ExportFile(filename="test", header=["n"], rows=([i] for i in range(3)))


def make_job(user, *, run=True, fmt="csv"):
    job = export_job_create(
        by=user,
        kind="test",
        title="测试导出",
        fmt=fmt,
        params={},
        permission="exports.view_export_jobs",
        task=lambda job_id: None,  # run below, by hand
    )
    if run:
        export_job_run(job_id=job.pk, produce=produce)
        job.refresh_from_db()
    return job


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("staff", 200),
        ("leader", 200),
        ("admin", 200),
        ("member", 403),
        ("department", 403),
        ("citizen", 403),
    ],
)
def test_who_may_open_the_page(client, make_user, dalate, role, status):
    client.force_login(make_user(role, dalate if role != "citizen" else None))
    assert client.get(reverse("exports:jobs")).status_code == status


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("exports:jobs"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_page_lists_ones_own_jobs_in_bounded_queries(client, staff_dalate, staff_zhungeer):
    other = make_job(staff_zhungeer)
    client.force_login(staff_dalate)
    make_job(staff_dalate)
    small, _ = queries_for(client, reverse("exports:jobs"))
    for i in range(25):
        make_job(staff_dalate, run=i % 2 == 0)
    large, sql = queries_for(client, reverse("exports:jobs"))
    assert small == large, "\n".join(sql)
    page = client.get(reverse("exports:jobs")).content.decode()
    assert other.token not in page
    assert page.count("下载</a>") == 20 - page.count("排队中")  # a page of 20, ready ones linked
    assert 'name="viewport"' in page  # the base layout: usable on a 375 px phone


def test_a_job_runs_once(staff_dalate):
    job = make_job(staff_dalate)
    assert job.status == ExportJob.Status.READY and job.row_count == 3 and job.downloadable
    with job.file.open("rb") as f:
        assert f.read().decode("utf-8-sig").splitlines() == ["n", "0", "1", "2"]
    assert job.expires_at == timezone.now() + datetime.timedelta(days=7)
    name = job.file.name

    def must_not_run(job):
        raise AssertionError("ran twice")

    export_job_run(job_id=job.pk, produce=must_not_run)
    job.refresh_from_db()
    assert job.file.name == name and job.status == ExportJob.Status.READY


def test_a_failing_job_says_so(staff_dalate):
    job = make_job(staff_dalate, run=False)

    def broken(job):
        def rows():
            yield [1]
            raise RuntimeError("database went away")

        return ExportFile(filename="x", header=["n"], rows=rows())

    export_job_run(job_id=job.pk, produce=broken)
    job.refresh_from_db()
    assert job.status == ExportJob.Status.FAILED and not job.file
    assert job.error == "生成文件时出错。"
    notice = OutboxMessage.objects.get(cause=f"export_failed:{job.pk}")
    assert "导出失败" in notice.body and notice.link == reverse("exports:jobs")


def test_a_requester_without_the_role_gets_no_file(staff_dalate):
    job = make_job(staff_dalate, run=False)
    staff_dalate.role = User.Role.MEMBER
    staff_dalate.save()
    export_job_run(job_id=job.pk, produce=produce)
    job.refresh_from_db()
    assert job.status == ExportJob.Status.FAILED and not job.file and "权限" in job.error


def test_the_sweep_deletes_expired_files_and_fails_lost_jobs(client, staff_dalate, settings):
    ready = make_job(staff_dalate)
    path = ready.file.path
    lost = make_job(staff_dalate, run=False)
    ExportJob.objects.filter(pk=lost.pk).update(
        created_at=timezone.now() - datetime.timedelta(minutes=settings.EXPORT_STALE_MINUTES + 1)
    )
    fresh = make_job(staff_dalate, run=False)
    assert export_jobs_sweep() == {"expired": 0, "failed": 1}
    assert ExportJob.objects.get(pk=lost.pk).status == ExportJob.Status.FAILED
    assert ExportJob.objects.get(pk=fresh.pk).status == ExportJob.Status.PENDING
    later = timezone.now() + datetime.timedelta(days=7)
    assert export_jobs_sweep(now=later) == {"expired": 1, "failed": 1}  # `fresh` is stale by then
    ready.refresh_from_db()
    assert ready.status == ExportJob.Status.EXPIRED and not ready.file
    assert not os.path.exists(path)
    client.force_login(staff_dalate)
    assert client.get(reverse("exports:download", args=[ready.token])).status_code == 404
