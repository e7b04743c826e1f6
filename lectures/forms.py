"""Forms of the 委员讲堂: a member's offering, the public order form (with the anti-abuse of
我要建言: honeypot, fill timer, per-IP limit, CAPTCHA), staff's dispatch and the small step forms."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import optional_choice
from core.text import TextNormalizingMixin
from members.models import Member
from opinions.forms.fields import PhoneField
from opinions.forms.guards import PublicFormGuardsMixin
from org.models import Committee

from .models import LectureField, LectureOffering, LectureOrder

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class OfferingForm(TextNormalizingMixin, forms.Form):
    title = forms.CharField(label=_("讲题"), max_length=60)
    field = forms.ChoiceField(label=_("领域"))
    audience = forms.CharField(
        label=_("适合对象"),
        max_length=60,
        help_text=_("例如：社区居民、中小学生、企业职工。"),
    )
    length_minutes = forms.IntegerField(
        label=_("时长（分钟）"), min_value=15, max_value=480, initial=60
    )
    description = forms.CharField(
        label=_("内容简介"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("讲什么、听众能有什么收获，不超过1000字。"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["field"].choices = [("", _("请选择")), *LectureField.choices]


class OrderForm(TextNormalizingMixin, PublicFormGuardsMixin):
    """点单: from the menu (``offering``) or a topic of one's own."""

    offering = optional_choice(LectureOffering, _("所点讲题"), _("不从菜单选择，自己提出题目"))
    topic = forms.CharField(
        label=_("希望讲的题目"),
        max_length=60,
        required=False,
        help_text=_("菜单里没有合适的讲题时填写，由政协为您联系有相关专长的委员。"),
    )
    field = forms.ChoiceField(label=_("领域"), required=False)
    committee = optional_choice(
        Committee,
        _("所在旗区"),
        _("请选择"),
        help_text=_("自己提出题目时选择，由该旗区政协派单；全市性需求选市政协。"),
    )
    requester_kind = forms.ChoiceField(label=_("单位类型"))
    organisation = forms.CharField(
        label=_("单位名称"), max_length=60, help_text=_("例如：东胜区林荫街道天骄社区。")
    )
    contact_name = forms.CharField(label=_("联系人"), max_length=40)
    contact_phone = PhoneField(
        label=_("联系电话"),
        max_length=11,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "tel"}),
        help_text=_("11位手机号码，仅用于工作人员和授课委员与您联系。"),
    )
    place = forms.CharField(label=_("授课地点"), max_length=120)
    audience_size = forms.IntegerField(
        label=_("预计听众人数"),
        min_value=1,
        max_value=5000,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    preferred_dates = forms.CharField(
        label=_("希望的时间"),
        max_length=100,
        help_text=_("例如：6月中旬的周末，或 6月18日上午。"),
    )
    notes = forms.CharField(
        label=_("其他说明（可选）"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    consent = forms.BooleanField(
        label=_("我同意政协机关和授课委员使用以上联系信息安排讲座"),
        error_messages={"required": _("请阅读并同意个人信息处理告知后再下单。")},
    )
    # abuse resistance, as 我要建言 (opinions.abuse)
    website = forms.CharField(required=False, label=_("请勿填写此项"))
    started = forms.CharField(required=False, widget=forms.HiddenInput)
    token = forms.CharField(required=False, widget=forms.HiddenInput, max_length=64)
    captcha = forms.CharField(
        label=_("验证码"),
        required=False,
        max_length=10,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        help_text=_("请输入图片中的5位数字。"),
    )

    def __init__(self, *args, offerings, committees, need_captcha=False, **kwargs):
        super().__init__(*args, **kwargs)
        offering = self.fields["offering"]
        offering.queryset = offerings
        offering.label_from_instance = lambda o: (
            f"{o.title}（{o.member.name}·{o.committee.short_name}）"
        )
        committee = self.fields["committee"]
        committee.queryset = committees
        self.fields["field"].choices = [("", _("请选择")), *LectureField.choices]
        self.fields["requester_kind"].choices = [
            ("", _("请选择")),
            *LectureOrder.Requester.choices,
        ]
        if not self.is_bound:
            for name, value in self.fresh_tokens().items():
                self.initial.setdefault(name, value)
        if need_captcha:
            self.require_captcha()
        self.fields["website"].widget.attrs.update(
            {"tabindex": "-1", "autocomplete": "off", "class": "hp-input"}
        )

    def clean(self):
        data = super().clean()
        if not data.get("offering"):
            if not data.get("topic") and "topic" not in self.errors:
                self.add_error("topic", _("请从菜单中选择讲题，或写下希望讲的题目。"))
            if not data.get("field") and "field" not in self.errors:
                self.add_error("field", _("请选择领域。"))
            if not data.get("committee") and "committee" not in self.errors:
                self.add_error("committee", _("请选择所在旗区。"))
        self.check_captcha(data)
        return data


class ReasonForm(TextNormalizingMixin, forms.Form):
    reason = forms.CharField(label=_("原因"), max_length=200)


class CommentForm(TextNormalizingMixin, forms.Form):
    comment = forms.CharField(label=_("说明（可选）"), max_length=200, required=False)


class DispatchForm(TextNormalizingMixin, forms.Form):
    member = forms.ModelChoiceField(
        label=_("派给委员"),
        queryset=Member.objects.none(),
        empty_label=_("请选择"),
        help_text=_("主讲委员和专长相符的委员排在前面。"),
    )
    comment = forms.CharField(label=_("派单说明（可选）"), max_length=200, required=False)

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        member = self.fields["member"]
        member.queryset = candidates

        def label(m):
            marks = []
            if getattr(m, "is_author", 0):
                marks.append(str(_("主讲")))
            if getattr(m, "matches", False):
                marks.append(str(_("专长相符")))
            return f"{m.name}（{'、'.join(marks)}）" if marks else m.name

        member.label_from_instance = label


class ScheduleForm(TextNormalizingMixin, forms.Form):
    agreed_on = forms.DateField(label=_("约定日期"), widget=DATE)
    agreed_time = forms.CharField(
        label=_("时间（可选）"),
        max_length=30,
        required=False,
        help_text=_("例如：上午9:30。"),
    )


class DeliverForm(TextNormalizingMixin, forms.Form):
    delivered_on = forms.DateField(label=_("授课日期"), widget=DATE)
    people_reached = forms.IntegerField(label=_("实际听众人数"), min_value=0, max_value=100000)
    summary = forms.CharField(
        label=_("授课情况"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["delivered_on"].initial = timezone.localdate()


class WithdrawForm(TextNormalizingMixin, forms.Form):
    reason = forms.CharField(label=_("撤销原因（可选）"), max_length=200, required=False)


class RatingForm(TextNormalizingMixin, forms.Form):
    rating = forms.ChoiceField(
        label=_("您对这次讲座满意吗"),
        choices=LectureOrder.Rating.choices,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("意见和建议（可选）"),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
