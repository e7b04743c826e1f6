"""allauth's login and sign-up forms, normalised like every other form."""

from allauth.account.forms import LoginForm as AllauthLoginForm
from allauth.account.forms import SignupForm as AllauthSignupForm
from allauth.account.internal.templatekit import get_entrance_context_data
from django.db import IntegrityError, transaction
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from core.text import TextNormalizingMixin

from .models import User


class LoginForm(TextNormalizingMixin, AllauthLoginForm):
    """Username or mobile phone number, and password."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["login"].label = _("用户名或手机号码")
        self.fields["login"].widget.attrs.update(
            {"placeholder": _("用户名或手机号码"), "autocomplete": "username"}
        )
        self.fields["password"].label = _("密码")


class SignupForm(TextNormalizingMixin, AllauthSignupForm):
    """Open sign-up. The username is put in the same form as every other way an account is made
    (NFKC like Django's own forms, blanks stripped, lower case by allauth), so " 1" and "1 " are
    one name; when two sign-ups for one name pass the uniqueness check at the same moment, the
    database's constraint refuses the second and the form says the name is taken."""

    def clean_username(self):
        username = self.cleaned_data.get("username")
        if isinstance(username, str):
            self.cleaned_data["username"] = User.normalize_username(username).strip()
        return super().clean_username()

    def try_save(self, request):
        try:
            with transaction.atomic():
                return super().try_save(request)
        except IntegrityError:
            self._errors = None
            self.full_clean()  # the name is now taken: allauth's own message
            if not self._errors:
                self.add_error("username", _("该用户名已被注册，请换一个。"))
            context = {**get_entrance_context_data(request), "form": self}
            return None, TemplateResponse(request, "account/signup.html", context)
