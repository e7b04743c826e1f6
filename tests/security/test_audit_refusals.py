"""Permission refusals cannot flood the audit log: the first refusal per user (or address) and URL
in a window is written, repeats are counted and written as one entry when the window is over, so
the number of rows is bounded and no refusal goes uncounted."""

from __future__ import annotations

from unittest import mock

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.test import Client, RequestFactory
from django.urls import reverse

from audit import refusals
from audit.models import AuditLog
from audit.tasks import audit_refusals_flush_task
from dashboards.views import permission_denied
from tests.security.test_accounts import Clock

INBOX = reverse("opinions:inbox")


@pytest.fixture
def clock():
    fake = Clock(start=1_781_500_020.0)  # 20 s into a one-minute window
    with mock.patch("time.time", fake):
        yield fake


def refusals_counted(**filters) -> int:
    """Every refusal the log accounts for: written ones plus the repeats recorded later."""
    written = AuditLog.objects.filter(action="permission_denied", **filters).count()
    repeats = AuditLog.objects.filter(action="permission_denied_repeats", **filters)
    return written + sum(entry.detail["repeats"] for entry in repeats)


def test_two_hundred_refusals_give_a_bounded_number_of_rows_and_keep_the_count(
    client, citizen, clock
):
    client.force_login(citizen)
    for _ in range(200):
        assert client.get(INBOX).status_code == 403
    assert AuditLog.objects.filter(action__startswith="permission_denied").count() == 1
    clock.advance(60)  # the window is over; the next refusal (or the beat job) writes the count
    assert audit_refusals_flush_task.delay() is not None
    summary = AuditLog.objects.get(action="permission_denied_repeats")
    assert summary.actor == citizen and summary.target == INBOX
    assert summary.detail["repeats"] == 199 and summary.detail["method"] == "GET"
    assert summary.ip_address == "127.0.0.1"
    assert refusals_counted(actor=citizen) == 200
    assert refusals.refusals_flush() == 0  # flushing again writes nothing more
    call_command("verify_audit_chain")


def test_the_next_window_writes_the_previous_count_without_the_beat_job(client, citizen, clock):
    client.force_login(citizen)
    for _ in range(50):
        client.get(INBOX)
    clock.advance(60)
    client.get(INBOX)
    actions = list(
        AuditLog.objects.filter(action__startswith="permission")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == ["permission_denied", "permission_denied", "permission_denied_repeats"]
    assert refusals_counted() == 51


def test_anonymous_refusals_are_counted_per_address(db, clock):
    factory = RequestFactory()
    for address, times in (("198.51.100.1", 30), ("198.51.100.2", 5)):
        for _ in range(times):
            request = factory.get(INBOX, REMOTE_ADDR=address)
            request.user = AnonymousUser()
            assert permission_denied(request).status_code == 403
    assert AuditLog.objects.filter(action="permission_denied").count() == 2
    clock.advance(60)
    refusals.refusals_flush()
    assert refusals_counted(ip_address="198.51.100.1") == 30
    assert refusals_counted(ip_address="198.51.100.2") == 5
    assert not AuditLog.objects.filter(actor__isnull=False).exists()


def test_different_urls_and_users_are_each_written(client, citizen, member_user, clock):
    client.force_login(citizen)
    client.get(INBOX)
    client.get(reverse("members:directory"))
    other = Client()
    other.force_login(member_user)
    other.get(INBOX)
    assert AuditLog.objects.filter(action="permission_denied").count() == 3


def test_a_client_probing_many_urls_is_capped(client, citizen, clock, settings):
    settings.AUDIT_REFUSAL_URLS_PER_WINDOW = 5
    client.force_login(citizen)
    for n in range(40):
        assert client.get(f"{INBOX}?page={n}").status_code == 403  # same path
        assert client.get(reverse("members:detail", args=[n + 1])).status_code == 403
    # five distinct URLs (the inbox and four member pages), then one "*" entry for the rest
    written = AuditLog.objects.filter(action="permission_denied")
    assert written.count() == 6
    assert written.order_by("-pk").first().target == "*"
    clock.advance(60)
    refusals.refusals_flush()
    assert AuditLog.objects.filter(action="permission_denied_repeats").count() == 2
    assert refusals_counted() == 80


def test_refusals_are_written_one_by_one_when_the_cache_fails(client, citizen):
    client.force_login(citizen)
    with mock.patch.object(refusals.cache, "add", side_effect=ConnectionError("cache down")):
        for _ in range(3):
            assert client.get(INBOX).status_code == 403
    assert AuditLog.objects.filter(action="permission_denied").count() == 3
