"""Writes of the api app: creating and revoking per-device tokens (audit-logged)."""

from __future__ import annotations

import datetime
import hashlib
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import roles
from accounts.models import User
from audit.services import audit_log
from core.text import normalize_text

from .models import ApiToken

MAX_ACTIVE_TOKENS = 20


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def split_token(raw: str) -> str | None:
    """The prefix of a well-formed token, else None (never sent to the database)."""
    prefix, dot, secret = raw.partition(".")
    if not dot or len(prefix) != 8 or not prefix.isalnum() or not prefix.isascii():
        return None
    if not 20 <= len(secret) <= 100:
        return None
    return prefix


MUST_CHANGE_PASSWORD = gettext_lazy(
    "这是管理员为您设置的初始密码，请先在网站上修改密码，再创建或使用应用令牌。"
)
MFA_ENROLMENT_REQUIRED = gettext_lazy(
    "您的账号须启用两步验证（动态口令）后才能继续使用：请先在网站上启用。"
)


def token_requires_mfa(user: User) -> bool:
    """The roles that must sign in with two factors (accounts' policy) must have passed the
    second factor in the session that creates a token."""
    return bool(settings.REQUIRE_MFA and roles.is_privileged(user))


@dataclass(frozen=True)
class CreatedToken:
    token: ApiToken
    raw: str  # shown once, never stored


def api_token_create(
    *, user: User, name: str, days: int | None = None, mfa_passed: bool, request=None
) -> CreatedToken:
    if user.must_change_password:
        raise PermissionDenied(MUST_CHANGE_PASSWORD)
    if token_requires_mfa(user) and not mfa_passed:
        raise PermissionDenied(_("您的账号须在通过两步验证的登录中才能创建应用令牌。"))
    name = normalize_text(name or "").strip()
    if not name:
        raise ValidationError({"name": _("请填写设备名称，例如“我的手机”。")})
    if len(name) > 60:
        raise ValidationError({"name": _("设备名称不超过60字。")})
    days = settings.API_TOKEN_DEFAULT_DAYS if days is None else days
    if not 1 <= days <= 366:
        raise ValidationError({"days": _("有效期为1至366天。")})
    now = timezone.now()
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=user.pk).first()
        active = ApiToken.objects.filter(user=user, revoked_at=None, expires_at__gt=now).count()
        if active >= MAX_ACTIVE_TOKENS:
            raise ValidationError(
                _("有效的应用令牌已有%(n)d个，请先注销不用的令牌。") % {"n": MAX_ACTIVE_TOKENS}
            )
        while True:
            prefix = secrets.token_hex(4)
            if not ApiToken.objects.filter(prefix=prefix).exists():
                break
        raw = f"{prefix}.{secrets.token_urlsafe(32)}"
        token = ApiToken.objects.create(
            user=user,
            name=name,
            prefix=prefix,
            key_hash=hash_token(raw),
            created_at=now,
            expires_at=now + datetime.timedelta(days=days),
        )
        audit_log(
            actor=user,
            action="api_token_create",
            target=f"api_token:{token.pk}",
            detail={"name": name, "prefix": prefix, "expires_at": token.expires_at.isoformat()},
            request=request,
        )
    return CreatedToken(token=token, raw=raw)


def api_token_revoke(*, token: ApiToken, by: User, request=None) -> ApiToken:
    with transaction.atomic():
        token = ApiToken.objects.select_for_update().get(pk=token.pk)
        if token.user_id != by.pk:
            raise PermissionDenied
        if token.revoked_at is None:
            token.revoked_at = timezone.now()
            token.save(update_fields=["revoked_at"])
            audit_log(
                actor=by,
                action="api_token_revoke",
                target=f"api_token:{token.pk}",
                detail={"name": token.name, "prefix": token.prefix},
                request=request,
            )
    return token


def api_token_touch(*, token: ApiToken, request=None) -> None:
    """Record a use: the last-used time at most once a minute (one UPDATE, no lock), and an
    audit entry ``api_login`` for the first use and for a use after a day without any — the
    API's counterpart of a login, without an entry per request."""
    now = timezone.now()
    last = token.last_used_at
    if last is not None and (now - last).total_seconds() < settings.API_TOKEN_TOUCH_SECONDS:
        return
    updated = ApiToken.objects.filter(pk=token.pk, last_used_at=last).update(last_used_at=now)
    token.last_used_at = now
    if updated and (last is None or now - last >= datetime.timedelta(hours=24)):
        audit_log(
            actor=token.user,
            action="api_login",
            target=f"api_token:{token.pk}",
            detail={"prefix": token.prefix},
            request=request,
        )
