"""委员讲堂 through the API: the public menu, read-only (the public page's selector, so the same
rows); orders are placed on the website's order page."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics
from rest_framework.permissions import AllowAny

from lectures import selectors as lecture_selectors
from lectures.models import LectureField, LectureOffering

from .. import serializers as s
from .member import schema_run


class LectureMenu(generics.ListAPIView):
    """委员讲堂“菜单”：已上架的讲题，新的在前；可按领域 field 和旗区 committee 筛选。点单请用
    网站的点单页面。"""

    authentication_classes: list[type] = []
    permission_classes = [AllowAny]
    serializer_class = s.LectureOfferingSerializer
    filter_backends: list[type] = []

    @extend_schema(
        parameters=[
            OpenApiParameter("field", str, enum=list(LectureField.values), description="领域"),
            OpenApiParameter("committee", int, description="政协组织（旗区）编号"),
        ]
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        if schema_run(self):
            return LectureOffering.objects.none()
        field = self.request.query_params.get("field", "")
        raw = self.request.query_params.get("committee", "")
        committee = int(raw) if raw.isascii() and raw.isdigit() and len(raw) < 10 else None
        return lecture_selectors.public_menu(
            field=field if field in LectureField.values else "", committee_id=committee
        )
