"""What the public sees of the 委员讲堂 menu."""

from __future__ import annotations

from rest_framework import serializers


class LectureOfferingSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    field = serializers.CharField()
    field_display = serializers.CharField(source="get_field_display")
    committee = serializers.CharField(source="committee.local_short_name")
    member = serializers.CharField(source="member.name")
    audience = serializers.CharField()
    length_minutes = serializers.IntegerField()
    description = serializers.CharField()
