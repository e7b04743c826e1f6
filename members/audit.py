"""The tamper-evident security audit log: a hash chain over append-only entries.

entry_hash = SHA-256(prev_hash + canonical JSON of the entry's content). Appending locks the one
AuditChainHead row, so concurrent writers (any number of web and worker hosts) form one chain.
Changing, inserting or deleting a row in the middle breaks verification from that row on."""

from __future__ import annotations

import datetime
import hashlib
import json

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .models import AuditChainHead, AuditLog


def _canonical(entry: AuditLog) -> str:
    return json.dumps(
        {
            "actor": entry.actor_label,
            "action": entry.action,
            "target": entry.target,
            "detail": entry.detail,
            "ip": entry.ip_address,
            "at": entry.created_at.astimezone(datetime.UTC).isoformat(),
        },
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
        default=str,
    )


def compute_hash(entry: AuditLog) -> str:
    return hashlib.sha256((entry.prev_hash + _canonical(entry)).encode()).hexdigest()


def _head() -> AuditChainHead:
    AuditChainHead.objects.get_or_create(pk=1)
    return AuditChainHead.objects.select_for_update().get(pk=1)


@transaction.atomic
def append(*, actor, action: str, target: str = "", detail=None, ip=None) -> AuditLog:
    head = _head()
    label = ""
    if actor is not None and getattr(actor, "is_authenticated", False):
        label = actor.get_username()
    else:
        actor = None
    entry = AuditLog(
        actor=actor,
        actor_label=label,
        action=action[:40],
        target=(target or "")[:120],
        detail=json.loads(json.dumps(detail or {}, default=str)),
        ip_address=ip,
        created_at=timezone.now().replace(microsecond=0),
        prev_hash=head.last_hash,
    )
    entry.entry_hash = compute_hash(entry)
    entry.save()
    head.last_hash = entry.entry_hash
    head.save(update_fields=["last_hash"])
    return entry


def verify() -> tuple[int, str | None]:
    """Walk the chain oldest first. Returns (entries verified, problem or None)."""
    head = AuditChainHead.objects.filter(pk=1).first()
    expected_prev = head.anchor_hash if head else ""
    checked = 0
    for entry in AuditLog.objects.order_by("pk").iterator(chunk_size=2000):
        if entry.prev_hash != expected_prev:
            return checked, f"entry #{entry.pk} ({entry.action}) does not follow the previous one"
        if compute_hash(entry) != entry.entry_hash:
            return checked, f"entry #{entry.pk} ({entry.action}) was altered"
        expected_prev = entry.entry_hash
        checked += 1
    if head is not None and head.last_hash != expected_prev:
        return checked, "the newest entries were removed (chain head does not match)"
    return checked, None


@transaction.atomic
def purge(*, now=None) -> int:
    """Delete entries older than AUDIT_RETENTION_DAYS (never less than 180), oldest first, and
    record the hash the chain now starts from."""
    now = now or timezone.now()
    days = max(180, settings.AUDIT_RETENTION_DAYS)
    cutoff = now - datetime.timedelta(days=days)
    head = _head()
    last_old = AuditLog.objects.filter(created_at__lt=cutoff).order_by("-pk").first()
    if last_old is None:
        return 0
    count, _ = AuditLog.objects.filter(pk__lte=last_old.pk).delete()
    head.anchor_hash = last_old.entry_hash
    head.save(update_fields=["anchor_hash"])
    append(
        actor=None,
        action="audit_purge",
        target="audit_log",
        detail={"deleted": count, "before": cutoff.isoformat()},
    )
    return count
