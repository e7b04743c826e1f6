import django_filters
from django import forms
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from org.filters import CommitteeFilterMixin
from org.models import Committee
from workstations.models import Workstation

from .models import Activity, ActivityParticipant, ActivityType

DATE = forms.DateInput(attrs={"type": "date"})


class ActivityFilter(CommitteeFilterMixin, django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("关键词"), field_name="title", lookup_expr="icontains")
    committee = django_filters.ModelChoiceFilter(
        label=_("所属政协"), queryset=Committee.objects.none(), empty_label=_("全部")
    )
    sector = django_filters.ChoiceFilter(
        label=_("界别"), choices=(), empty_label=_("全部"), method="filter_sector"
    )
    type = django_filters.ChoiceFilter(
        label=_("活动类型"), choices=ActivityType.choices, empty_label=_("全部")
    )
    status = django_filters.ChoiceFilter(
        label=_("状态"),
        empty_label=_("全部"),
        choices=[c for c in Activity.Status.choices if c[0] != Activity.Status.DRAFT],
    )
    date_from = django_filters.DateFilter(
        label=_("起始日期"), field_name="occurred_on", lookup_expr="gte", widget=DATE
    )
    date_to = django_filters.DateFilter(
        label=_("截止日期"), field_name="occurred_on", lookup_expr="lte", widget=DATE
    )
    workstation = django_filters.ModelChoiceFilter(
        label=_("委员之家"), queryset=None, empty_label=_("全部")
    )

    class Meta:
        model = Activity
        fields = [
            "q",
            "committee",
            "sector",
            "type",
            "status",
            "date_from",
            "date_to",
            "workstation",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["workstation"].queryset = Workstation.objects.filter(
            committee__in=self.committees
        ).order_by("committee__order", "name")

    def filter_sector(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(
            Exists(
                ActivityParticipant.objects.filter(
                    activity=OuterRef("pk"), member__sector__name=value
                )
            )
        )
