"""What a citizen's account lists: the items they submitted or claimed."""

from __future__ import annotations

from rest_framework import serializers


class CitizenItemSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    tracking_code = serializers.CharField()
    title = serializers.CharField()
    committee = serializers.CharField(source="committee.short_name")
    status = serializers.CharField(source="get_public_status_display")
    submitted_at = serializers.DateTimeField(allow_null=True)
    merged_into = serializers.CharField(
        source="merged_into.tracking_code", default=None, allow_null=True
    )
