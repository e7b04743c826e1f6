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

from audit import chain as audit
from audit.models import AuditChainHead, AuditCheckpoint, AuditLog
from audit.services import audit_log
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
    forged = AuditLog.objects.create(
        action="forged", created_at=NOW, prev_hash=chain[-1].entry_hash
    )
    forged.entry_hash = audit.compute_hash(forged)  # the id is in the hash: computed once saved
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
    assert schedule["audit-purge"]["task"] == "audit.tasks.audit_purge_task"
    assert schedule["opinions-anonymise"]["task"] == "opinions.tasks.opinions_anonymise_task"
    from audit.tasks import audit_purge_task

    with mock.patch("audit.chain.purge") as purge:
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
    assert client.get(reverse("ledger:ledger_export", args=["csv"])).status_code == 200
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
    changelist = reverse("admin:audit_auditlog_changelist")
    assert client.get(changelist).status_code == 200
    assert client.get(changelist, {"action": "event2"}).status_code == 200
    assert client.get(changelist, {"q": "t3"}).status_code == 200
    assert (
        client.get(changelist, {"created_at__gte": "2026-06-01 00:00:00+08:00"}).status_code == 200
    )
    assert client.get(reverse("admin:audit_auditlog_add")).status_code == 403
    change = reverse("admin:audit_auditlog_change", args=[chain[1].pk])
    assert client.post(change, {"action": "edited"}).status_code == 403
    delete = reverse("admin:audit_auditlog_delete", args=[chain[1].pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert AuditLog.objects.get(pk=chain[1].pk).action == "event1"

    response = client.post(
        changelist, {"action": "export_csv", "_selected_action": [e.pk for e in chain]}
    )
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="audit-log.csv"'
    body = response.getvalue().decode("utf-8-sig")
    assert body.splitlines()[0] == "time,actor,action,target,ip,detail,hash"
    assert len(body.splitlines()) == 6 and chain[4].entry_hash in body
    assert AuditLog.objects.filter(action="export_audit_log", actor=admin).count() == 1
    assert "entries verified" in verify_command()


def test_only_administrators_reach_the_audit_page(client, staff_dalate):
    client.force_login(staff_dalate)
    response = client.get(reverse("admin:audit_auditlog_changelist"))
    assert response.status_code in (302, 403)


# --- every column, and checkpoints outside the table -----------------------------------------
def rewrite_from(entry_pk: int, **change) -> None:
    """What someone with write access to the database does to hide a change: alter an entry and
    recompute its hash and every later one, then move the chain head to match."""
    AuditLog.objects.filter(pk=entry_pk).update(**change)
    prev = None
    for entry in AuditLog.objects.filter(pk__gte=entry_pk).order_by("pk"):
        if prev is not None:
            entry.prev_hash = prev
        entry.entry_hash = audit.compute_hash(entry)
        AuditLog.objects.filter(pk=entry.pk).update(
            prev_hash=entry.prev_hash, entry_hash=entry.entry_hash
        )
        prev = entry.entry_hash
    AuditChainHead.objects.filter(pk=1).update(last_hash=prev)


def test_the_actor_is_in_the_hash(chain, staff_dalate, citizen):
    entry = audit.append(actor=staff_dalate, action="reveal_contact", target="opinion:1")
    assert "Audit chain intact" in verify_command()
    AuditLog.objects.filter(pk=entry.pk).update(actor=citizen)  # same label, another actor
    with pytest.raises(CommandError, match=f"#{entry.pk} .*altered"):
        call_command("verify_audit_chain")


def test_rewriting_every_later_hash_is_caught_by_a_checkpoint(chain):
    audit.checkpoint()
    rewrite_from(chain[1].pk, detail={"n": "forged"})
    assert audit._walk(AuditChainHead.objects.get(pk=1))[1] is None  # the chain alone looks fine
    with pytest.raises(CommandError, match=f"entry #{chain[-1].pk} differs from checkpoint"):
        call_command("verify_audit_chain")


def test_deleting_the_oldest_entries_outside_a_purge_is_caught(chain):
    audit.checkpoint()
    AuditLog.objects.filter(pk__lte=chain[1].pk).delete()
    AuditChainHead.objects.filter(pk=1).update(anchor_hash=chain[1].entry_hash)  # "fixed"
    with pytest.raises(CommandError, match="oldest entries were removed outside a purge"):
        call_command("verify_audit_chain")


def test_deleting_the_newest_entry_and_fixing_the_head_is_caught(chain):
    audit.checkpoint()
    AuditLog.objects.filter(pk=chain[-1].pk).delete()
    AuditChainHead.objects.filter(pk=1).update(last_hash=chain[-2].entry_hash)  # "fixed"
    with pytest.raises(CommandError, match=f"entry #{chain[-1].pk} .* was removed"):
        call_command("verify_audit_chain")


def test_a_checkpoint_cannot_be_forged_or_dropped_without_the_key(chain, settings):
    first = audit.checkpoint()
    audit.append(actor=None, action="later")
    second = audit.checkpoint()
    audit.append(actor=None, action="later")
    third = audit.checkpoint()
    assert "Audit chain intact" in verify_command()
    # moving a checkpoint to a rewritten chain needs its signature
    rewrite_from(chain[1].pk, detail={"n": "forged"})
    new_last = AuditLog.objects.get(pk=third.last_entry_id).entry_hash
    AuditCheckpoint.objects.filter(pk__in=[first.pk, second.pk, third.pk]).update(
        last_hash=new_last
    )
    with pytest.raises(CommandError, match=f"checkpoint #{first.pk} has a bad signature"):
        call_command("verify_audit_chain")
    # a checkpoint signed with another key is no better
    settings.AUDIT_CHECKPOINT_KEY = "someone else's key"
    AuditCheckpoint.objects.all().delete()
    audit.checkpoint()
    settings.AUDIT_CHECKPOINT_KEY = ""
    with pytest.raises(CommandError, match="bad signature"):
        call_command("verify_audit_chain")


def test_a_deleted_middle_checkpoint_is_caught(chain):
    audit.checkpoint()
    audit.append(actor=None, action="later")
    middle = audit.checkpoint()
    audit.append(actor=None, action="later")
    audit.checkpoint()
    middle.delete()
    with pytest.raises(CommandError, match="checkpoint before #.* is missing"):
        call_command("verify_audit_chain")


def test_checkpoints_are_logged_and_the_log_catches_a_cut_end(
    chain, caplog, tmp_path, django_capture_on_commit_callbacks
):
    with caplog.at_level("INFO", logger="audit.chain"):
        with django_capture_on_commit_callbacks(execute=True):
            audit.checkpoint()
        audit.append(actor=None, action="later")
        with django_capture_on_commit_callbacks(execute=True):
            last = audit.checkpoint()
    lines = [r.getMessage() for r in caplog.records if "audit checkpoint" in r.getMessage()]
    assert len(lines) == 2 and f'"last_entry_id":{last.last_entry_id}' in lines[1]
    shipped = tmp_path / "audit.log"
    shipped.write_text("\n".join(["unrelated line", *lines]) + "\n")
    assert "2 logged checkpoints match" in verify_command_with(shipped)
    # cut the newest entry, its checkpoint, and fix the head: the database alone cannot tell…
    AuditLog.objects.filter(pk=last.last_entry_id).delete()
    last.delete()
    AuditChainHead.objects.filter(pk=1).update(last_hash=chain[-1].entry_hash)
    assert "Audit chain intact" in verify_command()
    # …the shipped log can
    with pytest.raises(CommandError, match="removed from the table"):
        call_command("verify_audit_chain", checkpoint_log=[str(shipped)])


def verify_command_with(log_file) -> str:
    from io import StringIO

    out = StringIO()
    call_command("verify_audit_chain", checkpoint_log=[str(log_file)], stdout=out)
    return out.getvalue()


def test_untampered_chain_with_purge_and_checkpoints_verifies(settings):
    settings.AUDIT_RETENTION_DAYS = 180
    _ages([300, 250, 200, 100, 10])
    audit.checkpoint()
    with mock.patch("django.utils.timezone.now", return_value=NOW):
        assert audit.purge(now=NOW) == 3
        audit_log(actor=None, action="after_purge")
    assert AuditCheckpoint.objects.filter(reason="purge").count() == 1
    assert "entries verified" in verify_command()
    assert audit.checkpoint() is not None  # the chain moved: a periodic checkpoint is signed
    assert audit.checkpoint() is None  # nothing new: none
    assert "4 entries verified" in verify_command()


def test_checkpoint_is_a_beat_job(chain, settings):
    from audit.tasks import audit_checkpoint_task

    assert settings.CELERY_BEAT_SCHEDULE["audit-checkpoint"]["task"] == audit_checkpoint_task.name
    audit_checkpoint_task.delay()
    audit_checkpoint_task.delay()
    checkpoint = AuditCheckpoint.objects.get()
    assert checkpoint.last_entry_id == chain[-1].pk and checkpoint.entries == 5


def test_entries_from_before_the_new_hash_still_verify(db):
    """Entries written before version 2 keep their hash (no id, no actor id) and still verify;
    a newer entry cannot be passed off as an old-format one."""
    legacy = AuditLog.objects.create(action="legacy", created_at=NOW, hash_version=1)
    legacy.entry_hash = audit.compute_hash(legacy)
    legacy.save()
    AuditChainHead.objects.update_or_create(pk=1, defaults={"last_hash": legacy.entry_hash})
    newer = audit.append(actor=None, action="newer")
    newest = audit.append(actor=None, action="newest")
    assert newer.hash_version == 2 and newer.prev_hash == legacy.entry_hash
    assert "3 entries verified" in verify_command()
    rewrite_from(newest.pk, hash_version=1)
    with pytest.raises(CommandError, match=f"#{newest.pk} .*wrong hash version"):
        call_command("verify_audit_chain")
