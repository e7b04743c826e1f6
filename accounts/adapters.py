import uuid

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.contrib.sites.shortcuts import get_current_site
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from audit.services import audit_log
from core.http import client_ip
from notifications.services import email_add

from . import lockouts
from .models import User


class AccountAdapter(DefaultAccountAdapter):
    """Open sign-up creates citizens only; staff, leaders and departments are created by an
    administrator (accounts.services.user_create)."""

    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "login_locked_for_unknown_clients": _(
            "此账号近期从陌生设备或地址多次登录失败，已暂停陌生设备和地址的登录。"
            "请在常用设备上登录、稍后再试，或联系工作人员解除。"
        ),
    }

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=False)
        user.role = User.Role.CITIZEN
        user.committee = None
        user.is_staff = False
        user.is_superuser = False
        if commit:
            user.save()
        return user

    def set_password(self, user, password) -> None:
        """A password the user chose themselves clears the "change at first login" flag."""
        super().set_password(user, password)
        if user.must_change_password:
            user.must_change_password = False
            user.save(update_fields=["must_change_password"])

    # --- the client's address: one answer for the whole portal --------------------------------
    def get_client_ip(self, request) -> str:
        """allauth's rate limits and user sessions use the portal's own client address
        (core.http.client_ip: X-Forwarded-For only behind TRUSTED_PROXY_COUNT proxies)."""
        return client_ip(request)

    # --- login throttling (accounts.lockouts) --------------------------------------------------
    # Public adapter methods only. allauth's own pre_authenticate counts failures per address and
    # per login *as typed* (an attacker's failures would use up the owner's tries); this one
    # counts them under the same action and rates per address and per account and client (device
    # cookie or address, whether the account is named by username or phone number), then against
    # the account's budget for unknown clients. authenticate() gives a successful login's
    # attempt back.
    def pre_authenticate(self, request, **credentials):
        """Per address, per account and client, then the account's budget for unknown clients.
        Attempts refused are audited; running out of that budget locks the account for unknown
        clients (notice, audit entry, lifted by staff or by time)."""
        self._login_usages = []
        try:
            usage = lockouts.consume_failed_login(request, credentials)
            if not usage:
                raise self.validation_error("too_many_login_attempts")
            self._login_usages.append(usage)
            usage = lockouts.consume_unknown_client(request, credentials)
            if not usage:
                lockouts.login_lockout_record(request=request, credentials=credentials)
                raise self.validation_error("login_locked_for_unknown_clients")
            self._login_usages.append(usage)
        except ValidationError:
            login = str(credentials.get("username") or "")[:60]
            audit_log(
                actor=None, action="login_locked_out", target=f"login:{login}", request=request
            )
            raise

    def authenticate(self, request, **credentials):
        """A successful login gives back what its attempt took, from every counter (rolled back,
        not wiped: periodic successes must not reset an attacker's count)."""
        user = super().authenticate(request, **credentials)
        if user:
            for usage in getattr(self, "_login_usages", ()):
                usage.rollback()
        return user

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """Account e-mails (password reset and the like) are written to the outbox and sent by a
        worker, never in the request: a mail server that is down cannot fail the page, and the
        mail goes out once it is back. The links in them are secrets: the row is blanked once
        delivered."""
        request = allauth_context.request
        message = self.render_mail(
            template_prefix,
            email,
            {
                "request": request,
                "email": email,
                "current_site": get_current_site(request),
                **context,
            },
        )
        kind = template_prefix.rsplit("/", 1)[-1]
        for address in message.to:
            email_add(
                to=address,
                subject=message.subject,
                body=message.body,
                cause=f"account:{kind}:{uuid.uuid4().hex}",
                sensitive=True,
            )

    def post_login(self, request, user, **kwargs):
        """After a complete login (two-factor included) the browser becomes a known device."""
        response = super().post_login(request, user, **kwargs)
        lockouts.remember_device(request, response, user)
        return response
