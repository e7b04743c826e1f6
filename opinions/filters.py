import datetime

import django_filters
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from org.models import Committee

from . import selectors
from .models import SEARCH_MAX_LENGTH, UNDECIDED, Category, Channel, Opinion, Status, search_term
from .search import OPINIONS

FIRST_DAY = datetime.date.min + datetime.timedelta(days=2)
LAST_DAY = datetime.date.max - datetime.timedelta(days=2)


def start_of_day(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


# The office's work queues on the desk (selectors.OPINION_QUEUES; the dashboard's tiles).
QUEUE_CHOICES = [
    ("review", _("待审核")),
    ("overdue", _("超期未审")),
    ("spam", _("疑似垃圾信息")),
    ("compile", _("待编发")),
]


class OpinionFilter(django_filters.FilterSet):
    queue = django_filters.ChoiceFilter(
        label=_("待办"), choices=QUEUE_CHOICES, empty_label=_("全部"), method="filter_queue"
    )
    q = django_filters.CharFilter(
        label=_("关键词"),
        method="search",
        max_length=SEARCH_MAX_LENGTH,
        error_messages={"max_length": _("关键词最多 %(limit_value)d 个字，请缩短后再查询。")},
    )
    status = django_filters.ChoiceFilter(
        label=_("状态"),
        choices=[c for c in Status.choices if c[0] != Status.DRAFT],
        empty_label=_("全部"),
    )
    channel = django_filters.ChoiceFilter(
        label=_("来源渠道"), choices=Channel.choices, empty_label=_("全部")
    )
    category = django_filters.ModelChoiceFilter(
        label=_("类别"), queryset=Category.objects.all(), empty_label=_("全部")
    )
    committee = django_filters.ModelChoiceFilter(
        label=_("旗区"), queryset=Committee.objects.none(), empty_label=_("全部")
    )
    # A range of submission times (from the start of the first day to the start of the day
    # after the last, in the local time zone), which the desk's indexes serve; ``__date``
    # would convert every row's time first.
    submitted_from = django_filters.DateFilter(
        label=_("提交日期自"),
        method="filter_submitted_from",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    submitted_to = django_filters.DateFilter(
        label=_("提交日期至"),
        method="filter_submitted_to",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    overdue = django_filters.BooleanFilter(
        label=_("仅看超期未审"),
        method="filter_overdue",
        widget=forms.CheckboxInput,
    )
    mine = django_filters.BooleanFilter(
        label=_("仅看分派给我的"), method="filter_mine", widget=forms.CheckboxInput
    )
    attention = django_filters.BooleanFilter(
        label=_("仅看含敏感词"),
        field_name="needs_attention",
        widget=forms.CheckboxInput,
        method="filter_attention",
    )
    spam = django_filters.ChoiceFilter(
        label=_("垃圾信息"),
        method="filter_spam",
        empty_label=_("不含疑似垃圾信息"),
        choices=[("only", _("只看疑似垃圾信息")), ("all", _("全部"))],
    )

    class Meta:
        model = Opinion
        fields = []

    def __init__(self, *args, committees, user, search_rows: int | None = None, **kwargs):
        """``search_rows``: how many rows of the list will be read in its order (a page's last
        row, an export's length); with it a text search chooses how PostgreSQL finds its rows
        (``opinions.search``). Without it, the pair index (what a count wants)."""
        super().__init__(*args, **kwargs)
        self.user = user
        self.search_rows = search_rows
        self.filters["committee"].queryset = committees

    @property
    def qs(self):
        queryset = super().qs
        cleaned = getattr(self.form, "cleaned_data", {})
        if not cleaned.get("spam") and not cleaned.get("queue"):  # a queue says itself
            queryset = queryset.filter(is_spam=False)
        return queryset

    def filter_queue(self, queryset, name, value):
        """The queue's own selector (the one its dashboard tile counts), within this list."""
        return queryset & selectors.OPINION_QUEUES[value](user=self.user) if value else queryset

    def listing(self, rows: int):
        """``qs`` again, for reading its first ``rows`` in order (the form is not read again)."""
        self.search_rows = rows
        self.__dict__.pop("_qs", None)
        return self.qs

    def search(self, queryset, name, value):
        walk = self.search_rows is not None and OPINIONS.walk_pays(
            search_term(value), self.search_rows, using=queryset.db
        )
        return queryset.search(value, walk=walk)

    def filter_submitted_from(self, queryset, name, value):
        if value < FIRST_DAY:  # from the dawn of time: every row (and no overflow in UTC)
            return queryset
        return queryset.filter(submitted_at__gte=start_of_day(value))

    def filter_submitted_to(self, queryset, name, value):
        if value > LAST_DAY:
            return queryset
        return queryset.filter(submitted_at__lt=start_of_day(value + datetime.timedelta(days=1)))

    def filter_overdue(self, queryset, name, value):
        if value:
            return queryset.filter(status__in=UNDECIDED, review_due_at__lt=timezone.now())
        return queryset

    def filter_mine(self, queryset, name, value):
        return queryset.filter(assignee=self.user) if value else queryset

    def filter_attention(self, queryset, name, value):
        return queryset.filter(needs_attention=True) if value else queryset

    def filter_spam(self, queryset, name, value):
        if value == "only":
            return queryset.filter(is_spam=True)
        return queryset
