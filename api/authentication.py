"""How the API knows who calls: a per-device token (``Authorization: Bearer <token>``), or the
session of a signed-in browser (DRF's SessionAuthentication, CSRF-checked on unsafe methods,
for same-origin use; settings.REST_FRAMEWORK).

Either way an account that must first change the initial password the administrator set gets a
403 problem (``MUST_CHANGE_PASSWORD``), and a privileged user's session without the required
second factor another (``MFA_ENROLMENT_REQUIRED``): the pages' middleware redirects such a
session to the password or enrolment page, but leaves /api/v1/ to this module
(accounts.middleware.SELF_CHECKING_PREFIXES); a privileged session that timed out is signed out
there and reaches the API anonymous (a 401 problem)."""

from __future__ import annotations

import hmac

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.authentication import SessionScheme as SpectacularSessionScheme
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from accounts.middleware import mfa_enrolment_missing

from .models import ApiToken
from .services import (
    MFA_ENROLMENT_REQUIRED,
    MUST_CHANGE_PASSWORD,
    api_token_touch,
    hash_token,
    split_token,
)


class TokenAuthentication(authentication.BaseAuthentication):
    keywords = ("bearer", "token")

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower().decode(errors="replace") not in self.keywords:
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("令牌格式不正确。"))
        try:
            raw = header[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed(_("令牌格式不正确。")) from None
        prefix = split_token(raw)
        if prefix is None:
            raise exceptions.AuthenticationFailed(_("令牌无效。"))
        token = ApiToken.objects.select_related("user").filter(prefix=prefix).first()
        if token is None or not hmac.compare_digest(token.key_hash, hash_token(raw)):
            raise exceptions.AuthenticationFailed(_("令牌无效。"))
        if token.revoked_at is not None:
            raise exceptions.AuthenticationFailed(_("令牌已注销。"))
        if token.expires_at <= timezone.now():
            raise exceptions.AuthenticationFailed(_("令牌已过期，请在账号页面创建新令牌。"))
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("账号已停用。"))
        if token.user.must_change_password:
            # As on the pages (accounts.middleware): nothing but changing it, on the website.
            # A 403, not a 401: the token stays good once the password has been changed.
            raise exceptions.PermissionDenied(MUST_CHANGE_PASSWORD)
        api_token_touch(token=token, request=request)
        return token.user, token

    def authenticate_header(self, request):
        return 'Bearer realm="api"'


class SessionAuthentication(authentication.SessionAuthentication):
    """DRF's (CSRF on unsafe methods), refusing a session whose account must change its password
    first as the token path does (the pages' redirect would be a 302 to HTML for a client)."""

    def authenticate(self, request):
        result = super().authenticate(request)
        if result is not None and result[0].must_change_password:
            raise exceptions.PermissionDenied(MUST_CHANGE_PASSWORD)
        if result is not None and mfa_enrolment_missing(request._request, result[0]):
            # the pages send such a session to enrolment (accounts.middleware); a client is told
            raise exceptions.PermissionDenied(MFA_ENROLMENT_REQUIRED)
        return result


class SessionScheme(SpectacularSessionScheme):
    """The schema describes the subclass as drf-spectacular describes DRF's (``cookieAuth``)."""

    target_class = "api.authentication.SessionAuthentication"


class TokenScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.TokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": str(_("在账号页面“应用令牌”中创建的令牌：Authorization: Bearer <令牌>")),
        }
