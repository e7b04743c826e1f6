from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.text import TextNormalizingMixin

from .models import Grade


class EvaluationRunForm(TextNormalizingMixin, forms.Form):
    committee = forms.ModelChoiceField(label=_("政协组织"), queryset=None, empty_label=_("请选择"))
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)

    def __init__(self, *args, committees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = committees
        if committees.count() == 1:
            self.fields["committee"].initial = committees.first()
        self.fields["year"].initial = timezone.localdate().year


class GradeAdjustForm(TextNormalizingMixin, forms.Form):
    grade = forms.ChoiceField(label=_("调整为"), choices=Grade.choices)
    reason = forms.CharField(label=_("调整理由"), max_length=200)
