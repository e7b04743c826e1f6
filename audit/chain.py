"""The tamper-evident security audit log: a hash chain over append-only entries, anchored outside
the table by signed checkpoints.

entry_hash = SHA-256(prev_hash + canonical JSON of the entry). Version 2 entries (everything
written since the checkpoints came) cover every column: id, actor id and label, action, target,
detail, address, time and the hash version; version 1 entries (older) keep the hash they were
written with, without the ids, and still verify — nothing was rehashed. Appending locks the one
AuditChainHead row, so concurrent writers (any number of web and worker hosts) form one chain.
Changing, inserting or deleting a row in the middle breaks verification from that row on.

The chain alone cannot notice a rewrite of every later hash, or a cut at either end with the head
row fixed to match: all of that lives in the same database. So a beat job (and every purge)
writes a checkpoint — the newest entry and its hash, the oldest entry and the hash it follows, and
the number of entries — signed with a server key (AUDIT_CHECKPOINT_KEY, else derived from
SECRET_KEY), chained to the previous checkpoint, stored in AuditCheckpoint and written to the log
("audit.chain" logger) for the operator to ship off-host. `verify_audit_chain` checks them all,
and the shipped log lines too when given (--checkpoint-log)."""

from __future__ import annotations

import datetime
import hashlib
import hmac
import json
import logging
import re

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac

from .models import AuditChainHead, AuditCheckpoint, AuditLog

HASH_VERSION = 2
logger = logging.getLogger(__name__)


def _canonical(entry: AuditLog) -> str:
    content = {
        "actor": entry.actor_label,
        "action": entry.action,
        "target": entry.target,
        "detail": entry.detail,
        "ip": entry.ip_address,
        "at": entry.created_at.astimezone(datetime.UTC).isoformat(),
    }
    if entry.hash_version >= 2:
        content.update({"v": entry.hash_version, "id": entry.pk, "actor_id": entry.actor_id})
    return json.dumps(
        content, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str
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
        hash_version=HASH_VERSION,
    )
    entry.save()  # the id is part of the hash
    entry.entry_hash = compute_hash(entry)
    AuditLog.objects.filter(pk=entry.pk).update(entry_hash=entry.entry_hash)
    head.last_hash = entry.entry_hash
    head.save(update_fields=["last_hash"])
    return entry


# --- checkpoints ---------------------------------------------------------------------------------
_SIGNED_FIELDS = (
    "created_at",
    "reason",
    "last_entry_id",
    "last_hash",
    "first_entry_id",
    "anchor_hash",
    "entries",
    "prev_signature",
)


def _checkpoint_payload(values: dict) -> str:
    data = {name: values[name] for name in _SIGNED_FIELDS}
    at = data["created_at"]
    if isinstance(at, datetime.datetime):
        data["created_at"] = at.astimezone(datetime.UTC).isoformat()
    return json.dumps(data, sort_keys=True, separators=(",", ":"))


def sign_checkpoint(values: dict) -> str:
    secret = settings.AUDIT_CHECKPOINT_KEY or settings.SECRET_KEY
    return salted_hmac(
        "audit.chain.checkpoint", _checkpoint_payload(values), secret=secret, algorithm="sha256"
    ).hexdigest()


def _checkpoint_values(checkpoint: AuditCheckpoint) -> dict:
    return {name: getattr(checkpoint, name) for name in _SIGNED_FIELDS}


def checkpoint_line(checkpoint: AuditCheckpoint) -> str:
    """The log line an operator ships off-host (parsed back by `verify_audit_chain`)."""
    values = _checkpoint_values(checkpoint)
    values["created_at"] = checkpoint.created_at.astimezone(datetime.UTC).isoformat()
    return "audit checkpoint " + json.dumps(
        {**values, "signature": checkpoint.signature}, sort_keys=True, separators=(",", ":")
    )


@transaction.atomic
def checkpoint(*, reason: str = AuditCheckpoint.Reason.PERIODIC, force: bool = False):
    """Sign where the chain stands now. A periodic checkpoint is skipped when nothing changed
    since the last one (returns None)."""
    _head()  # appends wait while the snapshot is taken
    first = AuditLog.objects.order_by("pk").values("pk", "prev_hash").first()
    last = AuditLog.objects.order_by("-pk").values("pk", "entry_hash").first()
    if first is None or last is None:
        return None
    previous = AuditCheckpoint.objects.order_by("-pk").first()
    if (
        previous is not None
        and not force
        and (previous.first_entry_id, previous.last_entry_id) == (first["pk"], last["pk"])
    ):
        return None
    values = {
        "created_at": timezone.now().replace(microsecond=0),
        "reason": reason,
        "last_entry_id": last["pk"],
        "last_hash": last["entry_hash"],
        "first_entry_id": first["pk"],
        "anchor_hash": first["prev_hash"],
        "entries": AuditLog.objects.filter(pk__gte=first["pk"], pk__lte=last["pk"]).count(),
        "prev_signature": previous.signature if previous is not None else "",
    }
    made = AuditCheckpoint.objects.create(**values, signature=sign_checkpoint(values))
    line = checkpoint_line(made)
    transaction.on_commit(lambda: logger.info(line))
    return made


# --- verification ----------------------------------------------------------------------------------
def _walk(head) -> tuple[int, str | None]:
    expected_prev = head.anchor_hash if head else ""
    checked = 0
    version = 0
    for entry in AuditLog.objects.order_by("pk").iterator(chunk_size=2000):
        if entry.prev_hash != expected_prev:
            return checked, f"entry #{entry.pk} ({entry.action}) does not follow the previous one"
        if entry.hash_version < version or entry.hash_version not in (1, HASH_VERSION):
            return checked, f"entry #{entry.pk} ({entry.action}) has a wrong hash version"
        if compute_hash(entry) != entry.entry_hash:
            return checked, f"entry #{entry.pk} ({entry.action}) was altered"
        version = entry.hash_version
        expected_prev = entry.entry_hash
        checked += 1
    if head is not None and head.last_hash != expected_prev:
        return checked, "the newest entries were removed (chain head does not match)"
    return checked, None


def _check_checkpoints(checkpoints: list[AuditCheckpoint]) -> str | None:
    first = AuditLog.objects.order_by("pk").values("pk", "prev_hash").first()
    previous = None
    for cp in checkpoints:
        if not hmac.compare_digest(sign_checkpoint(_checkpoint_values(cp)), cp.signature):
            return f"checkpoint #{cp.pk} has a bad signature (forged or altered)"
        if previous is not None and cp.prev_signature != previous.signature:
            return f"the checkpoint before #{cp.pk} is missing"
        previous = cp
    if previous is None:
        return None
    latest = previous
    if first is None:
        return f"every entry was deleted (checkpoint #{latest.pk} recorded {latest.entries})"
    if first["pk"] != latest.first_entry_id or first["prev_hash"] != latest.anchor_hash:
        return (
            f"the oldest entries were removed outside a purge (checkpoint #{latest.pk} starts "
            f"at entry #{latest.first_entry_id}, the table at #{first['pk']})"
        )
    if problem := _check_signed_entries(checkpoints, first["pk"]):
        return problem
    entries = AuditLog.objects.filter(
        pk__gte=latest.first_entry_id, pk__lte=latest.last_entry_id
    ).count()
    if entries != latest.entries:
        return f"checkpoint #{latest.pk} recorded {latest.entries} entries, {entries} remain"
    return None


def _check_signed_entries(checkpoints: list[AuditCheckpoint], first_pk: int) -> str | None:
    """Every entry a checkpoint signed is still there with the hash it signed."""
    wanted = {cp.last_entry_id for cp in checkpoints if cp.last_entry_id >= first_pk}
    hashes = dict(AuditLog.objects.filter(pk__in=wanted).values_list("pk", "entry_hash"))
    for cp in checkpoints:
        if cp.last_entry_id < first_pk:
            continue  # purged since (the latest checkpoint vouches for where the chain starts)
        if cp.last_entry_id not in hashes:
            return f"entry #{cp.last_entry_id} (signed by checkpoint #{cp.pk}) was removed"
        if hashes[cp.last_entry_id] != cp.last_hash:
            return f"entry #{cp.last_entry_id} differs from checkpoint #{cp.pk} (chain rewritten)"
    return None


_LINE = re.compile(r"audit checkpoint (\{.*\})")


def check_log_lines(lines) -> tuple[int, str | None]:
    """Check checkpoint lines shipped off-host against the database: each must carry a valid
    signature, still be in the table, and its entry must still have that hash (unless purged)."""
    stored = {cp.signature: cp for cp in AuditCheckpoint.objects.all()}
    first = AuditLog.objects.order_by("pk").values_list("pk", flat=True).first()
    seen = 0
    for line in lines:
        match = _LINE.search(line)
        if not match:
            continue
        try:
            values = json.loads(match.group(1))
            signature = values.pop("signature")
            valid = hmac.compare_digest(sign_checkpoint(values), signature)
        except (ValueError, KeyError, TypeError):
            valid = False
        if not valid:
            return seen, f"a logged checkpoint has a bad signature: {line.strip()[:120]}"
        seen += 1
        last_id = values["last_entry_id"]
        if first is not None and last_id < first:
            continue  # purged since
        if signature not in stored:
            return seen, f"the checkpoint logged for entry #{last_id} was removed from the table"
        entry_hash = AuditLog.objects.filter(pk=last_id).values_list("entry_hash", flat=True)
        if list(entry_hash) != [values["last_hash"]]:
            return seen, f"entry #{last_id} no longer matches its logged checkpoint"
    return seen, None


def verify() -> tuple[int, str | None]:
    """Walk the chain oldest first, then check the signed checkpoints.
    Returns (entries verified, problem or None)."""
    head = AuditChainHead.objects.filter(pk=1).first()
    checked, problem = _walk(head)
    if problem is None:
        problem = _check_checkpoints(list(AuditCheckpoint.objects.order_by("pk")))
    return checked, problem


@transaction.atomic
def purge(*, now=None) -> int:
    """Delete entries older than AUDIT_RETENTION_DAYS (never less than 180), oldest first, record
    the hash the chain now starts from, and sign a checkpoint of the new start."""
    now = now or timezone.now()
    days = max(180, settings.AUDIT_RETENTION_DAYS)
    cutoff = now - datetime.timedelta(days=days)
    head = _head()
    last_old = AuditLog.objects.filter(created_at__lt=cutoff).order_by("-pk").first()
    if last_old is None:
        return 0
    count, _ = AuditLog.objects.filter(pk__lte=last_old.pk).delete()
    AuditCheckpoint.objects.filter(last_entry_id__lte=last_old.pk).delete()  # nothing left to vouch
    head.anchor_hash = last_old.entry_hash
    head.save(update_fields=["anchor_hash"])
    append(
        actor=None,
        action="audit_purge",
        target="audit_log",
        detail={"deleted": count, "before": cutoff.isoformat()},
    )
    checkpoint(reason=AuditCheckpoint.Reason.PURGE, force=True)
    return count
