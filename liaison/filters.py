import django_filters
from django import forms
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from core.search import PairIndex
from core.text import normalize_text
from members.models import Member
from org.filters import CommitteeFilterMixin
from org.models import Committee
from workstations.models import Workstation

from .models import Activity, ActivityParticipant, ActivityType

ACTIVITY_TITLES = PairIndex(
    table="liaison_activity", index="activity_title_grams_idx", expression="liaison_title_grams"
)
TITLE_MAX_LENGTH = 80

DATE = forms.DateInput(attrs={"type": "date"})


class ActivityFilter(CommitteeFilterMixin, django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("关键词"),
        method="filter_q",
        max_length=TITLE_MAX_LENGTH,
        error_messages={"max_length": _("关键词最多 %(limit_value)d 个字，请缩短后再查询。")},
    )
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

    def __init__(self, *args, search_rows: int | None = None, **kwargs):
        """``search_rows``: see ``listing``; without it a keyword asks the title's pair index
        (what a count wants)."""
        super().__init__(*args, **kwargs)
        self.search_rows = search_rows
        self.filters["workstation"].queryset = Workstation.objects.filter(
            committee__in=self.committees
        ).order_by("committee__order", "name")

    def listing(self, rows: int):
        """``qs`` again, for reading its first ``rows`` in order: a common keyword then walks
        the desk's ordered index (``core.search``). The form is not read again."""
        self.search_rows = rows
        self.__dict__.pop("_qs", None)
        return self.qs

    def keyword(self) -> str:
        """The keyword as stored titles are written (``core.text``), once the form is read."""
        return normalize_text(getattr(self.form, "cleaned_data", {}).get("q") or "").strip()

    def filter_q(self, queryset, name, value):
        term = normalize_text(value).strip()
        walk = self.search_rows is not None and ACTIVITY_TITLES.walk_pays(
            term, self.search_rows, using=queryset.db
        )
        return queryset.search(term, walk=walk)

    def sector_asked(self) -> str:
        """The 界别 asked for, once the form is read."""
        return getattr(self.form, "cleaned_data", {}).get("sector") or ""

    def filter_sector(self, queryset, name, value):
        """Activities a member of the 界别 took part in. The members are read first (one small
        query; a 界别 name is shared by the committees' sectors): with their ids in the
        condition PostgreSQL knows how many participations match. Joined through the sector's
        name it guessed a few hundred where a large 界别 has ~180,000 at 500k activities, and
        hashed them all for every page (~200 ms); with the ids it walks the desk's ordered
        index and probes each activity's participants (the desk counts such a list no further
        than its search cap), or hashes the few participations of a small 界别."""
        if not value:
            return queryset
        members = list(Member.objects.filter(sector__name=value).values_list("pk", flat=True))
        return queryset.filter(
            Exists(
                ActivityParticipant.objects.filter(activity=OuterRef("pk"), member_id__in=members)
            )
        )
