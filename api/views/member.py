"""The member's own records through the API: the same selectors (and so the same rows) as the
member's pages, the same role rules (members.view_own_profile, liaison.view_activity …)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import generics, serializers
from rest_framework.exceptions import ValidationError as DRFValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from ledger import selectors as ledger_selectors
from ledger.models import ITEM_CHOICES
from liaison import selectors as liaison_selectors
from liaison import services as liaison_services
from liaison.forms import ActivityForm
from liaison.models import Activity
from liaison.workflows import ACTIVITY
from members import selectors as member_selectors
from notifications import selectors as notice_selectors
from notifications import services as notice_services
from notifications.models import Notification
from opinions import selectors as opinion_selectors
from opinions import services as opinion_services
from opinions.forms import MemberOpinionForm
from opinions.models import Opinion
from opinions.services import TransitionError
from opinions.views.mine import MyOpinionUpdateView
from workstations import selectors as shift_selectors
from workstations.models import DutyShift
from workstations.views.shifts import SHIFT_STEPS
from workstations.workflows import SHIFT

from .. import serializers as s
from ..conditional import ETagMixin
from ..formdata import form_data
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


class MyOpinionList(ETagMixin, generics.ListAPIView):
    """我的社情民意（含草稿），新的在前。POST 写一条草稿（JSON 或 multipart，附件字段
    attachments），与网页同一表单和服务；action=submit 时保存后提交审核。"""

    permission_classes = [member_rule("opinions.submit_member_item")]
    serializer_class = s.MyOpinionSerializer
    filterset_fields = ["status"]

    def get_queryset(self):
        if schema_run(self):
            return Opinion.objects.none()
        return opinion_selectors.member_items(member=self.request.user.member)

    @extend_schema(
        request={
            "application/json": s.MemberOpinionRequestSerializer,
            "multipart/form-data": s.MemberOpinionRequestSerializer,
        },
        responses={201: s.MyOpinionSerializer},
    )
    def post(self, request):
        opinion = save_member_opinion(request, opinion=None)
        return Response(s.MyOpinionSerializer(opinion).data, status=201)


def save_member_opinion(request, *, opinion: Opinion | None) -> Opinion:
    """The member's item form (opinions.forms.MemberOpinionForm) into the web's service: a new
    draft, or the draft or returned item ``opinion`` changed; ``action=submit`` submits it too."""
    member = request.user.member
    data = form_data(request.data)
    form = MemberOpinionForm(data=data, files=request.FILES, member=member)
    if not form.is_valid():
        raise ValidationError(form.errors.as_data())
    values = form.cleaned_data
    opinion = opinion_services.opinion_save_draft(
        by=request.user,
        author=member,
        opinion=opinion,
        title=values["title"],
        content=values["content"],
        analysis=values["analysis"],
        suggestion=values["suggestion"],
        category=values["category"],
        region=values.get("region"),
        co_authors=values["co_authors"],
        uploads=values["attachments"],
    )
    if data.get("action") == "submit":
        opinion_services.opinion_submit_member(opinion=opinion, by=request.user)
    return opinion_selectors.member_items(member=member).get(pk=opinion.pk)


class MyOpinionDetail(APIView):
    """我的一条社情民意（本人的；其他 404）：全文、联名委员、附件名、退回修改意见，editable 表示
    现在可以修改（草稿或退回修改的）。PUT 修改它（与网页“修改”同一表单和服务，新附件追加；
    action=submit 时保存后提交）；已提交审核的不能修改：409。"""

    permission_classes = [member_rule("opinions.submit_member_item")]

    def _own(self, request, pk: int) -> Opinion:
        return get_object_or_404(
            opinion_selectors.member_item_detail(member=request.user.member), pk=pk
        )

    def _answer(self, request, pk: int) -> Response:
        return Response(s.MyOpinionDetailSerializer(self._own(request, pk)).data)

    @extend_schema(responses=s.MyOpinionDetailSerializer)
    def get(self, request, pk: int):
        return self._answer(request, pk)

    @extend_schema(
        request={
            "application/json": s.MemberOpinionRequestSerializer,
            "multipart/form-data": s.MemberOpinionRequestSerializer,
        },
        responses=s.MyOpinionDetailSerializer,
    )
    def put(self, request, pk: int):
        opinion = self._own(request, pk)
        if not opinion_services.is_editable(opinion):
            raise TransitionError(str(MyOpinionUpdateView.not_editable))
        save_member_opinion(request, opinion=opinion)  # the service checks again, locked
        return self._answer(request, pk)


class MyOpinionSubmit(APIView):
    """提交一条草稿（或退回修改的）社情民意审核（本人的；其他 404；状态不允许时 409）。"""

    permission_classes = [member_rule("opinions.submit_member_item")]

    @extend_schema(request=None, responses=s.MyOpinionSerializer)
    def post(self, request, pk: int):
        member = request.user.member
        opinion = get_object_or_404(opinion_selectors.member_items(member=member), pk=pk)
        opinion_services.opinion_submit_member(opinion=opinion, by=request.user)
        opinion = opinion_selectors.member_items(member=member).get(pk=pk)
        return Response(s.MyOpinionSerializer(opinion).data)


class MyShiftList(ETagMixin, generics.ListAPIView):
    """我的值班。"""

    permission_classes = [member_rule("workstations.view_my_shifts")]
    serializer_class = s.ShiftSerializer
    filterset_fields = ["status"]

    def get_queryset(self):
        if schema_run(self):
            return DutyShift.objects.none()
        return shift_selectors.my_shifts(member=self.request.user.member)


class MyActivityList(ETagMixin, generics.ListAPIView):
    """我的履职活动：本人填报的（含草稿）和参加的。POST 填报一项活动（JSON 或 multipart，
    照片字段 photos），与网页同一表单和服务；action=submit 时保存后提交工作人员确认。"""

    permission_classes = [member_rule("liaison.log_activity")]
    serializer_class = s.ActivitySerializer
    filterset_fields = ["status", "type"]

    def get_queryset(self):
        if schema_run(self):
            return Activity.objects.none()
        return liaison_selectors.my_activities(member=self.request.user.member)

    @extend_schema(
        request={
            "application/json": s.ActivityCreateSerializer,
            "multipart/form-data": s.ActivityCreateSerializer,
        },
        responses={201: s.ActivityDetailSerializer, 200: s.ActivityDetailSerializer},
    )
    def post(self, request):
        member = request.user.member
        data = form_data(request.data)
        form = ActivityForm(data=data, files=request.FILES, member=member)
        if not form.is_valid():
            raise ValidationError(form.errors.as_data())
        values = dict(form.cleaned_data)
        token = values.pop("token", "") or None
        repeat = (
            bool(token) and Activity.objects.filter(dedupe_token=token, reporter=member).exists()
        )
        activity = liaison_services.activity_save(
            by=request.user,
            reporter=member,
            dedupe_token=token,
            photos=values.pop("photos"),
            **values,
        )
        if data.get("action") == "submit" and ACTIVITY.can(activity, "submit"):
            liaison_services.activity_submit(activity=activity, by=request.user)
        activity = liaison_selectors.activity_detail(user=request.user).get(pk=activity.pk)
        return Response(s.ActivityDetailSerializer(activity).data, status=200 if repeat else 201)


class ActivityDetail(generics.RetrieveAPIView):
    """一项履职活动：本人的、参加的，或（工作人员、领导）本级已提交的；其他一律 404。"""

    permission_classes = [rule("liaison.view_activity")]
    serializer_class = s.ActivityDetailSerializer

    def get_queryset(self):
        return liaison_selectors.activity_detail(user=self.request.user)


class NotificationList(ETagMixin, generics.ListAPIView):
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


class LedgerSummary(APIView):
    """我的履职积分：某年（默认今年）的总分、等次和各项目得分。"""

    permission_classes = [member_rule("ledger.view_own_ledger")]

    @extend_schema(
        parameters=[OpenApiParameter("year", int, required=False)],
        responses=s.LedgerSummarySerializer,
    )
    def get(self, request):
        member = request.user.member
        raw = request.query_params.get("year", "")
        year = timezone.localdate().year
        if raw:
            if not (raw.isascii() and raw.isdigit() and 2000 <= int(raw) <= 2100):
                raise DRFValidationError({"year": [_("请填写 2000 至 2100 之间的年份。")]})
            year = int(raw)
        score = ledger_selectors.score_for(member=member, year=year)
        labels = dict(ITEM_CHOICES)
        items = [
            {**row, "label": str(labels.get(row["item"], row["item"]))}
            for row in ledger_selectors.ledger_breakdown(member=member, year=year)
        ]
        body = {
            "year": year,
            "total": score.total if score else None,
            "grade": (score.grade or score.computed_grade) if score else "",
            "items": items,
        }
        return Response(s.LedgerSummarySerializer(body).data)


class ShiftStep(APIView):
    """值班的一步：check-in（签到）、record（接待情况）、matter（群众反映的事项转社情民意）、
    swap（申请换班）。与值班页面同一张表（workstations.views.shifts.SHIFT_STEPS）：同样的表单、
    服务和规则；本人的值班（或本级工作人员），之外 404；状态不允许时 409。"""

    permission_classes = [rule("workstations.act_on_shift")]

    @extend_schema(
        parameters=[OpenApiParameter("action", str, OpenApiParameter.PATH, enum=list(SHIFT_STEPS))],
        request={
            "application/json": s.ShiftStepSerializer,
            "multipart/form-data": s.ShiftStepSerializer,
        },
        responses=s.ShiftStepResultSerializer,
    )
    def post(self, request, pk: int, action: str):
        step = SHIFT_STEPS.get(action)
        if step is None:
            raise Http404
        shift = get_object_or_404(shift_selectors.shift_detail(user=request.user), pk=pk)
        SHIFT.check_actor(shift, step.action, request.user)
        data: dict = {}
        if step.form is not None:
            prefix = step.form(shift, None).prefix
            raw = form_data(request.data)
            prefixed = MultiValueDict({f"{prefix}-{key}": raw.getlist(key) for key in raw})
            form = step.form(shift, prefixed)
            if not form.is_valid():
                raise ValidationError(form.errors.as_data())
            data = form.cleaned_data
        message = step.call(request, shift, data)
        shift = shift_selectors.my_shifts(member=shift.member).get(pk=shift.pk)
        return Response({"message": str(message), "shift": s.ShiftSerializer(shift).data})
