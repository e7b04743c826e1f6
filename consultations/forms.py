"""The consultation pages' forms, and the office's form for a meeting material (会议材料). They
check shape (lengths, choices, dates, a file's content and size); the services and
``Consultation.clean`` hold the business rules, and their errors come back onto these forms."""

from __future__ import annotations

import re

from django import forms
from django.conf import settings
from django.db.models import Q
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.forms import ModelMultipleChoiceField, PickerSelectMultiple
from core.text import TextNormalizingMixin
from core.uploads import DOCX_CONTENT_TYPE, clean_upload
from opinions.forms.fields import PhoneField
from opinions.models import Opinion
from org.models import Department
from workstations.models import Workstation

from .models import Consultation, Invitation, Outcome, Topic
from .workflows import DECIDED

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]


class CommitteeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class TopicForm(TextNormalizingMixin, forms.ModelForm):
    opinion_codes = forms.CharField(
        label=_("关联社情民意（查询码）"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("来源为群众意见转化时填写，多个查询码用空格或逗号分隔，例如 JY-2026-000123。"),
    )

    class Meta:
        model = Topic
        fields = ("committee", "source", "title", "description", "proposal_reference")
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, committees, **kwargs):
        super().__init__(*args, **kwargs)
        self.committees = committees
        self.fields["committee"].queryset = committees
        only = list(committees[:2])
        if len(only) == 1:
            self.fields["committee"].initial = only[0]

    def clean_opinion_codes(self):
        raw = self.cleaned_data.get("opinion_codes") or ""
        codes = [c.upper() for c in re.split(r"[\s,，、;；]+", raw) if c]
        if len(codes) > 50:
            raise forms.ValidationError(_("一次最多关联 50 条社情民意。"))
        if any(len(code) > 20 for code in codes):
            raise forms.ValidationError(_("查询码格式不正确。"))
        return list(dict.fromkeys(codes))

    def clean(self):
        data = super().clean()
        codes = data.get("opinion_codes") or []
        committee = data.get("committee")
        if codes and committee is not None:
            found = {
                o.tracking_code: o
                for o in Opinion.objects.filter(tracking_code__in=codes, committee=committee)
            }
            missing = [c for c in codes if c not in found]
            if missing:
                self.add_error(
                    "opinion_codes",
                    _("在所选政协组织中找不到这些查询码：%(codes)s")
                    % {"codes": "、".join(missing[:10])},
                )
            data["opinions"] = [found[c] for c in codes if c in found]
        else:
            data["opinions"] = []
        return data

    def _post_clean(self):
        pass  # the service validates the topic (topic_create)


class LinkOpinionsForm(TextNormalizingMixin, forms.Form):
    opinion_codes = TopicForm.base_fields["opinion_codes"]

    def __init__(self, *args, topic, **kwargs):
        super().__init__(*args, **kwargs)
        self.topic = topic
        self.fields["opinion_codes"].required = True

    clean_opinion_codes = TopicForm.clean_opinion_codes

    def clean(self):
        data = super().clean()
        codes = data.get("opinion_codes") or []
        found = {
            o.tracking_code: o
            for o in Opinion.objects.filter(tracking_code__in=codes, committee=self.topic.committee)
        }
        missing = [c for c in codes if c not in found]
        if missing:
            self.add_error(
                "opinion_codes",
                _("在本政协组织中找不到这些查询码：%(codes)s") % {"codes": "、".join(missing[:10])},
            )
        data["opinions"] = [found[c] for c in codes if c in found]
        return data


class DepartmentsField(ModelMultipleChoiceField):
    """列席部门: the committees' active 承办单位 (the committee's short name when the form offers
    more than one committee's)."""

    show_committee = False

    def label_from_instance(self, obj):
        return f"{obj.name}（{obj.committee.short_name}）" if self.show_committee else obj.name


class ConsultationForm(TextNormalizingMixin, forms.ModelForm):
    departments = DepartmentsField(
        label=_("列席部门"),
        queryset=Department.objects.none(),
        required=False,
        help_text=_("邀请列席、回应委员和群众意见的政府部门（承办单位），可多选。"),
        widget=PickerSelectMultiple(attrs={"size": 6}, placeholder=_("输入单位名称查找")),
        error_messages={"invalid_choice": _("所选部门不能邀请，请刷新页面后重试。")},
    )
    starts_at = forms.DateTimeField(
        label=_("开始时间"), widget=DATETIME, input_formats=DATETIME_FORMATS
    )
    ends_at = forms.DateTimeField(
        label=_("结束时间"), widget=DATETIME, input_formats=DATETIME_FORMATS
    )

    class Meta:
        model = Consultation
        fields = Consultation.EDITABLE_FIELDS
        widgets = {"agenda": forms.Textarea(attrs={"rows": 5})}

    field_order = Consultation.EDITABLE_FIELDS

    def __init__(self, *args, committees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = committees
        self.fields["topic"].queryset = Topic.objects.filter(committee__in=committees)
        self.fields["topic"].empty_label = _("（不关联议题）")
        self.fields["workstation"].queryset = (
            Workstation.objects.filter(committee__in=committees)
            .exclude(status=Workstation.Status.CLOSED)
            .order_by("committee__order", "kind", "name")
        )
        self.fields["workstation"].empty_label = _("（不在委员之家举行，填写地址）")
        # the active departments, and those already invited even if since retired
        linked = self.instance.departments.all() if self.instance.pk else Department.objects.none()
        departments = self.fields["departments"]
        departments.queryset = (
            Department.objects.filter(committee__in=committees)
            .filter(Q(is_active=True) | Q(pk__in=linked.values("pk")))
            .select_related("committee")
            .order_by("committee__order", "sort_key", "name")
        )
        only = list(committees[:2])
        departments.show_committee = len(only) > 1
        if len(only) == 1:
            self.fields["committee"].initial = only[0]

    def clean(self):
        data = super().clean()
        committee = data.get("committee") if "committee" in self.fields else self.instance.committee
        chosen = data.get("departments") or []
        if committee is not None and any(d.committee_id != committee.pk for d in chosen):
            self.add_error("departments", _("所选列席部门不属于该政协组织。"))
        return data

    def _post_clean(self):
        pass  # Consultation.clean runs in the service (consultation_create)


class InviteForm(forms.Form):
    members = forms.ModelMultipleChoiceField(
        label=_("邀请委员"),
        queryset=Invitation.objects.none(),
        widget=PickerSelectMultiple(attrs={"size": 10}, placeholder=_("输入姓名或拼音查找")),
        help_text=_(
            "输入姓名、拼音或首字母查找，可选多位委员；可邀请本旗区委员及市、自治区、全国政协委员。"
        ),
        error_messages={"invalid_choice": _("所选委员不能邀请，请刷新页面后重试。")},
    )

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["members"]
        field.queryset = members
        field.label_from_instance = lambda m: f"{m.name}（{m.committee.short_name}）"


class StepForm(TextNormalizingMixin, forms.Form):
    comment = forms.CharField(label=_("说明"), max_length=500, required=False)


class MinutesForm(TextNormalizingMixin, forms.Form):
    text = forms.CharField(
        label=_("纪要全文"), max_length=20000, widget=forms.Textarea(attrs={"rows": 8})
    )
    public_summary = forms.CharField(
        label=_("公开摘要"),
        max_length=3000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("发布纪要后在公开页面显示，请勿写入个人信息。"),
    )


class OutcomeForm(TextNormalizingMixin, forms.Form):
    recommendation = forms.CharField(
        label=_("意见建议"), max_length=3000, widget=forms.Textarea(attrs={"rows": 3})
    )
    submitted_to = forms.CharField(label=_("报送单位"), max_length=120)
    submitted_on = forms.DateField(label=_("报送日期"), widget=DATE, required=False)


class FollowUpForm(TextNormalizingMixin, forms.Form):
    action = forms.ChoiceField(
        label=_("跟踪事项"),
        choices=[
            ("decide", _("登记采纳情况")),
            ("implement", _("登记已落实")),
            ("close", _("办结")),
            ("note", _("补充跟踪说明")),
        ],
    )
    status = forms.ChoiceField(
        label=_("采纳情况"),
        required=False,
        choices=[("", _("（登记采纳情况时选择）"))]
        + [(s.value, s.label) for s in Outcome.Status if s in DECIDED],
    )
    on = forms.DateField(label=_("日期"), widget=DATE, required=False)
    note = forms.CharField(
        label=_("说明"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class RsvpForm(TextNormalizingMixin, forms.Form):
    reason = forms.CharField(label=_("请假原因"), max_length=200, required=False)


class SignUpForm(TextNormalizingMixin, forms.Form):
    name = forms.CharField(label=_("姓名"), max_length=40)
    phone = PhoneField(
        label=_("手机号码"),
        max_length=11,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "tel"}),
        help_text=_("仅用于核对身份和活动变更时联系您，页面上只显示部分号码。"),
    )
    consent = forms.BooleanField(
        label=_("我同意政协机关为组织本次旁听活动处理我的姓名和手机号码，活动结束后按规定删除"),
        error_messages={"required": _("请阅读并同意个人信息处理告知后再报名。")},
    )
    website = forms.CharField(required=False, label=_("请勿填写此项"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["website"].widget.attrs.update(
            {"tabindex": "-1", "autocomplete": "off", "class": "hp-input"}
        )


class CheckInForm(forms.Form):
    code = forms.CharField(
        label=_("入场码"),
        max_length=16,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "off", "spellcheck": "false"}
        ),
    )


# --- 会议材料: the file, checked by content and size (core.uploads), its name and whether the
# public sees it ---------------------------------------------------------------------------------
def _file_help() -> str:
    return gettext(
        "PDF、Word（DOCX）文件或 JPG、PNG 图片，不超过 %(mb)s MB。文件会检查内容，"
        "含宏或脚本的文件不能上传。"
    ) % {"mb": settings.UPLOAD_MAX_BYTES // (1024 * 1024)}


class MaterialForm(TextNormalizingMixin, forms.Form):
    file = forms.FileField(
        label=_("材料文件"),
        help_text=lazy(_file_help, str)(),
        widget=forms.FileInput(
            attrs={"accept": f"application/pdf,.pdf,.docx,{DOCX_CONTENT_TYPE},image/jpeg,image/png"}
        ),
        error_messages={
            "required": _("请选择要上传的文件。"),
            "empty": _("上传的文件是空的。"),
            "invalid": _("没有收到文件，请重新选择。"),
        },
    )
    title = forms.CharField(
        label=_("材料名称"),
        max_length=80,
        required=False,
        help_text=_("不填则使用文件名。"),
    )
    is_public = forms.BooleanField(
        label=_("公开（显示在活动的公开页面上，任何人可下载）"), required=False
    )

    def clean_file(self):
        return clean_upload(self.cleaned_data["file"], documents=True)
