"""What the office's review desk shows (read-mostly; contacts masked as on the desk) and posts."""

from __future__ import annotations

from rest_framework import serializers

from opinions.models import AdoptionLevel, NotAdoptedReason, Opinion

from .common import ModelSerializer, choice_label, related


class DeskOpinionSerializer(ModelSerializer):
    category = related("category.name", blank=True)
    committee = related("committee.name")
    status_display = choice_label("status")
    channel_display = choice_label("channel")
    submitter = serializers.CharField(source="masked_name", read_only=True)

    class Meta:
        model = Opinion
        fields = [
            "id",
            "tracking_code",
            "title",
            "category",
            "committee",
            "channel",
            "channel_display",
            "status",
            "status_display",
            "submitter",
            "is_spam",
            "needs_attention",
            "submitted_at",
            "review_due_at",
        ]


class DeskOpinionDetailSerializer(DeskOpinionSerializer):
    submitter_phone = serializers.CharField(source="masked_phone", read_only=True)
    region = related("region.name", blank=True)
    assignee = related("assignee.display_name", blank=True)

    class Meta(DeskOpinionSerializer.Meta):
        fields = [
            *DeskOpinionSerializer.Meta.fields,
            "content",
            "analysis",
            "suggestion",
            "region",
            "submitter_phone",
            "is_anonymous",
            "assignee",
            "decision_comment",
            "public_reply",
            "actions",
        ]

    actions = serializers.ListField(
        child=serializers.CharField(), read_only=True, help_text="现在可以办理的步骤"
    )


class DeskStepSerializer(serializers.Serializer):
    """The desk's action forms' fields (opinions.forms validates them), by step: assign —
    assignee; return — comment (required); reject — reason; merge — into_code; adopt — level;
    note — comment (required); any — comment, expected_status."""

    assignee = serializers.IntegerField(required=False, help_text="经办人（本级工作人员）编号")
    comment = serializers.CharField(required=False, max_length=1000)
    reason = serializers.ChoiceField(choices=NotAdoptedReason.choices, required=False)
    into_code = serializers.CharField(required=False, max_length=20, help_text="并入建言的查询码")
    level = serializers.ChoiceField(choices=AdoptionLevel.choices, required=False)
    expected_status = serializers.CharField(
        required=False, max_length=16, help_text="看到时的状态：已被他人处理时 409"
    )


class RevealedContactSerializer(serializers.Serializer):
    name = serializers.CharField()
    phone = serializers.CharField()
    email = serializers.CharField()
