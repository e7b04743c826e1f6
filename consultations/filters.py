"""The office's lists: events and topics, filtered (django-filter) within the user's scope."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from org.models import Committee

from .models import Consultation, Topic
from .selectors import with_observers_awaiting


class ConsultationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("活动名称"), field_name="title", lookup_expr="icontains", max_length=50
    )
    committee = django_filters.ModelChoiceFilter(
        label=_("政协组织"), queryset=Committee.objects.order_by("order"), empty_label=_("全部")
    )
    kind = django_filters.ChoiceFilter(
        label=_("形式"), choices=Consultation.Kind.choices, empty_label=_("全部")
    )
    status = django_filters.ChoiceFilter(
        label=_("状态"), choices=Consultation.Status.choices, empty_label=_("全部")
    )

    awaiting = django_filters.BooleanFilter(
        label=_("旁听报名待审核"),
        method="filter_awaiting",
        widget=forms.Select(
            choices=[("", _("全部")), ("true", _("有待审核的报名")), ("false", _("没有"))]
        ),
    )

    class Meta:
        model = Consultation
        fields = ["q", "committee", "kind", "status", "awaiting"]

    def filter_awaiting(self, queryset, name, value):
        if value is None:
            return queryset
        if value:
            return with_observers_awaiting(queryset)
        return queryset.exclude(pk__in=with_observers_awaiting(queryset).values("pk"))


class TopicFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("议题名称"), field_name="title", lookup_expr="icontains", max_length=50
    )
    committee = django_filters.ModelChoiceFilter(
        label=_("政协组织"), queryset=Committee.objects.order_by("order"), empty_label=_("全部")
    )
    source = django_filters.ChoiceFilter(
        label=_("来源"), choices=Topic.Source.choices, empty_label=_("全部")
    )

    class Meta:
        model = Topic
        fields = ["q", "committee", "source"]
