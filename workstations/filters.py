import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.forms import with_empty
from org import selectors as org_selectors
from org.models import Committee, Region

from .models import DutyShift, Workstation


class WorkstationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("名称或地址"), method="search")
    committee = django_filters.ModelChoiceFilter(
        label=_("旗区"), queryset=Committee.objects.order_by("order"), empty_label=_("全部")
    )
    township = django_filters.ModelChoiceFilter(
        label=_("苏木乡镇（街道）"),
        queryset=Region.objects.none(),
        empty_label=_("全部"),
        method="filter_township",
    )
    sector = django_filters.ChoiceFilter(
        label=_("界别"), field_name="sector__name", choices=(), empty_label=_("全部")
    )
    kind = django_filters.ChoiceFilter(
        label=_("类型"), choices=Workstation.Kind.choices, empty_label=_("全部")
    )
    is_pilot = django_filters.BooleanFilter(
        label=_("试点"),
        widget=forms.Select(choices=[("", _("全部")), ("true", _("是")), ("false", _("否"))]),
    )

    class Meta:
        model = Workstation
        fields = ["q", "committee", "township", "sector", "kind", "is_pilot"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["township"].queryset = Region.objects.filter(level=Region.Level.TOWNSHIP)
        self.filters["sector"].extra["choices"] = [(n, n) for n in org_selectors.sector_names()]

    @property
    def form(self):
        """The selects list the choices computed once per process (org.selectors: on the
        widgets, as django-filter's fields take no list); a chosen 旗区 or 苏木乡镇 is still
        looked up to filter by it."""
        if not hasattr(self, "_form"):
            fields = super().form.fields
            committees = org_selectors.committee_rows()
            fields["committee"].widget.choices = with_empty(
                fields["committee"], [(row.pk, row.local_name) for row in committees]
            )
            townships = [
                (place.pk, f"{committee.local_short_name}·{place.local_name}")
                for committee in committees
                for place in org_selectors.places_of(committee.pk)
                if place.is_township
            ]
            fields["township"].widget.choices = with_empty(fields["township"], townships)
        return self._form

    def search(self, queryset, name, value):
        value = value.strip()[:40]
        if not value:
            return queryset
        return queryset.filter(Q(name__icontains=value) | Q(address__icontains=value))

    def filter_township(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(Q(region=value) | Q(region__parent=value))


class ShiftFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        label=_("状态"), choices=DutyShift.Status.choices, empty_label=_("全部")
    )

    class Meta:
        model = DutyShift
        fields = ["status"]
