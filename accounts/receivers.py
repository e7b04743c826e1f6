"""Security events written to the audit log. These receivers only record what happened (logins,
failures, logouts, two-factor changes); they hold no business logic."""

import time

from allauth.mfa import signals as mfa_signals
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from audit.services import audit_log

from .middleware import AUTH_AT, LAST_SEEN


@receiver(user_logged_in, dispatch_uid="audit_login")
def _logged_in(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        now = int(time.time())
        request.session[AUTH_AT] = now
        request.session[LAST_SEEN] = now
    audit_log(actor=user, action="login", target=f"user:{user.pk}", request=request)


@receiver(user_logged_out, dispatch_uid="audit_logout")
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        audit_log(actor=user, action="logout", target=f"user:{user.pk}", request=request)


@receiver(user_login_failed, dispatch_uid="audit_login_failed")
def _login_failed(sender, credentials, request=None, **kwargs):
    login = str(
        credentials.get("username") or credentials.get("login") or credentials.get("email") or ""
    )[:60]
    audit_log(actor=None, action="login_failed", target=f"login:{login}", request=request)


def connect_mfa_receivers():
    def _mfa(action):
        def receiver_(sender, request=None, user=None, authenticator=None, **kwargs):
            kind = getattr(authenticator, "type", "") if authenticator is not None else ""
            audit_log(
                actor=user,
                action=action,
                target=f"user:{getattr(user, 'pk', '')}",
                detail={"type": kind},
                request=request,
            )

        return receiver_

    for name, action in (
        ("authenticator_added", "mfa_added"),
        ("authenticator_removed", "mfa_removed"),
        ("authenticator_reset", "mfa_reset"),
        ("authentication_failed", "mfa_failed"),
    ):
        getattr(mfa_signals, name).connect(_mfa(action), dispatch_uid=f"audit_{action}", weak=False)
