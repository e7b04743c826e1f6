from __future__ import annotations

import uuid

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.forms import ModelMultipleChoiceField, PickerSelectMultiple, optional_choice
from core.text import TextNormalizingMixin
from core.uploads import clean_upload
from members.models import Member, MemberGroup
from opinions.forms import AttachmentsField
from opinions.models import Opinion, Status
from org.models import SpecialCommittee
from workstations.models import Workstation

from .models import Activity, ActivityType
from .services import MAX_PHOTOS

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _photos_help_text() -> str:
    return gettext(
        "可选。JPG 或 PNG 图片，最多 %(n)s 张，每张不超过 5 MB；上传时会去除拍摄位置等信息。"
    ) % {"n": MAX_PHOTOS}


_photos_help = lazy(_photos_help_text, str)


class PhotosField(AttachmentsField):
    """Activity photos: JPG/PNG only, re-encoded (EXIF and GPS stripped) like opinion
    attachments."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label", _("活动照片"))
        kwargs.setdefault("help_text", _photos_help())
        super().__init__(*args, **kwargs)
        self.widget.attrs["accept"] = "image/jpeg,image/png"

    def clean(self, data, initial=None):
        files = [f for f in (data if isinstance(data, (list, tuple)) else [data]) if f]
        if len(files) > MAX_PHOTOS:
            raise ValidationError(_("最多上传 %(n)s 张照片。") % {"n": MAX_PHOTOS})
        cleaned, errors = [], []
        for upload in files:
            try:
                clean = clean_upload(upload)
            except ValidationError as exc:
                errors.extend(exc.messages)
                continue
            if not clean.content_type.startswith("image/"):
                errors.append(
                    _("“%(name)s”不是图片。活动照片只能上传 JPG 或 PNG 图片。")
                    % {"name": clean.original_name}
                )
                continue
            cleaned.append(clean)
        if errors:
            raise ValidationError(errors)
        return cleaned


class MemberMultipleChoiceField(ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name}（{obj.committee.short_name}）"


class WorkstationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.committee.short_name}·{obj.name}"


class ActivityForm(TextNormalizingMixin, forms.Form):
    """A member logs an activity from a phone: the essentials first, the rest optional. The
    dates and the workstation are checked by Activity.clean (through the service)."""

    type = forms.ChoiceField(
        label=_("活动类型"), choices=[("", _("请选择"))] + list(ActivityType.choices)
    )
    title = forms.CharField(
        label=_("活动名称"), max_length=80, help_text=_("例如：走访树林召镇林原村养殖户")
    )
    occurred_on = forms.DateField(label=_("活动日期"), widget=DATE)
    ends_on = forms.DateField(label=_("结束日期（跨天活动）"), widget=DATE, required=False)
    workstation = WorkstationChoiceField(
        label=_("委员之家（可选）"), queryset=None, required=False, empty_label=_("不在委员之家")
    )
    place = forms.CharField(label=_("地点"), max_length=120, required=False)
    people_reached = forms.IntegerField(
        label=_("联系群众人数"),
        min_value=0,
        max_value=100000,
        initial=0,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    summary = forms.CharField(
        label=_("活动情况"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
    )
    outcome = forms.CharField(
        label=_("成效"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    co_members = MemberMultipleChoiceField(
        label=_("一同参加的委员"),
        queryset=Member.objects.none(),
        required=False,
        widget=PickerSelectMultiple(attrs={"size": 5}, placeholder=_("输入姓名查找")),
        help_text=_("确认后，活动也会记入他们的履职档案。"),
    )
    opinions = ModelMultipleChoiceField(
        label=_("关联已报送的社情民意"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    photos = PhotosField()
    token = forms.CharField(required=False, widget=forms.HiddenInput, max_length=64)

    def __init__(self, *args, member: Member, **kwargs):

        super().__init__(*args, **kwargs)
        self.member = member
        # What Activity.clean allows, narrowed to the member's own committee and the
        # workstations they serve at (a municipal member may serve at a banner's).
        self.fields["workstation"].queryset = (
            Activity.workstations_for(member.committee)
            .filter(
                Q(committee_id=member.committee_id)
                | Q(assignments__member=member, assignments__ended_on__isnull=True)
            )
            .exclude(status=Workstation.Status.CLOSED)
            .select_related("committee")
            .distinct()
        )
        self.fields["co_members"].queryset = (
            Member.objects.filter(committee_id=member.committee_id, status=Member.Status.ACTIVE)
            .exclude(pk=member.pk)
            .select_related("committee")
        )
        self.fields["opinions"].queryset = (
            Opinion.objects.filter(author=member)
            .exclude(status=Status.DRAFT)
            .order_by("-submitted_at")
        )
        if not self.is_bound:
            self.initial.setdefault("occurred_on", timezone.localdate())
            self.initial.setdefault("token", uuid.uuid4().hex)


class OrganiseForm(TextNormalizingMixin, forms.Form):
    """Staff record an activity organised for a member group or a special committee."""

    committee = forms.ModelChoiceField(label=_("所属政协"), queryset=None, empty_label=_("请选择"))
    type = forms.ChoiceField(label=_("活动类型"), choices=ActivityType.choices)
    title = forms.CharField(label=_("活动名称"), max_length=80)
    occurred_on = forms.DateField(label=_("活动日期"), widget=DATE)
    ends_on = forms.DateField(label=_("结束日期（跨天活动）"), widget=DATE, required=False)
    group = optional_choice(MemberGroup, _("组织小组（编组下沉/界别活动组）"), _("不选"))
    special_committee = optional_choice(SpecialCommittee, _("组织专委会"), _("不选"))
    members = MemberMultipleChoiceField(
        label=_("其他参加委员"),
        queryset=Member.objects.none(),
        required=False,
        widget=PickerSelectMultiple(attrs={"size": 6}, placeholder=_("输入姓名查找")),
    )
    workstation = WorkstationChoiceField(
        label=_("委员之家（可选）"), queryset=None, required=False, empty_label=_("不在委员之家")
    )
    place = forms.CharField(label=_("地点"), max_length=120, required=False)
    people_reached = forms.IntegerField(label=_("联系群众人数"), min_value=0, initial=0)
    summary = forms.CharField(
        label=_("活动情况"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
    )
    outcome = forms.CharField(
        label=_("成效"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    photos = PhotosField()

    def __init__(self, *args, committees, **kwargs):

        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = committees
        if committees.count() == 1:
            self.fields["committee"].initial = committees.first()
        self.fields["group"].queryset = MemberGroup.objects.filter(committee__in=committees)
        self.fields["special_committee"].queryset = SpecialCommittee.objects.filter(
            committee__in=committees
        )
        self.fields["members"].queryset = Member.objects.filter(
            committee__in=committees, status=Member.Status.ACTIVE
        ).select_related("committee")
        self.fields["workstation"].queryset = Workstation.objects.filter(
            committee__in=committees
        ).select_related("committee")


class ReasonForm(TextNormalizingMixin, forms.Form):
    reason = forms.CharField(label=_("理由"), max_length=200)


class CommentForm(TextNormalizingMixin, forms.Form):
    comment = forms.CharField(label=_("确认意见（可选）"), max_length=200, required=False)


ACTIVITY_STATUS = Activity.Status
