import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from org.models import Committee

from .models import Report
from .periods import Kind


class YearFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField


class ReportFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(
        label=_("报告类型"), choices=Kind.choices, empty_label=_("全部")
    )
    committee = django_filters.ModelChoiceFilter(
        label=_("政协组织"), queryset=Committee.objects.none(), empty_label=_("全部")
    )
    year = YearFilter(
        label=_("年度"),
        field_name="period_start",
        lookup_expr="year",
        min_value=2000,
        max_value=2100,
        error_messages={
            "min_value": _("请填写2000至2100之间的年份。"),
            "max_value": _("请填写2000至2100之间的年份。"),
            "invalid": _("请填写四位数的年份，例如 2026。"),
        },
    )

    class Meta:
        model = Report
        fields = ["kind", "committee", "year"]

    def __init__(self, *args, committees, **kwargs):
        super().__init__(*args, **kwargs)
        if committees is None:  # a 旗区 user sees one committee: no choice to make
            del self.filters["committee"]
        else:
            self.filters["committee"].queryset = committees
