"""Account security that applies to every request: idle and absolute session timeouts for
privileged roles, mandatory two-factor enrolment, and no caching of signed-in pages."""

from __future__ import annotations

import time

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from . import roles

AUTH_AT = "_auth_at"
LAST_SEEN = "_last_seen"
MFA_OK = "_mfa_ok"
# Paths a user who must enrol in two-factor may still reach.
MFA_EXEMPT_PREFIXES = ("/accounts/", "/i18n/", "/static/", "/healthz")
# Paths whose views refuse an account that must change its password themselves, in their own
# format: the APP's API answers a 403 problem (api.authentication) a client can read, not a
# redirect to a page. Its documentation page is a page like the others.
SELF_CHECKING_PREFIXES = ("/api/v1/",)
PAGES_UNDER_SELF_CHECKING = ("/api/v1/docs/",)


def checks_password_change_itself(path: str) -> bool:
    return path.startswith(SELF_CHECKING_PREFIXES) and not path.startswith(
        PAGES_UNDER_SELF_CHECKING
    )


def has_totp(user) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def mfa_enrolment_missing(request, user) -> bool:
    """A privileged user signed in by session who has not enrolled a second factor yet, where
    one is required; remembered in the session once they have one."""
    if not (settings.REQUIRE_MFA and roles.is_privileged(user)) or request.session.get(MFA_OK):
        return False
    if not has_totp(user):
        return True
    request.session[MFA_OK] = True
    return False


class AccountSecurityMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and user.must_change_password
            and not request.path.startswith(MFA_EXEMPT_PREFIXES)
            and not checks_password_change_itself(request.path)
        ):
            messages.warning(request, _("这是管理员为您创建的初始密码，请先修改密码。"))
            return redirect("account_change_password")
        if user is not None and roles.is_privileged(user):
            # /api/v1/ answers for itself in its own format (api.authentication): a session that
            # timed out goes on signed out (the API's 401 problem), a missing second factor is
            # its 403 problem — not a redirect to an HTML page a client cannot follow.
            api = checks_password_change_itself(request.path)
            expired = self._session_expired(request)
            if expired:
                logout(request)
                if not api:
                    messages.info(request, expired)
                    return redirect(f"{reverse('account_login')}?next={request.path}")
            elif (
                not api
                and not request.path.startswith(MFA_EXEMPT_PREFIXES)
                and mfa_enrolment_missing(request, user)
            ):
                messages.warning(request, _("您的账号须启用两步验证（动态口令）后才能继续使用。"))
                return redirect("mfa_activate_totp")
        response = self.get_response(request)
        if user is not None and user.is_authenticated:
            # Signed-in pages may show personal data: never store them in any cache.
            add_never_cache_headers(response)
            response["Cache-Control"] = "no-store, no-cache, must-revalidate, private, max-age=0"
        return response

    @staticmethod
    def _session_expired(request) -> str | None:
        now = int(time.time())
        session = request.session
        auth_at = session.get(AUTH_AT)
        last_seen = session.get(LAST_SEEN)
        if auth_at is None:
            session[AUTH_AT] = now
            auth_at = now
        if now - int(auth_at) > settings.PRIVILEGED_SESSION_ABSOLUTE_SECONDS:
            return _("登录已超过12小时，请重新登录。")
        if (
            last_seen is not None
            and now - int(last_seen) > settings.PRIVILEGED_SESSION_IDLE_SECONDS
        ):
            return _("由于长时间未操作，您已自动退出，请重新登录。")
        if last_seen is None or now - int(last_seen) >= 30:
            session[LAST_SEEN] = now
        return None
