"""Consultations through the API: a member's invitations (the page's selectors, its answer form
and the service ``consultations.services.invitation_respond`` with its transition table), and
the public side read-only — the events the public pages list (the same selectors, so the same
rows)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from consultations import selectors as consultation_selectors
from consultations import services as consultation_services
from consultations.forms import RsvpForm
from consultations.models import Consultation, Invitation
from consultations.workflows import INVITATION

from .. import serializers as s
from ..conditional import ETagMixin
from ..formdata import form_data
from ..pagination import CursorPagination
from ..permissions import member_rule
from .member import schema_run

MyInvitations = member_rule("consultations.view_my_invitations")
ANSWERS = ("accept", "decline")


def _with_actions(invitation: Any, user) -> Any:
    """The invitation, with the answers open to the user now (``actions``, for the serializer)."""
    invitation.actions = [t.action for t in INVITATION.available(invitation, user)]
    return invitation


class MyInvitationList(ETagMixin, generics.ListAPIView):
    """我的协商活动邀请，新的在前；pending=true 只列待回复的（活动尚未结束）。actions 是现在
    可以做的回复（accept 确认参加、decline 请假）。"""

    permission_classes = [MyInvitations]
    serializer_class = s.InvitationSerializer

    @extend_schema(parameters=[OpenApiParameter("pending", bool, description="只列待回复的邀请")])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        if schema_run(self):
            return Invitation.objects.none()
        member = self.request.user.member
        if self.request.query_params.get("pending") in {"true", "1"}:
            return consultation_selectors.my_pending_invitations(member=member)
        return consultation_selectors.my_invitations(member=member)

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        return [_with_actions(invitation, self.request.user) for invitation in page or []]


class InvitationRespond(APIView):
    """回复一份邀请：accept（确认参加）或 decline（请假，须填写 reason）。本人的邀请（其他 404），
    与网页同一表单和服务；活动已结束、已取消等状态不允许时 409。"""

    permission_classes = [MyInvitations]

    @extend_schema(
        parameters=[OpenApiParameter("answer", str, OpenApiParameter.PATH, enum=list(ANSWERS))],
        request=s.RsvpRequestSerializer,
        responses=s.InvitationSerializer,
    )
    def post(self, request, pk: int, answer: str):
        if answer not in ANSWERS:
            raise Http404
        mine = consultation_selectors.my_invitations(member=request.user.member)
        invitation = get_object_or_404(mine, pk=pk)
        form = RsvpForm(form_data(request.data))
        if not form.is_valid():
            raise ValidationError(form.errors.as_data())
        consultation_services.invitation_respond(  # TransitionError: 409
            invitation=invitation,
            by=request.user,
            accept=answer == "accept",
            reason=form.cleaned_data["reason"],
        )
        invitation = _with_actions(mine.get(pk=pk), request.user)
        return Response(s.InvitationSerializer(invitation).data)


class EventPagination(CursorPagination):
    """Upcoming events soonest first; past ones newest first."""

    def get_ordering(self, request, queryset, view):
        return ("-starts_at", "-pk") if view.past else ("starts_at", "pk")


class PublicEventList(generics.ListAPIView):
    """公开的协商活动（协商议事、政协开放日等）：即将举行的，时间近的在前；past=true 时为已举行
    并发布纪要的，新的在前。与网站“协商议事”页面同样的范围。"""

    authentication_classes: list[type] = []
    permission_classes = [AllowAny]
    serializer_class = s.PublicEventSerializer
    pagination_class = EventPagination

    @property
    def past(self) -> bool:
        return self.request.query_params.get("past") in {"true", "1"}

    @extend_schema(
        parameters=[OpenApiParameter("past", bool, description="已举行并发布纪要的活动")]
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        if schema_run(self):
            return Consultation.objects.none()
        if self.past:
            return consultation_selectors.public_past()
        return consultation_selectors.public_upcoming()


class PublicEventDetail(APIView):
    """一场公开的协商活动：时间、地点、议程，报名旁听是否开放和剩余名额；纪要发布后附摘要和
    协商成果落实情况。未公开的活动：404。"""

    authentication_classes: list[type] = []
    permission_classes = [AllowAny]

    @extend_schema(responses=s.PublicEventDetailSerializer)
    def get(self, request, pk: int):
        event = get_object_or_404(consultation_selectors.public_detail(), pk=pk)
        minutes = getattr(event, "minutes", None)
        published = minutes if minutes is not None and minutes.published_at else None
        event.places_left = max(event.capacity - consultation_selectors.places_taken(event), 0)
        event.signup_open = consultation_services.signup_refusal(event) is None
        event.minutes_summary = published.public_summary if published else None
        event.minutes_published_at = published.published_at if published else None
        event.public_outcomes = list(event.outcomes.all()) if published else []
        return Response(s.PublicEventDetailSerializer(event).data)
