"""Login throttling that an attacker cannot hold over an account's owner (OWASP "slow down online
guessing attacks with device cookies").

allauth counts failed logins per client address (ACCOUNT_RATE_LIMITS "login_failed", per ip) and,
through accounts.adapters.AccountAdapter, per account *and client* (per key): the client is the
browser's device cookie when it carries one for this account (set after a successful login),
otherwise the address. On top of that, failures from *unknown* clients — no device cookie for the
account and an address it has not signed in from in the last LOGIN_KNOWN_ADDRESS_DAYS — share one
budget per account (LOGIN_UNKNOWN_CLIENT_RATE). When that runs out, the account is locked for
unknown clients only: a LoginLockout row, an in-app notice to the owner and an audit entry. The
owner on a known device or address still signs in; staff in scope can lift the lock early."""

from __future__ import annotations

import dataclasses
import datetime
import secrets

from allauth.core.internal import ratelimit as allauth_ratelimit
from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from audit.models import AuditLog
from audit.services import audit_log
from core.http import client_ip
from notifications.models import NoticeKind
from notifications.services import email_add, notice_add

from .models import LoginLockout, User

DEVICE_COOKIE = "ordos_device"
_DEVICE_SALT = "members.lockouts.device"  # the salt of cookies already issued
_DEVICE_ACCOUNTS = 5  # accounts one browser is remembered for
_ACTION = "login_unknown_client"


@dataclasses.dataclass(frozen=True)
class LoginClient:
    account: str  # the account's username (or the login as typed, when it names no account)
    user: User | None
    client: str  # "device:<id>" or "ip:<address>"
    known: bool  # a device cookie for this account, or an address it signed in from


def _rates() -> dict[str, str]:
    return {_ACTION: settings.LOGIN_UNKNOWN_CLIENT_RATE}


def _window() -> datetime.timedelta:
    rates = allauth_ratelimit.parse_rates(settings.LOGIN_UNKNOWN_CLIENT_RATE)
    return datetime.timedelta(seconds=max((rate.duration for rate in rates), default=900))


def _device_data(request) -> dict:
    raw = request.COOKIES.get(DEVICE_COOKIE)
    if not raw:
        return {}
    try:
        data = signing.loads(
            raw, salt=_DEVICE_SALT, max_age=settings.LOGIN_DEVICE_COOKIE_DAYS * 86400
        )
    except signing.BadSignature:
        return {}
    return data if isinstance(data, dict) else {}


def _known_address(user: User, ip: str) -> bool:
    if ip == "unknown":
        return False
    since = timezone.now() - datetime.timedelta(days=settings.LOGIN_KNOWN_ADDRESS_DAYS)
    return AuditLog.objects.filter(
        actor=user, action="login", ip_address=ip, created_at__gte=since
    ).exists()


def _find_user(login: str) -> User | None:
    if not login:
        return None
    if login.isascii() and login.isdigit() and len(login) == 11:
        user = User.objects.filter(phone=login).first()
        if user is not None:
            return user
    return User.objects.filter(username__iexact=login).first()


def login_client(request, credentials: dict) -> LoginClient:
    """Who is trying which account from where (worked out once per request and login)."""
    login = str(credentials.get("username") or "").strip()
    seen = request.__dict__.setdefault("_login_clients", {})
    if login in seen:
        return seen[login]
    user = _find_user(login)
    ip = client_ip(request)
    device = None
    if user is not None:
        data = _device_data(request)
        if user.pk in data.get("u", []) and data.get("d"):
            device = str(data["d"])
    if device:
        found = LoginClient(user.username.lower(), user, f"device:{device}", True)
    else:
        known = user is not None and _known_address(user, ip)
        account = user.username.lower() if user is not None else login.lower()
        # an IPv6 client counts as its /64, as in allauth's per-address limit
        found = LoginClient(account, user, f"ip:{allauth_ratelimit.truncate_ip(ip)}", known)
    seen[login] = found
    return found


def attempts_key(request, credentials: dict) -> str:
    """allauth's per-key failure counter: one per account and client."""
    found = login_client(request, credentials)
    return f"{found.account}|{found.client}"


def consume_failed_login(request, credentials: dict):
    """Count an attempt against allauth's failed-login limits (ACCOUNT_RATE_LIMITS "login_failed":
    per client address, and per key — here the account and client, not the login as typed).
    Returns allauth's usage (to roll back after a success), or None when a limit is reached."""
    return allauth_ratelimit.consume(
        request,
        app="allauth.account",
        action="login_failed",
        key=attempts_key(request, credentials),
    )


def consume_unknown_client(request, credentials: dict):
    """Count an attempt against the account's budget for unknown clients. Returns allauth's usage
    (to roll back after a success), or None when the budget is spent: the attempt is refused."""
    found = login_client(request, credentials)
    if found.known:
        return allauth_ratelimit.RateLimitUsage(usage=[])
    return allauth_ratelimit.consume(
        request, app="members", action=_ACTION, config=_rates(), key=found.account
    )


def login_lockout_record(*, request, credentials: dict) -> LoginLockout | None:
    """The account's budget for unknown clients is spent: record the lockout once per episode,
    tell the owner (at most one notice a day) and write it to the audit log."""
    found = login_client(request, credentials)
    if found.user is None:
        return None
    now = timezone.now()
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=found.user.pk)
        if LoginLockout.objects.filter(user=user).active(now).exists():
            return None
        ip = client_ip(request)
        lockout = LoginLockout.objects.create(
            user=user,
            created_at=now,
            until=now + _window(),
            ip_address=None if ip == "unknown" else ip,
        )
        audit_log(
            actor=None,
            action="login_lockout",
            target=f"user:{user.pk}",
            detail={"lockout": lockout.pk, "until": lockout.until.isoformat()},
            request=request,
        )
        # Through the outbox, in this transaction: delivered after commit, retried if need be.
        # In the portal's language, not the language of whoever made the attempts.
        with translation.override(settings.LANGUAGE_CODE):
            text = _(
                "您的账号近期从陌生设备或地址多次登录失败，已暂停陌生设备和地址的登录（约 "
                "%(minutes)s 分钟）。您在常用设备或地址上仍可正常登录；如非本人操作，"
                "请修改密码或联系工作人员。"
            ) % {"minutes": int(_window().total_seconds() // 60)}
            subject = _("【鄂尔多斯政协】账号登录安全提醒")
        cause = f"login_lockout:{timezone.localdate(now).isoformat()}"
        notice_add(
            user=user,
            text=text,
            link=reverse("account_change_password"),
            cause=cause,
            kind=NoticeKind.ACCOUNT,
            email=False,  # its own e-mail below
        )
        if user.email:
            email_add(
                to=user.email,
                subject=subject,
                body=text,
                cause=cause,
                kind=NoticeKind.ACCOUNT,
            )
    return lockout


def login_lockout_lift(*, lockout: LoginLockout, by: User, request=None) -> bool:
    """Lift an active lockout early: unknown clients get their budget back. False when it had
    already ended or been lifted."""

    with transaction.atomic():
        lockout = LoginLockout.objects.select_for_update().select_related("user").get(pk=lockout.pk)
        if lockout.lifted_at is not None or lockout.until <= timezone.now():
            return False
        lockout.lifted_at = timezone.now()
        lockout.lifted_by = by
        lockout.save(update_fields=["lifted_at", "lifted_by"])
        audit_log(
            actor=by,
            action="login_lockout_lifted",
            target=f"user:{lockout.user_id}",
            detail={"lockout": lockout.pk},
            request=request,
        )
    allauth_ratelimit.clear(
        request, app="members", action=_ACTION, config=_rates(), key=lockout.user.username.lower()
    )
    return True


def remember_device(request, response, user: User) -> None:
    """After a successful login: this browser is a known device for the account."""
    data = _device_data(request)
    device = str(data.get("d") or secrets.token_urlsafe(18))
    accounts = [pk for pk in data.get("u", []) if pk != user.pk][-(_DEVICE_ACCOUNTS - 1) :]
    value = signing.dumps({"d": device, "u": [*accounts, user.pk]}, salt=_DEVICE_SALT)
    response.set_cookie(
        DEVICE_COOKIE,
        value,
        max_age=settings.LOGIN_DEVICE_COOKIE_DAYS * 86400,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
