from allauth.account.forms import LoginForm as AllauthLoginForm
from allauth.account.forms import SignupForm as AllauthSignupForm
from allauth.account.internal.templatekit import get_entrance_context_data
from django import forms
from django.db import IntegrityError, transaction
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from core.text import TextNormalizingMixin

from .models import Member, User

# Every form's text is normalised by core.text (control, bidi, invisible and XML-illegal
# characters dropped, NFC). The old name stays for forms written against it.
NoControlCharactersMixin = TextNormalizingMixin


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


class MemberForm(TextNormalizingMixin, forms.ModelForm):
    """Staff create and edit a member's profile. Choices are limited to what the user may change."""

    class Meta:
        model = Member
        fields = [
            "committee",
            "term",
            "name",
            "gender",
            "ethnicity",
            "birth_year",
            "level",
            "sector",
            "special_committee",
            "party",
            "is_standing",
            "work_unit",
            "position",
            "expertise",
            "region",
            "phone",
            "email",
            "address",
            "status",
        ]
        widgets = {"expertise": forms.CheckboxSelectMultiple}

    def __init__(self, *args, committees, **kwargs):
        super().__init__(*args, **kwargs)
        from .models import Region, Sector, SpecialCommittee, Term

        self.fields["committee"].queryset = committees
        self.fields["term"].queryset = Term.objects.filter(committee__in=committees).select_related(
            "committee"
        )
        self.fields["sector"].queryset = Sector.objects.filter(committee__in=committees)
        self.fields["special_committee"].queryset = SpecialCommittee.objects.filter(
            committee__in=committees
        )
        self.fields["region"].queryset = Region.objects.filter(committee__in=committees).exclude(
            level=Region.Level.VILLAGE
        )
        if committees.count() == 1:
            self.fields["committee"].initial = committees.first()
        self.fields["birth_year"].widget.attrs.update({"min": 1920, "max": 2010})
        self.fields["phone"].widget.attrs.update({"inputmode": "numeric", "autocomplete": "off"})

    def clean_birth_year(self):
        year = self.cleaned_data.get("birth_year")
        if year is not None and not 1920 <= year <= 2010:
            raise forms.ValidationError(_("出生年份应在1920年至2010年之间。"))
        return year

    def clean(self):
        data = super().clean()
        committee = data.get("committee")
        if committee:
            for field in ("term", "sector", "special_committee", "region"):
                value = data.get(field)
                if value is not None and value.committee_id != committee.pk:
                    self.add_error(field, _("所选项不属于该政协组织。"))
        return data


class ContactForm(TextNormalizingMixin, forms.ModelForm):
    """A member edits their own contact details."""

    class Meta:
        model = Member
        fields = ["phone", "email", "address"]
        widgets = {"phone": forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "tel"})}


class PairingForm(TextNormalizingMixin, forms.Form):
    grid_manager = forms.ModelChoiceField(label=_("网格管理员"), queryset=None)
    started_on = forms.DateField(
        label=_("结对日期"),
        # <input type="date"> only accepts ISO dates; the zh-hans default would be 2026/06/15.
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )
    note = forms.CharField(label=_("备注"), max_length=200, required=False)

    def __init__(self, *args, grid_managers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["grid_manager"].queryset = grid_managers
