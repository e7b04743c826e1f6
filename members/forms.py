from django import forms
from django.utils.translation import gettext_lazy as _

from core.text import TextNormalizingMixin
from org.models import Region, Sector, SpecialCommittee, Term

from .models import Member

# Every form's text is normalised by core.text (control, bidi, invisible and XML-illegal
# characters dropped, NFC). The old name stays for forms written against it.
NoControlCharactersMixin = TextNormalizingMixin


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
