from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import OPTIONAL_EMAIL_KINDS, NoticeKind


class NoticeFilterForm(forms.Form):
    unread = forms.BooleanField(label=_("只看未读"), required=False)
    kind = forms.ChoiceField(
        label=_("类别"), required=False, choices=[("", _("全部类别")), *NoticeKind.choices]
    )


class EmailSettingsForm(forms.Form):
    """One check box per kind of notice: ticked = e-mail wanted."""

    def __init__(self, *args: Any, opted_out: set[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for kind in OPTIONAL_EMAIL_KINDS:
            self.fields[kind.value] = forms.BooleanField(
                label=kind.label, required=False, initial=kind.value not in opted_out
            )

    def opted_out(self) -> set[str]:
        return {kind for kind in self.fields if not self.cleaned_data.get(kind)}
