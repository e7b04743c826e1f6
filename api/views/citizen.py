"""A signed-in citizen's own items through the API: the account page's list
(opinions.selectors.citizen_items) and claiming an item with its tracking code and key — the
tracking page's checks and limits (api.views.public.tracked), the web's service
(opinions.services.opinion_claim)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers
from rest_framework.response import Response

from opinions import selectors as opinion_selectors
from opinions import services as opinion_services
from opinions.models import Opinion

from .. import serializers as s
from ..conditional import ETagMixin
from ..permissions import rule
from .member import schema_run
from .public import tracked


class ClaimResultSerializer(serializers.Serializer):
    claimed = serializers.BooleanField(help_text="false：该建言已在“我的建言”中")
    opinion = s.TrackResultSerializer()


class MyClaimList(ETagMixin, generics.ListAPIView):
    """我的建言（群众账号）：登录后提交的和凭查询码认领的，显示公开的办理状态。POST 认领一条：
    查询码和查询密码（或完整手机号码），与查询页同样的校验和限制；已由其他账号认领时 400。"""

    permission_classes = [rule("dashboards.view_citizen_home")]
    serializer_class = s.CitizenItemSerializer

    def get_permissions(self):
        if self.request.method == "POST":
            return [rule("opinions.claim_opinion")()]
        return super().get_permissions()

    def get_queryset(self):
        if schema_run(self):
            return Opinion.objects.none()
        return opinion_selectors.citizen_items(user=self.request.user)

    @extend_schema(
        request=s.TrackRequestSerializer,
        responses={201: ClaimResultSerializer, 200: ClaimResultSerializer},
    )
    def post(self, request):
        opinion, refused = tracked(request)
        if refused is not None:
            return refused
        claimed = opinion_services.opinion_claim(opinion=opinion, by=request.user)
        body = {"claimed": claimed, "opinion": s.TrackResultSerializer(opinion).data}
        return Response(body, status=201 if claimed else 200)
