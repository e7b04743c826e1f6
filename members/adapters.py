from allauth.account.adapter import DefaultAccountAdapter

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
