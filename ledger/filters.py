import django_filters
from django.utils.translation import gettext_lazy as _

from org import selectors as org_selectors
from org.models import Committee

from .models import Grade, MemberYearScore


class RankingFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(
        label=_("年度"), field_name="year", min_value=2000, max_value=2100, max_digits=4
    )
    committee = django_filters.ModelChoiceFilter(
        label=_("所属政协"), queryset=Committee.objects.none(), empty_label=_("全部")
    )
    sector = django_filters.ChoiceFilter(
        label=_("界别"), field_name="member__sector__name", choices=(), empty_label=_("全部")
    )
    grade = django_filters.ChoiceFilter(
        label=_("等次"), choices=Grade.choices, empty_label=_("全部")
    )
    q = django_filters.CharFilter(
        label=_("姓名"), field_name="member__name", lookup_expr="icontains"
    )

    class Meta:
        model = MemberYearScore
        fields = ["year", "committee", "sector", "grade", "q"]

    def __init__(self, *args, committees, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["committee"].queryset = committees
        self.filters["sector"].extra["choices"] = org_selectors.sector_choices(committees)
