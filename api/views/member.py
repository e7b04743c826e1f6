"""The member's own records through the API: the same selectors (and so the same rows) as the
member's pages, the same role rules (members.view_own_profile, liaison.view_activity …)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import generics, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from liaison import selectors as liaison_selectors
from liaison.models import Activity
from members import selectors as member_selectors
from notifications import selectors as notice_selectors
from notifications import services as notice_services
from notifications.models import Notification
from opinions import selectors as opinion_selectors
from opinions.models import Opinion
from workstations import selectors as shift_selectors
from workstations.models import DutyShift

from .. import serializers as s
from ..permissions import member_rule, rule

MemberProfile = member_rule("members.view_own_profile")


def schema_run(view) -> bool:
    """drf-spectacular calls get_queryset without a user to learn the model."""
    return getattr(view, "swagger_fake_view", False)


class ProfileView(generics.RetrieveAPIView):
    """我的委员信息。"""

    permission_classes = [MemberProfile]
    serializer_class = s.ProfileSerializer

    def get_object(self):
        return member_selectors.own_profile(user=self.request.user)


class MyOpinionList(generics.ListAPIView):
    """我的社情民意（含草稿），新的在前。"""

    permission_classes = [member_rule("opinions.submit_member_item")]
    serializer_class = s.MyOpinionSerializer
    filterset_fields = ["status"]

    def get_queryset(self):
        if schema_run(self):
            return Opinion.objects.none()
        return opinion_selectors.member_items(member=self.request.user.member)


class MyShiftList(generics.ListAPIView):
    """我的值班。"""

    permission_classes = [member_rule("workstations.view_my_shifts")]
    serializer_class = s.ShiftSerializer
    filterset_fields = ["status"]

    def get_queryset(self):
        if schema_run(self):
            return DutyShift.objects.none()
        return shift_selectors.my_shifts(member=self.request.user.member)


class MyActivityList(generics.ListAPIView):
    """我的履职活动：本人填报的（含草稿）和参加的。"""

    permission_classes = [member_rule("liaison.log_activity")]
    serializer_class = s.ActivitySerializer
    filterset_fields = ["status", "type"]

    def get_queryset(self):
        if schema_run(self):
            return Activity.objects.none()
        return liaison_selectors.my_activities(member=self.request.user.member)


class ActivityDetail(generics.RetrieveAPIView):
    """一项履职活动：本人的、参加的，或（工作人员、领导）本级已提交的；其他一律 404。"""

    permission_classes = [rule("liaison.view_activity")]
    serializer_class = s.ActivityDetailSerializer

    def get_queryset(self):
        return liaison_selectors.activity_detail(user=self.request.user)


class NotificationList(generics.ListAPIView):
    """我的站内通知，新的在前；unread=true 只列未读。"""

    serializer_class = s.NotificationSerializer

    def get_queryset(self):
        if schema_run(self):
            return Notification.objects.none()
        unread = self.request.query_params.get("unread") in {"true", "1"}
        return notice_selectors.notices_for(user=self.request.user, unread=unread)


class NotificationRead(APIView):
    """标记一条通知为已读（别人的通知：404）。"""

    @extend_schema(
        request=None,
        responses=inline_serializer(
            "NotificationReadResult", {"changed": serializers.BooleanField()}
        ),
    )
    def post(self, request, pk: int):
        notice = notice_selectors.notice_for(user=request.user, pk=pk)
        return Response({"changed": notice_services.notice_mark_read(notice=notice)})
