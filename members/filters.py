import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from org import selectors as org_selectors
from org.filters import CommitteeFilterMixin
from org.models import Committee, Expertise, Party, Region

from .models import GridManager, Member


class MemberFilter(CommitteeFilterMixin, django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("关键词"), method="search")
    committee = django_filters.ModelChoiceFilter(
        label=_("所属政协"), queryset=Committee.objects.none(), empty_label=_("全部")
    )
    # Filtered by name, so that a municipal user picks "教育" once for all ten committees.
    sector = django_filters.ChoiceFilter(
        label=_("界别"), field_name="sector__name", choices=(), empty_label=_("全部")
    )
    special_committee = django_filters.ChoiceFilter(
        label=_("专委会"),
        field_name="special_committee__name",
        choices=(),
        empty_label=_("全部"),
    )
    party = django_filters.ModelChoiceFilter(
        label=_("党派"), queryset=Party.objects.all(), empty_label=_("全部")
    )
    level = django_filters.ChoiceFilter(
        label=_("委员层级"), choices=Member.Level.choices, empty_label=_("全部")
    )
    expertise = django_filters.ModelChoiceFilter(
        label=_("专长"),
        queryset=Expertise.objects.all(),
        empty_label=_("全部"),
        method="filter_expertise",
    )
    status = django_filters.ChoiceFilter(
        label=_("状态"), choices=Member.Status.choices, empty_label=_("全部")
    )

    class Meta:
        model = Member
        fields = [
            "q",
            "committee",
            "sector",
            "special_committee",
            "party",
            "level",
            "expertise",
            "status",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["special_committee"].extra["choices"] = (
            org_selectors.special_committee_choices(self.committees)
        )

    def search(self, queryset, name, value):
        value = value.strip()[:50]
        if not value:
            return queryset
        condition = (
            Q(name__icontains=value) | Q(work_unit__icontains=value) | Q(position__icontains=value)
        )
        if value.isdigit() and len(value) == 11:
            condition |= Q(phone=value)
        return queryset.filter(condition)

    def filter_expertise(self, queryset, name, value):
        return queryset.filter(expertise=value) if value else queryset


class VillageChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        # A village an administrator added without a township has no parent.
        return f"{obj.parent.name}·{obj.name}" if obj.parent_id else obj.name


class VillageChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = VillageChoiceField


class GridManagerFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("姓名"), field_name="name", lookup_expr="icontains")
    region = VillageChoiceFilter(
        label=_("嘎查/村/社区"),
        queryset=Region.objects.none(),
        empty_label=_("全部"),
        widget=forms.Select(attrs={"data-picker": _("输入地名查找")}),
    )

    def __init__(self, *args, villages, **kwargs):
        super().__init__(*args, **kwargs)
        # each 苏木乡镇's 嘎查村 together ("town·village"), searchable
        self.filters["region"].queryset = villages.select_related("parent").order_by(
            "committee__order", "parent__name", "name", "pk"
        )

    class Meta:
        model = GridManager
        fields = ["q", "region"]
