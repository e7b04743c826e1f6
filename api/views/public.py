"""The public side through the API: the 委员之家 directory (and, below, 我要建言 and tracking)."""

from __future__ import annotations

from rest_framework import generics
from rest_framework.permissions import AllowAny

from workstations import selectors as ws_selectors

from .. import serializers as s


class WorkstationList(generics.ListAPIView):
    """委员之家（联系点）目录：未撤销的全部委员之家。"""

    authentication_classes = []
    permission_classes = [AllowAny]
    serializer_class = s.WorkstationSerializer
    filterset_fields = ["committee", "kind"]

    def get_queryset(self):
        return ws_selectors.public_workstations()
