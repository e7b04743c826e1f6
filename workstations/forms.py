from __future__ import annotations

import re

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import phone_validator
from core.forms import ChoicePromptMixin, PickerSelect
from core.text import TextNormalizingMixin
from members.models import Member
from org.models import Region, Sector

from .models import DutyShift, Workstation, WorkstationMember

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name}（{obj.committee.short_name}）"


class RegionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        if obj.parent_id and obj.level == Region.Level.VILLAGE:
            return f"{obj.committee.short_name}·{obj.parent.name}·{obj.name}"
        return f"{obj.committee.short_name}·{obj.name}"


class WorkstationForm(ChoicePromptMixin, TextNormalizingMixin, forms.ModelForm):
    online_url = forms.URLField(
        label=Workstation._meta.get_field("online_url").verbose_name,
        max_length=Workstation._meta.get_field("online_url").max_length,
        required=False,  # Workstation.clean requires it for the online kind
        assume_scheme="https",
        widget=forms.URLInput(attrs={"inputmode": "url", "placeholder": "https://"}),
        help_text=_("类型为“线上委员之家”时必填：群众访问的网页地址（https://…）。"),
    )
    region = RegionChoiceField(
        label=_("所在地区"),
        queryset=Region.objects.none(),
        required=False,
        empty_label=_("不限（界别或线上）"),
    )

    class Meta:
        model = Workstation
        fields = Workstation.EDITABLE_FIELDS
        widgets = {"established_on": DATE, "rules": forms.Textarea(attrs={"rows": 6})}

    # the declared fields (sector, region…) where the model fields stand
    field_order = Workstation.EDITABLE_FIELDS

    def __init__(self, *args, committees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = committees
        self.fields["region"].queryset = (
            Region.objects.filter(committee__in=committees)
            .exclude(level=Region.Level.BANNER)
            .select_related("committee", "parent")
            .order_by("committee__order", "level", "name")
        )
        self.fields["sector"].queryset = Sector.objects.filter(committee__in=committees)
        if committees.count() == 1:
            self.fields["committee"].initial = committees.first()

    def _post_clean(self):
        # The service runs full_clean(): Workstation.clean() is the one check (region and sector
        # in the committee, a sector for the sector kinds, a URL for the online kind).
        pass


class AssignmentForm(TextNormalizingMixin, forms.Form):
    member = MemberChoiceField(
        label=_("委员"),
        queryset=Member.objects.none(),
        empty_label=_("请选择委员"),
        widget=PickerSelect(placeholder=_("输入姓名查找")),
    )
    role = forms.ChoiceField(
        label=_("职责"),
        choices=WorkstationMember.Role.choices,
        initial=WorkstationMember.Role.MEMBER,
    )

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = members


class ShiftTimesMixin:
    def clean(self):
        data = super().clean()
        start, end = data.get("starts_at"), data.get("ends_at")
        if start and end and end <= start:
            self.add_error("ends_at", _("结束时间须晚于开始时间。"))
        return data


class ShiftPlanForm(TextNormalizingMixin, ShiftTimesMixin, forms.Form):
    member = MemberChoiceField(
        label=_("值班委员"),
        queryset=Member.objects.none(),
        empty_label=_("请选择值班委员"),
        widget=PickerSelect(placeholder=_("输入姓名查找")),
    )
    date = forms.DateField(label=_("日期"), widget=DATE)
    starts_at = forms.TimeField(label=_("开始时间"), widget=TIME, initial="09:00")
    ends_at = forms.TimeField(label=_("结束时间"), widget=TIME, initial="12:00")
    kind = forms.ChoiceField(label=_("值班形式"), choices=DutyShift.Kind.choices)

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = members.select_related("committee")

    def clean_date(self):
        date = self.cleaned_data["date"]
        if date < timezone.localdate():
            raise forms.ValidationError(_("不能为已经过去的日期排班。"))
        return date


WEEKDAYS = [
    (0, _("星期一")),
    (1, _("星期二")),
    (2, _("星期三")),
    (3, _("星期四")),
    (4, _("星期五")),
    (5, _("星期六")),
    (6, _("星期日")),
]


class RotaGenerateForm(TextNormalizingMixin, ShiftTimesMixin, forms.Form):
    pattern = forms.ChoiceField(
        label=_("排班方式"),
        widget=forms.RadioSelect,
        choices=[("weekly", _("每周固定一天")), ("monthly", _("每月固定日期"))],
        initial="weekly",
    )
    weekday = forms.TypedChoiceField(
        label=_("每周的哪一天"), choices=WEEKDAYS, coerce=int, required=False, initial=2
    )
    days = forms.CharField(
        label=_("每月的日期"), required=False, max_length=60, help_text=_("用逗号分隔，例如 10,20")
    )
    starts_at = forms.TimeField(label=_("开始时间"), widget=TIME, initial="09:00")
    ends_at = forms.TimeField(label=_("结束时间"), widget=TIME, initial="12:00")
    kind = forms.ChoiceField(label=_("值班形式"), choices=DutyShift.Kind.choices)

    def clean_days(self):
        text = self.cleaned_data.get("days") or ""
        parts = [p for p in re.split(r"[,，、\s]+", text.strip()) if p]
        try:
            days = [int(p) for p in parts]
        except ValueError:
            raise forms.ValidationError(_("请填写 1 到 31 之间的日期，例如 10,20。")) from None
        if any(not 1 <= d <= 31 for d in days):
            raise forms.ValidationError(_("请填写 1 到 31 之间的日期，例如 10,20。"))
        return days

    def clean(self):
        data = super().clean()
        if data.get("pattern") == "monthly" and not data.get("days") and "days" not in self.errors:
            self.add_error("days", _("请填写每月的值班日期，例如 10,20。"))
        return data


class ShiftMarkForm(TextNormalizingMixin, forms.Form):
    status = forms.ChoiceField(
        label=_("标记为"),
        choices=[
            (DutyShift.Status.MISSED, _("缺勤（扣分）")),
            (DutyShift.Status.EXCUSED, _("请假")),
            (DutyShift.Status.CANCELLED, _("取消")),
        ],
    )
    comment = forms.CharField(label=_("说明"), max_length=200, required=False)


class ShiftRecordForm(TextNormalizingMixin, forms.Form):
    visitors_count = forms.IntegerField(
        label=_("接待群众人数"),
        min_value=0,
        max_value=10000,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    notes = forms.CharField(
        label=_("接待情况"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class MatterForm(TextNormalizingMixin, forms.Form):
    title = forms.CharField(label=_("反映事项（标题）"), max_length=60)
    content = forms.CharField(
        label=_("具体情况"), max_length=1500, widget=forms.Textarea(attrs={"rows": 4})
    )
    suggestion = forms.CharField(
        label=_("群众的建议"),
        max_length=1500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    submitter_name = forms.CharField(label=_("反映人姓名（可选）"), max_length=40, required=False)
    submitter_phone = forms.CharField(
        label=_("反映人手机号码（可选）"),
        max_length=11,
        required=False,
        validators=[phone_validator],
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        help_text=_("须经反映人同意后填写，仅经办人员可见。"),
    )


class SwapRequestForm(TextNormalizingMixin, forms.Form):
    to_member = MemberChoiceField(
        label=_("请哪位委员替班"),
        queryset=Member.objects.none(),
        empty_label=_("请选择替班委员"),
        widget=PickerSelect(placeholder=_("输入姓名查找")),
    )
    reason = forms.CharField(label=_("换班原因"), max_length=200)

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_member"].queryset = members.select_related("committee")


class SwapDecisionForm(TextNormalizingMixin, forms.Form):
    comment = forms.CharField(label=_("审批意见"), max_length=200, required=False)
