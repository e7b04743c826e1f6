from __future__ import annotations

import re
import unicodedata
import uuid

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from accounts.models import phone_validator
from core.text import TextNormalizingMixin, normalize_text
from core.uploads import PendingUpload, finish, precheck
from members.models import Member
from org.models import Committee, Region

from . import abuse, selectors
from .models import (
    MAX_CONTENT_LENGTH,
    STAFF_ENTRY_CHANNELS,
    AdoptionLevel,
    Category,
    Channel,
    LeaderInstruction,
    NotAdoptedReason,
    Reply,
    Satisfaction,
)
from .services import default_due_date

ascii_digits_validator = RegexValidator(r"^[0-9]*$", phone_validator.message)


def clean_text(value: str) -> str:
    """The shared normaliser (core.text), surrounding whitespace stripped."""
    return normalize_text(value).strip()


class PhoneField(forms.CharField):
    """A mainland mobile number. Full-width digits (Chinese input methods type them) become ASCII;
    other scripts' digits, which ``\\d`` in phone_validator would let through, are refused."""

    default_validators = [phone_validator, ascii_digits_validator]

    def to_python(self, value):
        return unicodedata.normalize("NFKC", super().to_python(value))


class TextCleaningMixin(TextNormalizingMixin):
    """Every text field normalised (core.text) before validation, so that a title made only of
    invisible characters is refused as empty."""

    text_fields: tuple[str, ...] = ()  # no longer needed: every CharField is normalised


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


def _attachments_help_text() -> str:
    from django.utils.translation import gettext

    return gettext(
        "可选。JPG、PNG 图片或 PDF，最多 %(n)s 个，每个不超过 %(mb)s MB。图片会去除拍摄位置等信息。"
    ) % {"n": settings.UPLOAD_MAX_FILES, "mb": settings.UPLOAD_MAX_BYTES // (1024 * 1024)}


_attachments_help = lazy(_attachments_help_text, str)


class AttachmentsField(forms.FileField):
    """Zero to UPLOAD_MAX_FILES images or PDFs, checked by content and re-encoded.

    With ``deferred=True`` cleaning runs only the cheap checks (size, type, declared image
    dimensions) and returns PendingUpload objects; the form decodes them with
    ``finish_uploads`` once every other check has passed."""

    widget = MultipleFileInput

    def __init__(self, *args, deferred=False, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", _("附件"))
        kwargs.setdefault("help_text", _attachments_help())
        super().__init__(*args, **kwargs)
        self.deferred = deferred
        self.widget.attrs.setdefault("accept", "image/jpeg,image/png,application/pdf")

    def clean(self, data, initial=None):
        files = [f for f in (data if isinstance(data, (list, tuple)) else [data]) if f]
        if len(files) > settings.UPLOAD_MAX_FILES:
            raise ValidationError(_("最多上传 %(n)s 个附件。") % {"n": settings.UPLOAD_MAX_FILES})
        pending = _collect(precheck, files)
        return pending if self.deferred else finish_uploads(pending)


def _collect(check, items):
    cleaned, errors = [], []
    for item in items:
        try:
            cleaned.append(check(item))
        except ValidationError as exc:
            errors.extend(exc.messages)
    if errors:
        raise ValidationError(errors)
    return cleaned


def finish_uploads(pending: list[PendingUpload]) -> list:
    """Decode and re-encode (or scan) uploads that passed the cheap checks."""
    return _collect(finish, pending)


class CommitteeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        if obj.is_municipal:
            return _("全市性事项（鄂尔多斯市政协）")
        return obj.short_name


class WorkstationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.committee.short_name} · {obj.name}"


class RegionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        if obj.level == Region.Level.VILLAGE and obj.parent_id:
            return f"{obj.parent.name} · {obj.name}"
        return obj.name


class RegionFieldsMixin:
    """旗区 (which committee it goes to) and an optional 苏木乡镇/嘎查村 inside it."""

    def setup_region_fields(self):
        self.fields["committee"].queryset = Committee.objects.order_by("order")
        committee_id = self.data.get(self.add_prefix("committee")) or self.initial.get("committee")
        regions = Region.objects.exclude(level=Region.Level.BANNER).select_related("parent")
        # Only a plausible id reaches the query: "²" passes isdigit(), 10**30 overflows the column.
        committee_id = str(committee_id or "")
        committee_id = int(committee_id) if re.fullmatch(r"[0-9]{1,18}", committee_id) else None
        # Without JavaScript the select lists every place; htmx narrows it to the chosen 旗区.
        self.fields["region"].queryset = (
            regions.filter(committee_id=committee_id) if committee_id else regions
        ).order_by("committee__order", "parent__name", "level", "name")

    def clean_region_pair(self, data):
        committee, region = data.get("committee"), data.get("region")
        if committee and region and region.committee_id != committee.pk:
            self.add_error("region", _("所选苏木乡镇/嘎查村不在该旗区内。"))


class PublicOpinionForm(TextCleaningMixin, RegionFieldsMixin, forms.Form):
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
        self.need_captcha = need_captcha
        if mailbox:
            # 政协信箱: a letter may be addressed to one 委员之家 (or workstation) of the 旗区.
            self.fields["workstation"] = WorkstationChoiceField(
                label=_("写给哪个委员之家（可选）"),
                queryset=selectors.mailbox_workstations().order_by("committee__order", "name"),
                required=False,
                empty_label=_("写给政协机关"),
                help_text=_("不选则由所选旗区的政协机关受理。"),
            )
            self.order_fields(
                ["title", "content", "category", "committee", "region", "workstation"]
            )
        self.fields["category"].queryset = Category.objects.filter(is_active=True)
        self.setup_region_fields()
        if not self.is_bound:
            self.initial.setdefault("started", abuse.timer_token())
            self.initial.setdefault("token", uuid.uuid4().hex)
        if need_captcha:
            self.fields["captcha"].required = True
            self.challenge = abuse.captcha_new()
        self.fields["website"].widget.attrs.update(
            {"tabindex": "-1", "autocomplete": "off", "class": "hp-input"}
        )

    def clean_token(self):
        token = self.cleaned_data.get("token") or ""
        return token if re.fullmatch(r"[0-9a-f]{32}", token) else ""

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
        if self.need_captcha and "captcha" not in self.errors:
            challenge = self.data.get(self.add_prefix("captcha_challenge"), "")
            if not abuse.captcha_check(challenge, data.get("captcha") or ""):
                self.add_error("captcha", _("验证码不正确或已过期，请输入新图片中的数字。"))
        if not self.errors and data.get("attachments"):
            # The expensive part last: nothing is decoded for a submission refused anyway.
            try:
                data["attachments"] = finish_uploads(data["attachments"])
            except ValidationError as exc:
                self.add_error("attachments", exc)
        return data

    def require_captcha(self) -> None:
        """Ask for the CAPTCHA on the re-rendered form (the limit was reached by this POST)."""
        if not self.need_captcha:
            self.need_captcha = True
            self.fields["captcha"].required = True
            self.challenge = abuse.captcha_new()

    def abuse_flags(self) -> list[str]:
        flags = []
        if self.cleaned_data.get("website"):
            flags.append("honeypot")
        flags.extend(abuse.timer_flags(self.cleaned_data.get("started")))
        return flags


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
    co_authors = forms.ModelMultipleChoiceField(
        label=_("联名委员（可选）"),
        queryset=Member.objects.none(),
        required=False,
        help_text=_("按住 Ctrl（手机上直接点选）可选择多位委员。"),
    )
    attachments = AttachmentsField()

    def __init__(self, *args, member, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = Category.objects.filter(is_active=True)
        self.fields["region"].queryset = (
            Region.objects.filter(committee_id=member.committee_id)
            .exclude(level=Region.Level.BANNER)
            .select_related("parent")
            .order_by("parent__name", "level", "name")
        )
        self.fields["co_authors"].queryset = (
            Member.objects.filter(committee_id=member.committee_id, status=Member.Status.ACTIVE)
            .exclude(pk=member.pk)
            .order_by("name")
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
    committee = CommitteeChoiceField(label=_("受理政协"), queryset=Committee.objects.none())
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
        self.setup_region_fields()
        self.fields["committee"].queryset = committees
        if committees.count() == 1:
            self.fields["committee"].initial = committees.first()
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


# --- review desk actions ---------------------------------------------------------------------
class ActionForm(TextCleaningMixin, forms.Form):
    text_fields = ("comment",)
    title: object = ""  # the desk page's heading and button (opinions.views.actions)
    verb: object = ""
    expected_status = forms.CharField(widget=forms.HiddenInput, required=False, max_length=16)
    comment = forms.CharField(
        label=_("说明"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )


class AssignForm(ActionForm):
    assignee = forms.ModelChoiceField(label=_("经办人"), queryset=None, empty_label=_("请选择"))

    def __init__(self, *args, staff, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = staff


class ReturnForm(ActionForm):
    comment = forms.CharField(
        label=_("退回理由"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )


class RejectForm(ActionForm):
    reason = forms.ChoiceField(
        label=_("不予采用原因"), choices=[("", _("请选择"))] + NotAdoptedReason.choices
    )


class MergeForm(ActionForm):
    into_code = forms.CharField(label=_("并入建言的查询码"), max_length=20)

    def clean_into_code(self):
        return clean_text(self.cleaned_data["into_code"]).upper()


class AdoptForm(ActionForm):
    level = forms.ChoiceField(label=_("采用层级"), choices=AdoptionLevel.choices)


class RaiseLevelForm(ActionForm):
    level = forms.ChoiceField(label=_("新的采用层级"), choices=AdoptionLevel.choices)


class ConvertForm(ActionForm):
    target = forms.ChoiceField(
        label=_("转为"), choices=[("proposal", _("提案")), ("topic", _("协商议题"))]
    )
    reference = forms.CharField(label=_("提案编号或议题名称"), max_length=120)


class NoteForm(ActionForm):
    comment = forms.CharField(
        label=_("内部备注"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )


class BulkForm(TextNormalizingMixin, forms.Form):
    action = forms.ChoiceField(
        label=_("批量操作"), choices=[("assign", _("分派给")), ("spam", _("标记为垃圾信息"))]
    )
    assignee = forms.ModelChoiceField(
        label=_("经办人"), queryset=None, required=False, empty_label=_("请选择")
    )
    ids = forms.CharField(required=False)

    def __init__(self, *args, staff, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = staff

    def clean(self):
        data = super().clean()
        raw = self.data.getlist("ids") if hasattr(self.data, "getlist") else []
        ids = []
        for value in raw[:200]:
            if re.fullmatch(r"[0-9]{1,18}", str(value)):  # no "²", nothing past bigint
                ids.append(int(value))
        if not ids:
            raise ValidationError(_("请先勾选要处理的建言。"))
        data["ids"] = ids
        if data.get("action") == "assign" and not data.get("assignee"):
            self.add_error("assignee", _("请选择经办人。"))
        return data


PUBLIC_CHANNEL_LABELS = {Channel.WEB: _("我要建言"), Channel.MAILBOX: _("政协信箱")}


LeaderLevel = LeaderInstruction.Level
ReplyResolution = Reply.Resolution


# --- part 2: bulletins, forwarding, replies, instructions, rating ---------------------------
class DepartmentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class DepartmentMultipleField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class ForwardForm(ActionForm):
    lead = DepartmentChoiceField(
        label=_("主办单位"), queryset=None, required=False, empty_label=_("请选择")
    )
    co = DepartmentMultipleField(
        label=_("会办单位（可多选）"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    due_date = forms.DateField(
        label=_("办理期限"), widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
    )
    comment = forms.CharField(
        label=_("转办说明"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, departments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead"].queryset = departments
        self.fields["co"].queryset = departments

        self.fields["due_date"].initial = default_due_date()


class InstructionForm(ActionForm):
    text_fields = ("comment", "leader_name", "leader_title")
    leader_name = forms.CharField(label=_("批示领导姓名"), max_length=40)
    leader_title = forms.CharField(label=_("职务"), max_length=60)
    level = forms.ChoiceField(label=_("层级"), choices=LeaderLevel.choices)
    instructed_on = forms.DateField(
        label=_("批示日期"), widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
    )
    comment = forms.CharField(
        label=_("批示内容"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class ReturnDecisionForm(ActionForm):
    decision = forms.ChoiceField(
        label=_("审核意见"),
        widget=forms.RadioSelect,
        choices=[
            ("accept", _("同意退回（之后可改派其他单位）")),
            ("refuse", _("不同意退回，继续办理")),
        ],
    )


class ReplyReviewForm(ActionForm):
    decision = forms.ChoiceField(
        label=_("审核意见"),
        widget=forms.RadioSelect,
        choices=[("accept", _("通过")), ("reject", _("退回重办"))],
    )
    public_reply = forms.CharField(
        label=_("向群众公开的答复（主办单位答复通过时显示在查询页面）"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("可对承办单位的答复进行删改，去掉内部信息。"),
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == "reject" and not data.get("comment"):
            self.add_error("comment", _("请写明退回重办的理由。"))
        if isinstance(data.get("public_reply"), str):
            data["public_reply"] = clean_text(data["public_reply"])
        return data


class DepartmentReplyForm(TextCleaningMixin, forms.Form):
    text_fields = ("text", "contact_person")
    text = forms.CharField(
        label=_("答复内容"), max_length=5000, widget=forms.Textarea(attrs={"rows": 8})
    )
    resolution = forms.ChoiceField(label=_("办理结果"), choices=ReplyResolution.choices)
    contact_person = forms.CharField(label=_("经办人及电话"), max_length=40, required=False)


class ReturnRequestForm(TextCleaningMixin, forms.Form):
    text_fields = ("reason",)
    reason = forms.CharField(
        label=_("申请退回理由"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("例如：该事项不属于本单位职责，建议转交××部门。"),
    )


class BulletinItemForm(TextCleaningMixin, forms.Form):
    text_fields = ("editorial_title", "editorial_body")
    editorial_title = forms.CharField(label=_("标题"), max_length=80)
    editorial_body = forms.CharField(
        label=_("正文"), max_length=6000, widget=forms.Textarea(attrs={"rows": 12})
    )


class BulletinAddForm(TextNormalizingMixin, forms.Form):
    opinion = forms.ModelChoiceField(
        label=_("选择已采用的建言"), queryset=None, empty_label=_("请选择")
    )

    def __init__(self, *args, opinions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["opinion"].queryset = opinions
        self.fields["opinion"].label_from_instance = lambda o: f"{o.tracking_code} {o.title}"


class RatingForm(TextCleaningMixin, forms.Form):
    text_fields = ("comment",)
    token = forms.CharField(widget=forms.HiddenInput, max_length=300)
    satisfaction = forms.ChoiceField(
        label=_("您对答复是否满意"), widget=forms.RadioSelect, choices=Satisfaction.choices
    )
    comment = forms.CharField(
        label=_("评价意见（可选）"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    rehandle = forms.BooleanField(label=_("不满意，申请重新办理（只能申请一次）"), required=False)


class PersonalDataForm(TextNormalizingMixin, forms.Form):
    phone = forms.CharField(
        label=_("手机号码"),
        max_length=11,
        validators=[phone_validator],
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    action = forms.ChoiceField(
        choices=[("find", _("查询")), ("export", _("导出")), ("erase", _("删除"))],
        widget=forms.HiddenInput,
        initial="find",
    )
    confirm = forms.BooleanField(
        label=_("我已核实申请人身份，确认删除其姓名和联系方式（不可恢复）"), required=False
    )

    def clean(self):
        data = super().clean()
        if data.get("action") == "erase" and not data.get("confirm"):
            self.add_error("confirm", _("删除前请勾选确认。"))
        return data
