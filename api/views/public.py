"""The public side through the API: the 委员之家 directory, 我要建言, tracking and rating. The
submission and the lookup run the web pages' own forms, services and limits (opinions.forms,
opinions.services, opinions.abuse, opinions.tracking); only the answer's shape differs."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from core.forms import add_service_errors
from opinions import abuse, selectors, tracking
from opinions import services as opinion_services
from opinions.forms import PublicOpinionForm, RatingForm, TrackingForm, matter_kwargs
from opinions.models import Channel, Opinion
from workstations import selectors as ws_selectors

from .. import serializers as s
from ..exceptions import problem
from ..formdata import form_data as _form_data


class WorkstationList(generics.ListAPIView):
    """委员之家（联系点）目录：未撤销的全部委员之家。"""

    authentication_classes: list[type] = []
    permission_classes = [AllowAny]
    serializer_class = s.WorkstationSerializer
    filterset_fields = ["committee", "kind"]

    def get_queryset(self):
        return ws_selectors.public_workstations()


def _problem_with_captcha(form, *, status: int = 400):
    """The form's errors as a problem, with a new CAPTCHA challenge when the form asks for one
    (each challenge is single use; the image is at captcha_image)."""
    errors = {field: [str(e) for e in errs] for field, errs in form.errors.items()}
    response = problem(status, _("请检查标注的字段。"), errors=errors)
    challenge = getattr(form, "challenge", None) if form.need_captcha else None
    if challenge:
        response.data["captcha_challenge"] = challenge
        response.data["captcha_image"] = reverse("opinions:captcha", args=[challenge])
    return response


class SubmissionView(APIView):
    """我要建言：GET 取得一份空表（计时令牌、防重复令牌、可选的类别和旗区，需要时附验证码）；
    POST 提交（JSON 或 multipart，附件字段 attachments）。与网页同一表单、同一服务：同样的校验、
    个人信息处理告知同意、防重复令牌和每个地址的提交次数限制。"""

    permission_classes = [AllowAny]
    throttle_classes: list[type] = []  # the form's own per-address limit (opinions.abuse) applies
    channel = Channel.WEB

    @extend_schema(responses=s.SubmissionFormSerializer)
    def get(self, request):
        ip = abuse.client_ip(request)
        form = PublicOpinionForm(
            need_captcha=abuse.captcha_required(ip), mailbox=self.channel == Channel.MAILBOX
        )
        challenge = getattr(form, "challenge", None) if form.need_captcha else None
        data = {
            **PublicOpinionForm.fresh_tokens(),
            "captcha_challenge": challenge,
            "captcha_image": reverse("opinions:captcha", args=[challenge]) if challenge else None,
            "categories": _choices(form.fields["category"]),
            "committees": _choices(form.fields["committee"]),
        }
        if "workstation" in form.fields:
            data["workstations"] = _choices(form.fields["workstation"])
        return Response(data)

    @extend_schema(
        request={
            "application/json": s.SubmissionRequestSerializer,
            "multipart/form-data": s.SubmissionRequestSerializer,
        },
        responses={201: s.SubmissionResultSerializer, 200: s.SubmissionResultSerializer},
    )
    def post(self, request):
        ip = abuse.client_ip(request)
        posts_so_far = abuse.record_submission(ip)
        if posts_so_far > settings.SUBMISSION_LIMIT_PER_HOUR:
            return problem(429, _("提交过于频繁，请一小时后再试。"))
        need_captcha = posts_so_far - 1 >= settings.SUBMISSION_CAPTCHA_AFTER
        form = PublicOpinionForm(
            data=_form_data(request.data),
            files=request.FILES,
            need_captcha=need_captcha,
            mailbox=self.channel == Channel.MAILBOX,
        )
        if not form.is_valid():
            if posts_so_far >= settings.SUBMISSION_CAPTCHA_AFTER:
                form.require_captcha()
            return _problem_with_captcha(form)
        data = form.cleaned_data
        try:
            opinion, key = opinion_services.opinion_submit_public(
                channel=self.channel,
                is_anonymous=data["is_anonymous"],
                consent=data["consent"],
                dedupe_token=data.get("token") or None,
                language=translation.get_language(),
                flags=form.abuse_flags(),
                user=request.user,
                workstation=data.get("workstation"),
                **matter_kwargs(data),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return _problem_with_captcha(form)
        body = {"tracking_code": opinion.tracking_code, "key": key}
        return Response(body, status=201 if key is not None else 200)


class MailboxSubmissionView(SubmissionView):
    """政协信箱：与“我要建言”相同，另可写给一个委员之家（workstation；GET 的 workstations 列出可选的）。"""

    channel = Channel.MAILBOX

    @extend_schema(responses=s.MailboxFormSerializer)
    def get(self, request):
        return super().get(request)

    @extend_schema(
        request={
            "application/json": s.MailboxRequestSerializer,
            "multipart/form-data": s.MailboxRequestSerializer,
        },
        responses={201: s.SubmissionResultSerializer, 200: s.SubmissionResultSerializer},
    )
    def post(self, request):
        return super().post(request)


def tracked(request) -> tuple[Opinion | None, Response | None]:
    """The lookup of the tracking page (opinions.tracking: its limits, its hash checks): the
    item whose code and key (or full phone number) the body proves, or the problem to answer."""
    ip = abuse.client_ip(request)
    if tracking.ip_blocked(ip):
        return None, problem(429, _("查询失败次数过多，请一小时后再试。"))
    data = _form_data(request.data)
    code = TrackingForm.normalize_code(data.get("code", ""))
    form = TrackingForm(data, need_captcha=tracking.code_needs_captcha(code))
    if not form.is_valid():
        if "captcha" in form.errors and data.get("captcha"):
            tracking.wrong_captcha(ip)
        form.renew_captcha()
        return None, _problem_with_captcha(form)
    opinion = tracking.find(ip=ip, code=form.cleaned_data["code"], key=form.cleaned_data["key"])
    if opinion is None:
        form.add_error(None, _("查询码与查询密码（或手机号码）不匹配，请核对后再试。"))
        form.renew_captcha()
        return None, _problem_with_captcha(form)
    return opinion, None


class TrackView(APIView):
    """凭查询码和查询密码（或完整手机号码）查询办理进度。与网页同样的限制：同一地址失败过多
    暂停一小时（429）；同一查询码失败过多需要验证码。可以评价时（已答复，或不满意可申请重新办理）
    附 rating_token，两小时内用于评价。"""

    permission_classes = [AllowAny]
    throttle_classes: list[type] = []  # opinions.tracking's per-address and per-code limits apply

    @extend_schema(request=s.TrackRequestSerializer, responses=s.TrackResultSerializer)
    def post(self, request):
        opinion, refused = tracked(request)
        if refused is not None:
            return refused
        return Response(s.TrackResultSerializer(opinion).data)


class RateView(APIView):
    """评价答复：带回查询结果中的 rating_token（两小时内有效），满意度 satisfaction，可选评价意见；
    不满意时 rehandle=true 申请重新办理（只能一次，评价后也可单独申请）。与网页同一表单和服务
    （opinions.services.opinion_give_feedback）：已评价过、不能再申请时 409；令牌过期或无效时 400。"""

    permission_classes = [AllowAny]

    @extend_schema(request=s.RatingRequestSerializer, responses=s.TrackResultSerializer)
    def post(self, request):
        data = _form_data(request.data)
        opinion = tracking.opinion_for_rating(data.get("token", ""))
        if opinion is None:
            raise ValidationError({"token": _("页面已过期，请重新查询后再评价。")})
        form = RatingForm(data)
        if not form.is_valid():
            raise ValidationError(form.errors.as_data())
        opinion_services.opinion_give_feedback(  # TransitionError: 409
            opinion=opinion,
            satisfaction=form.cleaned_data["satisfaction"],
            comment=form.cleaned_data["comment"],
            rehandle=form.cleaned_data["rehandle"],
        )
        opinion = selectors.tracking_candidate_by_pk(opinion.pk)
        return Response(s.TrackResultSerializer(opinion).data)


def _choices(field) -> list[dict]:
    return [
        {"id": int(pk), "label": str(label)} for pk, label in field.choices if pk not in ("", None)
    ]
