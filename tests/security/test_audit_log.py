"""The security audit log: a hash chain that `verify_audit_chain` checks, which notices an
altered, removed or inserted entry; the retention purge (never less than 180 days) keeps it
verifiable; the events that must be in it are; the admin page is read-only with a CSV export."""

from __future__ import annotations

import datetime
from unittest import mock

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from members import audit
from members.models import AuditChainHead, AuditLog
from members.services import audit_log
from tests.members.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 6, 15, 10, 0, tzinfo=datetime.UTC)


def append_at(when: datetime.datetime, action: str = "test", **fields) -> AuditLog:
    with mock.patch("django.utils.timezone.now", return_value=when):
        return audit.append(actor=None, action=action, **fields)


def verify_command() -> str:
    from io import StringIO

    out = StringIO()
    call_command("verify_audit_chain", stdout=out)
    return out.getvalue()


@pytest.fixture
def chain(db):
    """Five entries, a day apart, oldest first."""
    return [
        append_at(
            NOW - datetime.timedelta(days=5 - n),
            f"event{n}",
            target=f"t{n}",
            detail={"n": n},
            ip="10.0.0.1",
        )
        for n in range(5)
    ]


# --- the chain ---------------------------------------------------------------------------------
def test_entries_are_chained(chain):
    for previous, entry in zip(chain, chain[1:], strict=False):
        assert entry.prev_hash == previous.entry_hash
        assert len(entry.entry_hash) == 64
        assert entry.entry_hash == audit.compute_hash(entry)
    assert AuditChainHead.objects.get(pk=1).last_hash == chain[-1].entry_hash
    assert "Audit chain intact: 5 entries verified" in verify_command()


def test_real_events_extend_the_chain(client, staff_dalate):
    client.post(reverse("account_login"), {"login": "staff_dalate", "password": "wrong"})
    client.post(reverse("account_login"), {"login": "staff_dalate", "password": TEST_PASSWORD})
    client.post(reverse("account_logout"))
    assert list(AuditLog.objects.order_by("pk").values_list("action", flat=True)) == [
        "login_failed",
        "login",
        "logout",
    ]
    assert "3 entries verified" in verify_command()


@pytest.mark.parametrize(
    "change",
    [
        {"action": "harmless"},
        {"target": "user:999"},
        {"detail": {"n": 99}},
        {"actor_label": "someone_else"},
        {"ip_address": "10.9.9.9"},
        {"created_at": NOW - datetime.timedelta(days=30)},
        {"entry_hash": "0" * 64},
        {"prev_hash": "0" * 64},
    ],
    ids=lambda c: next(iter(c)),
)
def test_an_altered_entry_breaks_the_chain(chain, change):
    AuditLog.objects.filter(pk=chain[2].pk).update(**change)
    with pytest.raises(CommandError, match=f"#{chain[2].pk}"):
        call_command("verify_audit_chain")


def test_an_altered_entry_with_a_recomputed_hash_still_breaks_the_chain(chain):
    """Rewriting an entry and its own hash is not enough: the next entry points at the old hash."""
    entry = AuditLog.objects.get(pk=chain[2].pk)
    entry.detail = {"n": "forged"}
    entry.entry_hash = audit.compute_hash(entry)
    AuditLog.objects.filter(pk=entry.pk).update(detail=entry.detail, entry_hash=entry.entry_hash)
    with pytest.raises(CommandError, match=f"#{chain[3].pk}.*does not follow"):
        call_command("verify_audit_chain")


def test_a_deleted_middle_entry_breaks_the_chain(chain):
    AuditLog.objects.filter(pk=chain[2].pk).delete()
    with pytest.raises(CommandError, match="does not follow"):
        call_command("verify_audit_chain")


def test_a_deleted_newest_entry_breaks_the_chain(chain):
    AuditLog.objects.filter(pk=chain[-1].pk).delete()
    with pytest.raises(CommandError, match="newest entries were removed"):
        call_command("verify_audit_chain")


def test_a_deleted_oldest_entry_breaks_the_chain(chain):
    """Only the purge may remove old entries (it records the new anchor)."""
    AuditLog.objects.filter(pk=chain[0].pk).delete()
    with pytest.raises(CommandError, match="does not follow"):
        call_command("verify_audit_chain")


def test_an_inserted_entry_breaks_the_chain(chain):
    forged = AuditLog(action="forged", created_at=NOW, prev_hash=chain[-1].entry_hash)
    forged.entry_hash = audit.compute_hash(forged)
    forged.save()  # appended without moving the chain head
    with pytest.raises(CommandError, match="newest entries were removed"):
        call_command("verify_audit_chain")


def test_the_check_is_only_worth_something_because_it_can_pass_again(chain):
    original = AuditLog.objects.get(pk=chain[2].pk).action
    AuditLog.objects.filter(pk=chain[2].pk).update(action="x")
    with pytest.raises(CommandError):
        call_command("verify_audit_chain")
    AuditLog.objects.filter(pk=chain[2].pk).update(action=original)
    assert "5 entries verified" in verify_command()


# --- retention -------------------------------------------------------------------------------
def _ages(days: list[int]) -> list[AuditLog]:
    return [append_at(NOW - datetime.timedelta(days=d), f"age{d}") for d in days]


@pytest.mark.parametrize(
    ("retention_days", "kept_days"),
    [(365, 365), (30, 180), (180, 180), (400, 400)],
)
def test_purge_deletes_only_entries_past_the_retention_and_never_less_than_180_days(
    settings, retention_days, kept_days
):
    settings.AUDIT_RETENTION_DAYS = retention_days
    entries = _ages([500, 401, 366, 364, 181, 179, 10])
    deleted = audit.purge(now=NOW)
    remaining = set(AuditLog.objects.values_list("action", flat=True))
    expected = {e.action for e in entries if int(e.action[3:]) < kept_days} | {"audit_purge"}
    assert remaining == expected
    assert deleted == len(entries) + 1 - len(expected)
    purge_entry = AuditLog.objects.get(action="audit_purge")
    assert purge_entry.detail["deleted"] == deleted
    assert "entries verified" in verify_command()  # the chain starts at the recorded anchor


def test_purge_twice_and_append_afterwards_keeps_the_chain(settings):
    settings.AUDIT_RETENTION_DAYS = 180
    _ages([300, 200, 100])
    with mock.patch("django.utils.timezone.now", return_value=NOW):
        assert audit.purge(now=NOW) == 2
        assert audit.purge(now=NOW) == 0  # nothing more to do
        audit_log(actor=None, action="after_purge")
    assert "entries verified" in verify_command()
    later = NOW + datetime.timedelta(days=200)  # everything above is now past 180 days
    with mock.patch("django.utils.timezone.now", return_value=later):
        assert audit.purge(now=later) == 3  # age100, the first purge's entry, after_purge
    assert list(AuditLog.objects.values_list("action", flat=True)) == ["audit_purge"]
    assert "1 entries verified" in verify_command()


def test_purge_is_a_daily_beat_job():
    schedule = settings.CELERY_BEAT_SCHEDULE
    assert schedule["audit-purge"]["task"] == "members.tasks.audit_purge_task"
    assert schedule["opinions-anonymise"]["task"] == "opinions.tasks.opinions_anonymise_task"
    from members.tasks import audit_purge_task

    with mock.patch("members.audit.purge") as purge:
        audit_purge_task.delay()
    purge.assert_called_once_with()


def test_purge_never_touches_recent_entries_even_with_a_short_setting(settings):
    settings.AUDIT_RETENTION_DAYS = 1
    _ages([2, 90, 179])
    assert audit.purge(now=NOW) == 0
    assert AuditLog.objects.count() == 3


# --- what must be in it ----------------------------------------------------------------------
def test_reveal_and_exports_are_logged(client, staff_dalate, dalate):
    from tests.opinions.factories import OpinionFactory

    opinion = OpinionFactory(committee=dalate)
    client.force_login(staff_dalate)
    assert client.post(reverse("opinions:reveal", args=[opinion.pk])).status_code == 200
    assert client.get(reverse("opinions:export", args=["csv"])).status_code == 200
    assert client.get(reverse("members:ledger_export", args=["csv"])).status_code == 200
    actions = list(AuditLog.objects.filter(actor=staff_dalate).values_list("action", flat=True))
    assert {"reveal_contact", "export_opinions", "export_ranking"} <= set(actions)
    reveal = AuditLog.objects.get(action="reveal_contact")
    assert reveal.target == f"opinion:{opinion.tracking_code}"
    assert reveal.ip_address == "127.0.0.1"


def test_permission_refusals_are_logged(client, citizen):
    client.force_login(citizen)
    assert client.get(reverse("opinions:inbox")).status_code == 403
    entry = AuditLog.objects.get(action="permission_denied")
    assert entry.actor == citizen and entry.target == reverse("opinions:inbox")
    assert entry.detail == {"method": "GET"}


# --- the admin page ----------------------------------------------------------------------------
def test_admin_audit_page_is_read_only_with_filters_and_csv_export(admin, chain):
    client = Client()
    client.force_login(admin)
    changelist = reverse("admin:members_auditlog_changelist")
    assert client.get(changelist).status_code == 200
    assert client.get(changelist, {"action": "event2"}).status_code == 200
    assert client.get(changelist, {"q": "t3"}).status_code == 200
    assert (
        client.get(changelist, {"created_at__gte": "2026-06-01 00:00:00+08:00"}).status_code == 200
    )
    assert client.get(reverse("admin:members_auditlog_add")).status_code == 403
    change = reverse("admin:members_auditlog_change", args=[chain[1].pk])
    assert client.post(change, {"action": "edited"}).status_code == 403
    delete = reverse("admin:members_auditlog_delete", args=[chain[1].pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert AuditLog.objects.get(pk=chain[1].pk).action == "event1"

    response = client.post(
        changelist, {"action": "export_csv", "_selected_action": [e.pk for e in chain]}
    )
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="audit-log.csv"'
    body = response.content.decode("utf-8-sig")
    assert body.splitlines()[0] == "time,actor,action,target,ip,detail,hash"
    assert len(body.splitlines()) == 6 and chain[4].entry_hash in body
    assert AuditLog.objects.filter(action="export_audit_log", actor=admin).count() == 1
    assert "entries verified" in verify_command()


def test_only_administrators_reach_the_audit_page(client, staff_dalate):
    client.force_login(staff_dalate)
    response = client.get(reverse("admin:members_auditlog_changelist"))
    assert response.status_code in (302, 403)
