"""The office's review desk through the API (read-mostly): the desk's own selector, filter set
(queue, status, channel, category, committee, dates, keywords …) and masking; the record's scope
is the selector's (404 outside it); revealing contacts is the desk's audited service."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import generics
from rest_framework.response import Response
from rest_framework.views import APIView

from opinions import selectors, services
from opinions.filters import OpinionFilter
from opinions.models import Opinion
from org import selectors as org_selectors

from .. import serializers as s
from ..permissions import rule
from .member import schema_run

Desk = rule("opinions.view_desk")


class DeskList(generics.ListAPIView):
    """审核台列表（与网页审核台同样的筛选），联系方式脱敏。"""

    permission_classes = [Desk]
    serializer_class = s.DeskOpinionSerializer
    filterset_class = OpinionFilter

    def get_queryset(self):
        if schema_run(self):
            return Opinion.objects.none()
        return selectors.desk_opinions(user=self.request.user)

    def filterset_extra_kwargs(self):
        user = self.request.user
        return {"user": user, "committees": org_selectors.committees_visible_to(user)}


class DeskDetail(generics.RetrieveAPIView):
    """一条社情民意（本级及下级可见范围内；之外 404），联系方式脱敏。"""

    permission_classes = [Desk]
    serializer_class = s.DeskOpinionDetailSerializer

    def get_queryset(self):
        if schema_run(self):
            return Opinion.objects.none()
        return selectors.desk_detail(user=self.request.user)


class DeskReveal(APIView):
    """查看提交人完整联系方式（经办政协的工作人员；每次查看记入审计日志）。"""

    permission_classes = [Desk]

    @extend_schema(request=None, responses=s.RevealedContactSerializer)
    def post(self, request, pk: int):
        opinion = get_object_or_404(selectors.desk_detail(user=request.user), pk=pk)
        revealed = services.opinion_reveal_contact(
            opinion=opinion, by=request.user, request=request
        )
        return Response(revealed)
