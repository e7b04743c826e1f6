from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import ChoicePromptMixin
from core.text import TextNormalizingMixin
from org.models import Region, Sector, SpecialCommittee, Term

from .models import Member
from .services import CONTACT_FIELDS, MEMBER_FIELDS

# Every form's text is normalised by core.text (control, bidi, invisible and XML-illegal
# characters dropped, NFC). The old name stays for forms written against it.
NoControlCharactersMixin = TextNormalizingMixin


class MemberForm(ChoicePromptMixin, TextNormalizingMixin, forms.ModelForm):
    """Staff create and edit a member's profile (the fields the services take). Choices are limited
    to what the user may change; Member.clean() checks the record."""

    class Meta:
        model = Member
        fields = MEMBER_FIELDS
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
        low, high = Member.BIRTH_YEARS
        self.fields["birth_year"].widget.attrs.update({"min": low, "max": high})
        self.fields["phone"].widget.attrs.update({"inputmode": "numeric", "autocomplete": "off"})
        self.fields["region"].widget.attrs["data-picker"] = _("输入地名查找")


class ContactForm(TextNormalizingMixin, forms.ModelForm):
    """A member edits their own contact details."""

    class Meta:
        model = Member
        fields = CONTACT_FIELDS
        widgets = {"phone": forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "tel"})}


class PairingForm(TextNormalizingMixin, forms.Form):
    grid_manager = forms.ModelChoiceField(
        label=_("网格管理员"),
        queryset=None,
        empty_label=_("请选择网格管理员"),
        widget=forms.Select(attrs={"data-picker": _("输入姓名查找")}),
    )
    started_on = forms.DateField(
        label=_("结对日期"),
        # <input type="date"> only accepts ISO dates; the zh-hans default would be 2026/06/15.
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )
    note = forms.CharField(label=_("备注"), max_length=200, required=False)

    def __init__(self, *args, grid_managers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["grid_manager"].queryset = grid_managers
