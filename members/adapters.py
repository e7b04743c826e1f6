import uuid

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.contrib.sites.shortcuts import get_current_site

from notifications.services import email_add

from .models import User


class AccountAdapter(DefaultAccountAdapter):
    """Open sign-up creates citizens only; staff, leaders and departments are created by an
    administrator (members.services.user_create)."""

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

    def _get_login_attempts_cache_key(self, request, **credentials):
        """One failure counter per account, whether it is named by username or phone number
        (allauth would otherwise give each spelling its own five tries)."""
        login = str(credentials.get("username") or "").strip()
        if login.isascii() and login.isdigit() and len(login) == 11:
            username = User.objects.filter(phone=login).values_list("username", flat=True).first()
            if username:
                credentials = {**credentials, "username": username}
        return super()._get_login_attempts_cache_key(request, **credentials)

    def pre_authenticate(self, request, **credentials):
        """Attempts refused while an account or address is locked out are audited too."""
        from django.core.exceptions import ValidationError

        from .services import audit_log

        try:
            super().pre_authenticate(request, **credentials)
        except ValidationError:
            login = str(credentials.get("username") or "")[:60]
            audit_log(
                actor=None, action="login_locked_out", target=f"login:{login}", request=request
            )
            raise

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
