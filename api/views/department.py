"""A department's forwarded items through the API: the department page's selectors, and its
steps (sign, reply, request return, co-handler's opinion) run exactly as the page runs them
(opinions.views.forwarding.DEPARTMENT_STEPS: the form, the service, the transition table)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics
from rest_framework.response import Response
from rest_framework.views import APIView

from opinions import selectors
from opinions.models import Forwarding
from opinions.views.forwarding import DEPARTMENT_STEPS
from opinions.workflows import FORWARDING

from .. import serializers as s
from ..formdata import form_data
from ..permissions import rule
from .member import schema_run

DepartmentDesk = rule("opinions.department_desk")


def _actions(forwarding, user) -> list[str]:
    return [
        name
        for name, step in DEPARTMENT_STEPS.items()
        if FORWARDING.can(forwarding, step.action, user)
    ]


class ForwardingList(generics.ListAPIView):
    """转给本单位办理的事项；status 筛选（如 new：待签收）。"""

    permission_classes = [DepartmentDesk]
    serializer_class = s.ForwardingSerializer
    filterset_fields = ["status"]

    def get_queryset(self):
        if schema_run(self):
            return Forwarding.objects.none()
        return selectors.department_forwardings(user=self.request.user)


class ForwardingDetail(APIView):
    """一件转办件（只限本单位的；其他 404），不含提交人身份。actions 是当前可做的步骤。"""

    permission_classes = [DepartmentDesk]

    @extend_schema(responses=s.ForwardingDetailSerializer)
    def get(self, request, pk: int):
        forwarding = get_object_or_404(
            selectors.department_forwarding_detail(user=request.user), pk=pk
        )
        forwarding.actions = _actions(forwarding, request.user)
        return Response(s.ForwardingDetailSerializer(forwarding).data)


class ForwardingStep(APIView):
    """办理一步：sign（签收）、reply（答复，可附答复函 documents）、return（申请退回）、
    opinion（协办意见）。与网页同一表单和服务；状态不允许时 409。"""

    permission_classes = [DepartmentDesk]

    @extend_schema(
        parameters=[
            OpenApiParameter("action", str, OpenApiParameter.PATH, enum=list(DEPARTMENT_STEPS))
        ],
        request={
            "application/json": s.DepartmentStepSerializer,
            "multipart/form-data": s.DepartmentStepSerializer,
        },
        responses=s.ForwardingDetailSerializer,
    )
    def post(self, request, pk: int, action: str):
        step = DEPARTMENT_STEPS.get(action)
        if step is None:
            raise Http404
        forwarding = get_object_or_404(selectors.department_forwardings(user=request.user), pk=pk)
        data = {}
        if step.form is not None:
            form = step.form(form_data(request.data), request.FILES)
            if not form.is_valid():
                raise ValidationError(form.errors.as_data())
            data = form.cleaned_data
        step.perform(forwarding, request.user, data)  # TransitionError: 409
        forwarding = selectors.department_forwarding_detail(user=request.user).get(pk=pk)
        forwarding.actions = _actions(forwarding, request.user)
        return Response(s.ForwardingDetailSerializer(forwarding).data)
