"""What the public sees and posts: the 委员之家 directory, 我要建言 and 政协信箱, tracking and
the rating."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from opinions import tracking
from opinions.models import Satisfaction
from opinions.workflows import OPINION
from workstations.models import Workstation

from .common import ModelSerializer, choice_label, related


class WorkstationSerializer(ModelSerializer):
    committee = related("committee.name")
    region = serializers.SerializerMethodField()
    kind_display = choice_label("kind")

    class Meta:
        model = Workstation
        fields = [
            "id",
            "name",
            "kind",
            "kind_display",
            "committee",
            "region",
            "address",
            "opening_hours",
            "contact_name",
            "contact_phone",
            "online_url",
        ]

    def get_region(self, obj) -> str:
        region = obj.region
        if region is None:
            return ""
        parent = region.parent
        return f"{parent.name} {region.name}" if parent is not None else region.name


# --- public: 我要建言 and tracking (the requests are validated by the web forms; these describe
# them for the schema) -----------------------------------------------------------------------
class ChoiceSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    label = serializers.CharField()


class SubmissionFormSerializer(serializers.Serializer):
    started = serializers.CharField(help_text="填写计时令牌，提交时原样带回")
    token = serializers.CharField(help_text="防重复提交令牌（32位十六进制），提交时原样带回")
    captcha_challenge = serializers.CharField(
        allow_null=True, help_text="需要验证码时：图片编号；图片见 captcha_image"
    )
    captcha_image = serializers.CharField(allow_null=True)
    categories = ChoiceSerializer(many=True)
    committees = ChoiceSerializer(many=True)


class SubmissionRequestSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=60)
    content = serializers.CharField(max_length=1500)
    category = serializers.IntegerField()
    committee = serializers.IntegerField()
    region = serializers.IntegerField(required=False)
    is_anonymous = serializers.BooleanField(required=False)
    submitter_name = serializers.CharField(required=False, max_length=40)
    submitter_phone = serializers.CharField(required=False, max_length=11)
    submitter_email = serializers.EmailField(required=False)
    consent = serializers.BooleanField()
    attachments = serializers.ListField(child=serializers.FileField(), required=False)
    started = serializers.CharField(required=False)
    token = serializers.CharField(required=False, max_length=64)
    captcha_challenge = serializers.CharField(required=False, max_length=64)
    captcha = serializers.CharField(required=False, max_length=10)
    website = serializers.CharField(required=False, help_text="留空")


class MailboxFormSerializer(SubmissionFormSerializer):
    workstations = ChoiceSerializer(many=True)


class MailboxRequestSerializer(SubmissionRequestSerializer):
    workstation = serializers.IntegerField(required=False, help_text="写给哪个委员之家（可选）")


class SubmissionResultSerializer(serializers.Serializer):
    tracking_code = serializers.CharField()
    key = serializers.CharField(
        allow_null=True, help_text="查询密码，只返回这一次；重复提交同一令牌时为 null"
    )


class TrackRequestSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=20)
    key = serializers.CharField(max_length=20, help_text="查询密码或完整的11位手机号码")
    captcha_challenge = serializers.CharField(required=False, max_length=64)
    captcha = serializers.CharField(required=False, max_length=10)


class TrackEventSerializer(serializers.Serializer):
    kind = serializers.CharField()
    created_at = serializers.DateTimeField()


class TrackResultSerializer(serializers.Serializer):
    tracking_code = serializers.CharField()
    title = serializers.CharField()
    committee = serializers.CharField(source="committee.name")
    status = serializers.CharField(source="get_public_status_display")
    submitted_at = serializers.DateTimeField(allow_null=True)
    merged_into = serializers.CharField(
        source="merged_into.tracking_code", default=None, allow_null=True
    )
    public_reply = serializers.CharField()
    events = TrackEventSerializer(many=True, source="events.all")
    can_rate = serializers.SerializerMethodField(help_text="已答复、等待评价")
    rating_token = serializers.SerializerMethodField(
        help_text="评价令牌（两小时内有效）：可以评价或申请重新办理时才有，否则为 null"
    )

    def get_can_rate(self, obj) -> bool:
        return OPINION.can(obj, "rate")

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_rating_token(self, obj):
        return tracking.rating_token(obj) if tracking.rating_open(obj) else None


class RatingRequestSerializer(serializers.Serializer):
    """The tracking page's rating form (opinions.forms.RatingForm validates it)."""

    token = serializers.CharField(max_length=300, help_text="查询结果中的 rating_token")
    satisfaction = serializers.ChoiceField(choices=Satisfaction.choices)
    comment = serializers.CharField(required=False, max_length=500)
    rehandle = serializers.BooleanField(
        required=False, help_text="不满意，申请重新办理（只能申请一次）"
    )
