"""What a member's APP shows: their profile, notices, items, duty shifts, activities and ledger,
and the forms they post (validated by the web forms)."""

from __future__ import annotations

from rest_framework import serializers

from liaison.models import Activity
from members.models import Member
from notifications.models import Notification
from opinions.models import Opinion, Status
from opinions.services import is_editable
from workstations.models import DutyShift

from .common import ModelSerializer, choice_label, related


class ProfileSerializer(ModelSerializer):
    committee = related("committee.name")
    sector = related("sector.name", blank=True)
    party = related("party.name", blank=True)
    special_committee = related("special_committee.name", blank=True)
    level_display = choice_label("level")

    class Meta:
        model = Member
        fields = [
            "id",
            "name",
            "gender",
            "level",
            "level_display",
            "committee",
            "sector",
            "party",
            "special_committee",
        ]


class NotificationSerializer(ModelSerializer):
    kind_display = choice_label("kind")

    class Meta:
        model = Notification
        fields = ["id", "kind", "kind_display", "text", "link", "created_at", "read_at"]


class MyOpinionSerializer(ModelSerializer):
    category = related("category.name", blank=True)
    committee = related("committee.name")
    status_display = choice_label("status")

    class Meta:
        model = Opinion
        fields = [
            "id",
            "tracking_code",
            "title",
            "category",
            "committee",
            "status",
            "status_display",
            "submitted_at",
            "updated_at",
        ]


class MemberRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class MyOpinionDetailSerializer(MyOpinionSerializer):
    """What the member's item page shows."""

    region = serializers.CharField(source="region.name", read_only=True, default="")
    return_reason = serializers.SerializerMethodField(help_text="退回修改意见（退回修改时）")
    co_authors = MemberRefSerializer(many=True, source="co_authors.all", read_only=True)
    attachments = serializers.SerializerMethodField()
    editable = serializers.SerializerMethodField(help_text="草稿或退回修改的：可以修改")

    class Meta(MyOpinionSerializer.Meta):
        fields = [
            *MyOpinionSerializer.Meta.fields,
            "content",
            "analysis",
            "suggestion",
            "region",
            "return_reason",
            "co_authors",
            "attachments",
            "editable",
        ]

    def get_return_reason(self, obj) -> str:
        return obj.decision_comment if obj.status == Status.RETURNED else ""

    def get_attachments(self, obj) -> list[str]:
        return [a.original_name for a in obj.attachments.all()]

    def get_editable(self, obj) -> bool:
        return is_editable(obj)


class ShiftSerializer(ModelSerializer):
    workstation = related("workstation.name")
    status_display = choice_label("status")
    kind_display = choice_label("kind")

    class Meta:
        model = DutyShift
        fields = [
            "id",
            "workstation",
            "kind",
            "kind_display",
            "date",
            "starts_at",
            "ends_at",
            "status",
            "status_display",
            "checked_in_at",
            "visitors_count",
        ]


class ActivitySerializer(ModelSerializer):
    committee = related("committee.name")
    workstation = related("workstation.name", blank=True)
    reporter = related("reporter.name", blank=True)
    type_display = choice_label("type")
    status_display = choice_label("status")
    participant_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Activity
        fields = [
            "id",
            "title",
            "type",
            "type_display",
            "occurred_on",
            "ends_on",
            "place",
            "committee",
            "workstation",
            "reporter",
            "people_reached",
            "participant_count",
            "status",
            "status_display",
        ]


class ActivityDetailSerializer(ActivitySerializer):
    participants = serializers.SerializerMethodField()
    return_reason = serializers.CharField(read_only=True)

    class Meta(ActivitySerializer.Meta):
        fields = [
            *ActivitySerializer.Meta.fields,
            "summary",
            "outcome",
            "return_reason",
            "participants",
        ]

    def get_participants(self, obj) -> list[str]:
        return [p.member.name for p in obj.participants.all()]


class ActivityCreateSerializer(serializers.Serializer):
    """The web form's fields (liaison.forms.ActivityForm validates them)."""

    type = serializers.CharField()
    title = serializers.CharField(max_length=80)
    occurred_on = serializers.DateField()
    ends_on = serializers.DateField(required=False)
    workstation = serializers.IntegerField(required=False)
    place = serializers.CharField(required=False, max_length=120)
    people_reached = serializers.IntegerField(required=False, min_value=0)
    summary = serializers.CharField(max_length=2000)
    outcome = serializers.CharField(required=False, max_length=2000)
    co_members = serializers.ListField(child=serializers.IntegerField(), required=False)
    opinions = serializers.ListField(child=serializers.IntegerField(), required=False)
    photos = serializers.ListField(child=serializers.ImageField(), required=False)
    token = serializers.CharField(required=False, max_length=64, help_text="防重复提交令牌")
    action = serializers.ChoiceField(
        choices=["save", "submit"], required=False, help_text="submit：保存后提交工作人员确认"
    )


# --- ledger ----------------------------------------------------------------------------------
class LedgerItemSerializer(serializers.Serializer):
    item = serializers.CharField()
    label = serializers.CharField()
    points = serializers.DecimalField(max_digits=8, decimal_places=2)
    n = serializers.IntegerField()


class LedgerSummarySerializer(serializers.Serializer):
    year = serializers.IntegerField()
    total = serializers.DecimalField(max_digits=8, decimal_places=2, allow_null=True)
    grade = serializers.CharField(allow_blank=True)
    items = LedgerItemSerializer(many=True)


class ShiftStepSerializer(serializers.Serializer):
    """The step's fields (the shift page's forms validate them, without their prefixes):
    record — visitors_count, notes; matter — the matter's fields; swap — to_member, reason."""

    visitors_count = serializers.IntegerField(required=False, min_value=0)
    notes = serializers.CharField(required=False)
    to_member = serializers.IntegerField(required=False)
    reason = serializers.CharField(required=False)


class ShiftStepResultSerializer(serializers.Serializer):
    message = serializers.CharField()
    shift = ShiftSerializer()


class MemberOpinionRequestSerializer(serializers.Serializer):
    """The member's item form's fields (opinions.forms.MemberOpinionForm validates them)."""

    title = serializers.CharField(max_length=60)
    category = serializers.IntegerField()
    region = serializers.IntegerField(required=False)
    content = serializers.CharField()
    analysis = serializers.CharField(required=False)
    suggestion = serializers.CharField(required=False)
    co_authors = serializers.ListField(child=serializers.IntegerField(), required=False)
    attachments = serializers.ListField(child=serializers.FileField(), required=False)
    action = serializers.ChoiceField(
        choices=["save", "submit"], required=False, help_text="submit：保存后提交审核"
    )
