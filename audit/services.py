"""The one way to write to the audit log."""

from __future__ import annotations

from core.http import client_ip

from . import chain


def audit_log(*, actor, action: str, target: str = "", detail=None, request=None):
    """Record a security-relevant action (login, reveal, export, role change…) in the
    tamper-evident audit chain (audit.chain)."""
    ip = None
    if request is not None:
        ip = client_ip(request)
        if ip == "unknown":
            ip = None
    return chain.append(actor=actor, action=action, target=target, detail=detail, ip=ip)
