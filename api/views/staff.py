"""The office's review desk through the API (read-mostly): the desk's own selector, filter set
(queue, status, channel, category, committee, dates, keywords …) and masking; the record's scope
is the selector's (404 outside it); revealing contacts is the desk's audited service; the basic
review steps run the desk's own action table (opinions.views.actions.DESK_ACTIONS)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics
from rest_framework.response import Response
from rest_framework.views import APIView

from opinions import selectors, services
from opinions.filters import OpinionFilter
from opinions.models import Opinion
from opinions.services import TransitionError
from opinions.views.actions import DESK_ACTIONS, action_forms_for, desk_actions_available
from org import selectors as org_selectors

from .. import serializers as s
from ..formdata import form_data
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
    """一条社情民意（本级及下级可见范围内；之外 404），联系方式脱敏。actions 是本人现在可以
    通过接口办理的步骤（见 staff/opinions/{id}/{action}/）。"""

    permission_classes = [Desk]
    serializer_class = s.DeskOpinionDetailSerializer

    def get_queryset(self):
        if schema_run(self):
            return Opinion.objects.none()
        return selectors.desk_detail(user=self.request.user)

    def get_object(self):
        return _with_actions(super().get_object(), self.request.user)


# The review decisions the APP offers: rows of the desk's own table (opinions.views.actions,
# keyed by opinions.workflows.OPINION); forwarding, conversion and instructions stay on the desk.
STAFF_ACTIONS = ("assign", "return", "reject", "merge", "adopt", "note", "spam", "unspam")


def _with_actions(opinion: Any, user) -> Any:
    """The opinion, with the steps the user may take now (``actions``, for the serializer)."""
    opinion.actions = [a for a in desk_actions_available(opinion, user) if a in STAFF_ACTIONS]
    return opinion


class DeskStep(APIView):
    """审核台办理一步（与网页审核台同一张表、同一表单和服务）：assign（分派，assignee）、return
    （退回修改，comment 必填）、reject（不予采用，reason）、merge（并案，into_code）、adopt（采用，
    level）、note（内部备注）、spam / unspam（垃圾信息标记）。expected_status 可带上看到时的状态，
    已被他人处理时 409。本级可见范围之外 404；无办理权限 403；当前状态不允许 409。"""

    permission_classes = [Desk]

    @extend_schema(
        parameters=[
            OpenApiParameter("action", str, OpenApiParameter.PATH, enum=list(STAFF_ACTIONS))
        ],
        request={
            "application/json": s.DeskStepSerializer,
            "multipart/form-data": s.DeskStepSerializer,
        },
        responses=s.DeskOpinionDetailSerializer,
    )
    def post(self, request, pk: int, action: str):
        if action not in STAFF_ACTIONS:
            raise Http404
        opinion = get_object_or_404(selectors.desk_detail(user=request.user), pk=pk)
        if not request.user.has_perm("opinions.handle_opinion", opinion):
            raise PermissionDenied
        raw = form_data(request.data)
        prefixed = MultiValueDict({f"{action}-{key}": raw.getlist(key) for key in raw})
        form = action_forms_for(opinion, request.user, data=prefixed, action=action).get(action)
        if form is None:
            raise TransitionError(
                _("该建言的当前状态（%(status)s）不允许此操作，可能已被他人处理。")
                % {"status": opinion.get_status_display()}
            )
        if not form.is_valid():
            raise ValidationError(form.errors.as_data())
        DESK_ACTIONS[action].perform(opinion, request.user, form.cleaned_data)
        opinion = selectors.desk_detail(user=request.user).get(pk=pk)
        return Response(s.DeskOpinionDetailSerializer(_with_actions(opinion, request.user)).data)


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
