"""The forms opinions come in by: 我要建言 / 政协信箱, a member's item, staff entry, tracking."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.forms import (
    ModelMultipleChoiceField,
    PickerSelectMultiple,
    validate_from_memo,
    with_empty,
)
from core.memo import PUBLIC
from core.text import TextNormalizingMixin
from members.models import Member
from org.models import Committee, Region

from .. import abuse, selectors
from ..models import (
    MAX_CONTENT_LENGTH,
    STAFF_ENTRY_CHANNELS,
    Category,
)
from .fields import (
    AttachmentsField,
    CommitteeChoiceField,
    PhoneField,
    RegionChoiceField,
    RegionFieldsMixin,
    TextCleaningMixin,
    WorkstationChoiceField,
    clean_text,
    finish_uploads,
    region_choices,
)
from .guards import PublicFormGuardsMixin


class PublicOpinionForm(TextCleaningMixin, RegionFieldsMixin, PublicFormGuardsMixin):
    text_fields = ("title", "content", "submitter_name")

    title = forms.CharField(
        label=_("标题"), max_length=60, help_text=_("一句话概括您要反映的事项，不超过60字。")
    )
    content = forms.CharField(
        label=_("内容"),
        max_length=MAX_CONTENT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "一事一议，不超过1500字。建议写清：情况（发生了什么）、分析（原因和影响）、建议（怎么解决）。"
        ),
    )
    category = forms.ModelChoiceField(
        label=_("类别"), queryset=Category.objects.none(), empty_label=_("请选择")
    )
    committee = CommitteeChoiceField(
        label=_("所涉旗区"),
        queryset=Committee.objects.none(),
        empty_label=_("请选择"),
        help_text=_("建言将由该旗区政协受理；全市性事项由市政协受理。"),
    )
    region = RegionChoiceField(
        label=_("苏木乡镇/嘎查村（可选）"),
        queryset=Region.objects.none(),
        required=False,
        empty_label=_("不限"),
        help_text=_("选好旗区后，这里列出该旗区的苏木乡镇和嘎查村。"),
    )
    # Decoded only after every other check (fields, CAPTCHA) has passed: see clean().
    attachments = AttachmentsField(deferred=True)
    is_anonymous = forms.BooleanField(
        label=_("匿名提交（不留姓名和联系方式，只能凭查询码查看办理结果）"), required=False
    )
    submitter_name = forms.CharField(label=_("姓名"), max_length=40, required=False)
    submitter_phone = PhoneField(
        label=_("手机号码"),
        max_length=11,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "tel"}),
        help_text=_("选填。留下姓名和手机号码，工作人员才能与您联系和答复。"),
    )
    submitter_email = forms.EmailField(
        label=_("电子邮箱"),
        required=False,
        help_text=_("选填。填写后，查询码和办理进度会发送到该邮箱。"),
    )
    consent = forms.BooleanField(
        label=_("我已阅读并同意《个人信息处理告知》"),
        error_messages={"required": _("请阅读并同意个人信息处理告知后再提交。")},
    )
    # Abuse resistance (hidden from people)
    website = forms.CharField(required=False, label=_("请勿填写此项"))
    started = forms.CharField(required=False, widget=forms.HiddenInput)
    token = forms.CharField(required=False, widget=forms.HiddenInput, max_length=64)
    captcha_challenge = forms.CharField(required=False, widget=forms.HiddenInput, max_length=64)
    captcha = forms.CharField(
        label=_("验证码"),
        required=False,
        max_length=10,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        help_text=_("请输入图片中的5位数字。"),
    )

    def __init__(self, *args, need_captcha=False, mailbox=False, **kwargs):
        super().__init__(*args, **kwargs)
        if mailbox:
            # 政协信箱: a letter may be addressed to one 委员之家 (or workstation) of the 旗区.
            workstation = self.fields["workstation"] = WorkstationChoiceField(
                label=_("写给哪个委员之家（可选）"),
                queryset=selectors.mailbox_workstations(),
                required=False,
                empty_label=_("写给政协机关"),
                help_text=_("不选则由所选旗区的政协机关受理。"),
            )
            workstation.choices = with_empty(
                workstation,
                [(pk, label) for pk, _c, label in selectors.mailbox_workstation_choices()],
            )
            validate_from_memo(workstation, PUBLIC, "opinions.mailbox_workstations")
            self.order_fields(
                ["title", "content", "category", "committee", "region", "workstation"]
            )
        category = self.fields["category"]
        category.queryset = Category.objects.filter(is_active=True)
        category.choices = with_empty(category, selectors.category_choices())
        validate_from_memo(category, PUBLIC, "opinions.active_categories")
        self.setup_region_fields()
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
        self.clean_region_pair(data)
        workstation, committee = data.get("workstation"), data.get("committee")
        if workstation and committee and workstation.committee_id != committee.pk:
            self.add_error("workstation", _("所选委员之家不在该旗区，请重新选择旗区或委员之家。"))
        if (
            not data.get("is_anonymous")
            and data.get("submitter_phone")
            and not data.get("submitter_name")
        ):
            self.add_error(
                "submitter_name", _("留了手机号码的，请同时填写姓名，便于工作人员联系。")
            )
        self.check_captcha(data)
        if not self.errors and data.get("attachments"):
            # The expensive part last: nothing is decoded for a submission refused anyway.
            try:
                data["attachments"] = finish_uploads(data["attachments"])
            except ValidationError as exc:
                self.add_error("attachments", exc)
        return data


class MemberOpinionForm(TextCleaningMixin, forms.Form):
    text_fields = ("title", "content", "analysis", "suggestion")

    title = forms.CharField(label=_("标题"), max_length=60)
    category = forms.ModelChoiceField(
        label=_("类别"), queryset=Category.objects.none(), empty_label=_("请选择")
    )
    region = RegionChoiceField(
        label=_("涉及地区（可选）"),
        queryset=Region.objects.none(),
        required=False,
        empty_label=_("不限"),
    )
    content = forms.CharField(
        label=_("基本情况"), max_length=MAX_CONTENT_LENGTH, widget=forms.Textarea(attrs={"rows": 6})
    )
    analysis = forms.CharField(
        label=_("原因分析"),
        max_length=MAX_CONTENT_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    suggestion = forms.CharField(
        label=_("意见建议"),
        max_length=MAX_CONTENT_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    co_authors = ModelMultipleChoiceField(
        label=_("联名委员（可选）"),
        queryset=Member.objects.none(),
        required=False,
        help_text=_("可选择多位委员：输入姓名查找后点选。"),
        widget=PickerSelectMultiple(placeholder=_("输入姓名查找")),
    )
    attachments = AttachmentsField()

    def __init__(self, *args, member, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = Category.objects.filter(is_active=True)
        region_field = self.fields["region"]
        region_field.queryset = Region.objects.filter(committee_id=member.committee_id).exclude(
            level=Region.Level.BANNER
        )
        # each 苏木乡镇 followed by its 嘎查村 (not every village before its town), searchable
        region_field.choices = with_empty(region_field, region_choices(member.committee_id))
        region_field.widget.attrs["data-picker"] = _("输入地名查找")
        self.fields["co_authors"].queryset = (
            Member.objects.filter(committee_id=member.committee_id, status=Member.Status.ACTIVE)
            .exclude(pk=member.pk)
            .order_by("sort_key", "name")
        )

    def clean(self):
        data = super().clean()
        if data.get("suggestion", None) == "" and self.data.get("action") == "submit":
            self.add_error("suggestion", _("提交前请填写意见建议。"))
        return data


class StaffEntryForm(TextCleaningMixin, RegionFieldsMixin, forms.Form):
    text_fields = ("title", "content", "submitter_name", "comment")

    channel = forms.ChoiceField(
        label=_("来源渠道"),
        choices=[(c.value, c.label) for c in STAFF_ENTRY_CHANNELS],
    )
    committee = CommitteeChoiceField(
        label=_("受理政协"), queryset=Committee.objects.none(), empty_label=_("请选择")
    )
    title = forms.CharField(label=_("标题"), max_length=60)
    content = forms.CharField(
        label=_("内容"), max_length=MAX_CONTENT_LENGTH, widget=forms.Textarea(attrs={"rows": 8})
    )
    category = forms.ModelChoiceField(
        label=_("类别"), queryset=Category.objects.none(), empty_label=_("请选择")
    )
    region = RegionChoiceField(
        label=_("苏木乡镇/嘎查村（可选）"),
        queryset=Region.objects.none(),
        required=False,
        empty_label=_("不限"),
    )
    submitter_name = forms.CharField(label=_("反映人姓名"), max_length=40, required=False)
    submitter_phone = PhoneField(label=_("反映人手机号码"), max_length=11, required=False)
    submitter_email = forms.EmailField(label=_("反映人电子邮箱"), required=False)
    attachments = AttachmentsField()
    comment = forms.CharField(
        label=_("录入说明"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, committees, **kwargs):
        super().__init__(*args, **kwargs)
        if committees.count() == 1:
            self.fields["committee"].initial = committees.first()
        self.setup_region_fields(committees=committees)
        self.fields["category"].queryset = Category.objects.filter(is_active=True)

    def clean(self):
        data = super().clean()
        self.clean_region_pair(data)
        return data


class TrackingForm(TextNormalizingMixin, forms.Form):
    code = forms.CharField(
        label=_("查询码"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "off", "placeholder": "JY-2026-000123"}),
    )
    key = forms.CharField(
        label=_("查询密码或手机号码"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        help_text=_("填写提交时获得的查询密码；留了手机号码的，也可以填写完整的11位手机号码。"),
    )

    def __init__(self, *args, need_captcha=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.need_captcha = need_captcha
        if need_captcha:
            # Many failed lookups of this code (from anywhere): a person, not a script, please.
            self.fields["captcha"] = forms.CharField(
                label=_("验证码"),
                max_length=10,
                widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
                help_text=_("该查询码近期查询失败次数较多，请输入图片中的5位数字。"),
            )

    @staticmethod
    def normalize_code(value: str) -> str:
        return clean_text(str(value or "")[:40]).upper()

    def clean_code(self):
        return self.normalize_code(self.cleaned_data["code"])

    def clean_key(self):
        return clean_text(self.cleaned_data["key"])

    def clean(self):
        data = super().clean()
        if self.need_captcha and "captcha" not in self.errors:
            challenge = str(self.data.get("captcha_challenge", ""))
            if not abuse.captcha_check(challenge, data.get("captcha") or ""):
                self.add_error("captcha", _("验证码不正确或已过期，请输入新图片中的数字。"))
        return data

    def renew_captcha(self) -> None:
        """A re-rendered form shows a fresh image (each challenge is single use)."""
        if self.need_captcha:
            self.challenge = abuse.captcha_new()
