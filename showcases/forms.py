"""The staff's 典型经验 form: the write-up, the record it is about and its photos."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from consultations.models import Consultation, Outcome
from core.forms import optional_choice
from core.text import TextNormalizingMixin
from lectures.models import LectureOrder
from liaison.forms import PhotosField
from liaison.models import Activity
from opinions.models import Opinion
from org.models import Committee

from .services import SOURCE_CONSULTATION_STATES, SOURCE_OPINION_EXCLUDED

# How many recent records of each kind the form offers (the one already linked is kept).
SOURCE_CHOICES = 60


def _recent(queryset, keep_pk, order_by):
    recent = list(queryset.order_by(*order_by)[:SOURCE_CHOICES])
    if keep_pk and all(r.pk != keep_pk for r in recent):
        recent += list(queryset.filter(pk=keep_pk))
    return recent


class ShowcaseForm(TextNormalizingMixin, forms.Form):
    committee = forms.ModelChoiceField(
        label=_("所属政协"), queryset=Committee.objects.none(), empty_label=None
    )
    title = forms.CharField(label=_("标题"), max_length=60)
    summary = forms.CharField(
        label=_("摘要"), max_length=200, help_text=_("列表和首页上显示的一两句话。")
    )
    body = forms.CharField(
        label=_("正文"), max_length=5000, widget=forms.Textarea(attrs={"rows": 12})
    )
    activity = optional_choice(Activity, _("关联履职活动（可选）"), _("不关联"))
    opinion = optional_choice(Opinion, _("关联社情民意（可选）"), _("不关联"))
    lecture_order = optional_choice(LectureOrder, _("关联委员讲堂（可选）"), _("不关联"))
    photos = PhotosField(label=_("照片"))
    # the consultation event and outcome written up (placed with the other sources on the page)
    consultation = forms.ModelChoiceField(
        label=_("关联协商活动（可选）"),
        queryset=Consultation.objects.none(),
        required=False,
        empty_label=_("不关联"),
    )
    outcome = forms.ModelChoiceField(
        label=_("关联协商成果（可选）"),
        queryset=Outcome.objects.none(),
        required=False,
        empty_label=_("不关联"),
    )

    def __init__(self, *args, committees, initial_links=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = committees
        links = initial_links or {}
        activities = Activity.objects.filter(
            committee__in=committees, status=Activity.Status.CONFIRMED
        )
        opinions = Opinion.objects.filter(committee__in=committees).exclude(
            status__in=SOURCE_OPINION_EXCLUDED
        )
        orders = LectureOrder.objects.filter(
            committee__in=committees,
            status__in=[LectureOrder.Status.DELIVERED, LectureOrder.Status.RATED],
        ).select_related("offering")
        consultations = Consultation.objects.filter(
            committee__in=committees, status__in=SOURCE_CONSULTATION_STATES
        )
        outcomes = Outcome.objects.filter(consultation__committee__in=committees).select_related(
            "consultation"
        )
        for name, qs, order_by, label in (
            (
                "activity",
                activities,
                ("-occurred_on", "-pk"),
                lambda a: f"{a.occurred_on} {a.title}",
            ),
            ("opinion", opinions, ("-pk",), lambda o: f"{o.tracking_code} {o.title}"),
            (
                "lecture_order",
                orders,
                ("-pk",),
                lambda o: f"{o.code} {o.title}（{o.organisation}）",
            ),
            (
                "consultation",
                consultations,
                ("-starts_at", "-pk"),
                lambda c: f"{c.starts_at:%Y-%m-%d} {c.title}",
            ),
            (
                "outcome",
                outcomes,
                ("-pk",),
                lambda o: f"{o.consultation.title}：{o.recommendation[:30]}",
            ),
        ):
            field = self.fields[name]
            field.queryset = qs
            keep = self.data.get(name) if self.is_bound else links.get(name)
            keep_pk = int(keep) if str(keep or "").isdigit() and len(str(keep)) < 10 else None
            field.choices = [("", field.empty_label)] + [
                (r.pk, label(r)) for r in _recent(qs, keep_pk, order_by)
            ]


class ReasonForm(TextNormalizingMixin, forms.Form):
    reason = forms.CharField(label=_("撤下原因（可选）"), max_length=200, required=False)
