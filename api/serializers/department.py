"""What a department (承办单位) sees of the items forwarded to it and posts for its steps."""

from __future__ import annotations

from rest_framework import serializers


class ForwardingSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    tracking_code = serializers.CharField(source="opinion.tracking_code")
    title = serializers.CharField(source="opinion.title")
    category = serializers.CharField(source="opinion.category.name", default="")
    committee = serializers.CharField(source="opinion.committee.name")
    role = serializers.CharField()
    role_display = serializers.CharField(source="get_role_display")
    status = serializers.CharField()
    status_display = serializers.CharField(source="get_status_display")
    due_date = serializers.DateField()
    created_at = serializers.DateTimeField()
    signed_at = serializers.DateTimeField(allow_null=True)


class ForwardingDetailSerializer(ForwardingSerializer):
    """What the department's page shows: the item's text, never the submitter's identity."""

    content = serializers.CharField(source="opinion.content")
    analysis = serializers.CharField(source="opinion.analysis")
    suggestion = serializers.CharField(source="opinion.suggestion")
    cover_note = serializers.CharField()
    actions = serializers.ListField(child=serializers.CharField())


class DepartmentStepSerializer(serializers.Serializer):
    """The step's fields (the web page's forms validate them): reply — text, resolution,
    contact_person, documents; return — reason; opinion — text."""

    text = serializers.CharField(required=False)
    resolution = serializers.CharField(required=False)
    contact_person = serializers.CharField(required=False)
    reason = serializers.CharField(required=False)
    documents = serializers.ListField(child=serializers.FileField(), required=False)
