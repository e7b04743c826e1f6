"""What members see of their consultation invitations and post as answers, and what the public
sees of the events."""

from __future__ import annotations

from rest_framework import serializers


class InvitationSerializer(serializers.Serializer):
    """What 我的协商活动 shows of an invitation; ``actions`` are the answers open now."""

    id = serializers.IntegerField()
    consultation = serializers.IntegerField(source="consultation_id")
    title = serializers.CharField(source="consultation.title")
    kind = serializers.CharField(source="consultation.kind")
    kind_display = serializers.CharField(source="consultation.get_kind_display")
    committee = serializers.CharField(source="consultation.committee.name")
    place = serializers.CharField(source="consultation.place")
    starts_at = serializers.DateTimeField(source="consultation.starts_at")
    ends_at = serializers.DateTimeField(source="consultation.ends_at")
    consultation_status = serializers.CharField(source="consultation.status")
    consultation_status_display = serializers.CharField(source="consultation.get_status_display")
    rsvp = serializers.CharField()
    rsvp_display = serializers.CharField(source="get_rsvp_display")
    decline_reason = serializers.CharField()
    responded_at = serializers.DateTimeField(allow_null=True)
    attendance = serializers.CharField()
    attendance_display = serializers.CharField(source="get_attendance_display")
    spoke = serializers.BooleanField()
    actions = serializers.ListField(child=serializers.CharField())


class RsvpRequestSerializer(serializers.Serializer):
    reason = serializers.CharField(
        required=False, max_length=200, help_text="请假原因（请假时必填，最多200字）"
    )


class PublicEventSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    kind = serializers.CharField()
    kind_display = serializers.CharField(source="get_kind_display")
    committee = serializers.CharField(source="committee.name")
    place = serializers.CharField()
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    status = serializers.CharField()
    status_display = serializers.CharField(source="get_status_display")


class PublicOutcomeSerializer(serializers.Serializer):
    recommendation = serializers.CharField()
    submitted_to = serializers.CharField()
    submitted_on = serializers.DateField()
    status = serializers.CharField()
    status_display = serializers.CharField(source="get_status_display")
    decided_on = serializers.DateField(allow_null=True)
    implemented_on = serializers.DateField(allow_null=True)
    closed_on = serializers.DateField(allow_null=True)
    notes = serializers.CharField()


class PublicEventDetailSerializer(PublicEventSerializer):
    """What the public event page shows: the facts, the agenda, places left while sign-up is
    open, and once the minutes are published their summary and the outcomes' follow-up."""

    leading_body = serializers.CharField()
    co_organisers = serializers.CharField()
    departments = serializers.ListField(
        child=serializers.CharField(),
        source="departments.all",
        help_text="列席部门（承办单位）名称",
    )
    topic = serializers.CharField(source="topic.title", default="")
    agenda = serializers.CharField()
    capacity = serializers.IntegerField()
    places_left = serializers.IntegerField()
    signup_open = serializers.BooleanField()
    minutes_summary = serializers.CharField(allow_null=True)
    minutes_published_at = serializers.DateTimeField(allow_null=True)
    outcomes = PublicOutcomeSerializer(many=True, source="public_outcomes")
