"""The tamper-evident security audit log, its chain head and signed checkpoints."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.fields import optional_fk


class AuditLog(models.Model):
    """The security audit log: logins and failures, two-factor changes, role and scope changes,
    reveals of masked personal data, exports, permission refusals.

    Append-only and tamper-evident: each entry stores the hash of the previous one and its own
    hash over its content (audit.chain). `manage.py verify_audit_chain` recomputes the chain;
    only the retention purge removes rows (oldest first, recording where the chain now starts)."""

    actor = optional_fk(settings.AUTH_USER_MODEL, _("操作人"))
    actor_label = models.CharField(_("操作人账号"), max_length=150, blank=True)
    action = models.CharField(_("操作"), max_length=40, db_index=True)
    target = models.CharField(_("对象"), max_length=120, blank=True)
    detail = models.JSONField(_("详情"), default=dict, blank=True)
    ip_address = models.GenericIPAddressField(_("IP地址"), null=True, blank=True)
    created_at = models.DateTimeField(_("时间"), default=timezone.now, db_index=True)
    prev_hash = models.CharField(max_length=64, blank=True, editable=False)
    entry_hash = models.CharField(max_length=64, blank=True, editable=False)
    # 1: entries written before 2026-12, whose hash leaves out the id and the actor's id (kept
    # as they were, so they still verify); 2: every column (audit.chain).
    hash_version = models.PositiveSmallIntegerField(default=2, editable=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("审计日志")
        verbose_name_plural = _("审计日志")

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.target}"


class AuditChainHead(models.Model):
    """One row: the last hash of the audit chain (locked while an entry is appended) and the hash
    the oldest remaining entry must point to after a retention purge."""

    last_hash = models.CharField(max_length=64, blank=True)
    anchor_hash = models.CharField(max_length=64, blank=True)

    def __str__(self):
        return self.last_hash[:12]


class AuditCheckpoint(models.Model):
    """A signed statement of where the audit chain stood: its newest entry and hash, its oldest
    entry and the hash that one follows, and how many entries lie between. Signed with a server
    key (HMAC), chained to the previous checkpoint and also written to the log to be shipped
    off-host, so rewriting or cutting the chain in the database is detected by
    `verify_audit_chain` (audit.chain)."""

    class Reason(models.TextChoices):
        PERIODIC = "periodic", _("定期")
        PURGE = "purge", _("清理后")

    created_at = models.DateTimeField(_("时间"))
    reason = models.CharField(_("原因"), max_length=10, choices=Reason.choices)
    last_entry_id = models.BigIntegerField(_("最新条目"))
    last_hash = models.CharField(max_length=64)
    first_entry_id = models.BigIntegerField(_("最早条目"))
    anchor_hash = models.CharField(max_length=64, blank=True)
    entries = models.PositiveIntegerField(_("条目数"))
    prev_signature = models.CharField(max_length=64, blank=True)
    signature = models.CharField(max_length=64)

    class Meta:
        ordering = ["-pk"]
        verbose_name = _("审计检查点")
        verbose_name_plural = _("审计检查点")

    def __str__(self):
        return f"#{self.pk} {self.created_at:%Y-%m-%d %H:%M} → {self.last_entry_id}"
