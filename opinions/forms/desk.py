"""The review desk's action forms, bulk actions, forwarding, replies, bulletins, the citizen's\nrating and the PIPL page."""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.models import User, phone_validator
from core.forms import PickerSelect, PickerSelectMultiple
from core.text import TextNormalizingMixin

from ..models import (
    AdoptionLevel,
    Channel,
    LeaderInstruction,
    NotAdoptedReason,
    Opinion,
    Reply,
    Satisfaction,
)
from ..services import default_due_date
from .fields import (
    AttachmentsField,
    TextCleaningMixin,
    clean_text,
)


# --- review desk actions ---------------------------------------------------------------------
class ActionForm(TextCleaningMixin, forms.Form):
    text_fields: tuple[str, ...] = ("comment",)
    title: object = ""  # the desk page's heading and button (opinions.views.actions)
    verb: object = ""
    expected_status = forms.CharField(widget=forms.HiddenInput, required=False, max_length=16)
    comment = forms.CharField(
        label=_("说明"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )


class AssignForm(ActionForm):
    assignee: forms.ModelChoiceField[User] = forms.ModelChoiceField(
        label=_("经办人"), queryset=None, empty_label=_("请选择")
    )

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
    assignee: forms.ModelChoiceField[User] = forms.ModelChoiceField(
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
        label=_("主办单位"),
        queryset=None,
        required=False,
        empty_label=_("请选择"),
        widget=PickerSelect(placeholder=_("输入单位名称查找")),
    )
    co = DepartmentMultipleField(
        label=_("协办单位（可多选）"),
        queryset=None,
        required=False,
        help_text=_("协办单位向主办单位提交协办意见，由主办单位统一答复。"),
        widget=PickerSelectMultiple(attrs={"size": 6}, placeholder=_("输入单位名称查找")),
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
    documents = AttachmentsField(
        label=_("答复函及附件"),
        documents=True,
        help_text=_(
            "可选。答复函等 PDF、Word（DOCX）文件或 JPG、PNG 图片；图片会去除拍摄位置等信息。"
        ),
    )


class CoOpinionForm(TextCleaningMixin, forms.Form):
    """A co-handling department's 协办意见 to the lead department."""

    text_fields = ("text",)
    text = forms.CharField(
        label=_("协办意见"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("写明本单位职责范围内的办理情况和意见，供主办单位统一答复。"),
    )


class WaiveCoOpinionForm(ActionForm):
    """The office lets the lead's reply go out without a co-handler's 协办意见."""

    comment = forms.CharField(
        label=_("免予协办意见的理由"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )


class LeaderInstructionForm(TextCleaningMixin, forms.Form):
    """A leader's own 批示 (their name, the date and the level come from their account)."""

    text_fields = ("leader_title", "text")
    leader_title = forms.CharField(
        label=_("职务"), max_length=60, help_text=_("例如：市政协主席、旗政协副主席。")
    )
    text = forms.CharField(
        label=_("批示内容"), max_length=2000, widget=forms.Textarea(attrs={"rows": 5})
    )


class BulletinSignOffForm(TextCleaningMixin, forms.Form):
    text_fields = ("comment",)
    comment = forms.CharField(
        label=_("签发意见"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("退回修改时必填。"),
    )


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
    opinion: forms.ModelChoiceField[Opinion] = forms.ModelChoiceField(
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
