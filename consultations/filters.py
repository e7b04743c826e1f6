"""The office's lists: events and topics, filtered (django-filter) within the user's scope."""

import django_filters
from django.utils.translation import gettext_lazy as _

from org.models import Committee

from .models import Consultation, Topic


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

    class Meta:
        model = Consultation
        fields = ["q", "committee", "kind", "status"]


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
