"""《社情民意信息》: the issues one sees, an issue's page, the adopted items it may take."""

from __future__ import annotations

from django.db.models import OuterRef, Prefetch

from core.queries import SubqueryCount

from ..models import Bulletin, BulletinItem, Opinion, Status


def bulletins(*, user):
    return _bulletin_list(Bulletin.objects.visible_to(user))


def _bulletin_list(queryset):
    return (
        queryset.select_related("committee", "signed_by")
        .annotate(item_count=SubqueryCount(BulletinItem.objects.filter(bulletin=OuterRef("pk"))))
        .order_by("-year", "-number", "-pk")
    )


def bulletin_detail(*, user):

    return (
        Bulletin.objects.visible_to(user)
        .select_related("committee", "signed_by", "created_by", "submitted_by")
        .prefetch_related(
            Prefetch(
                "items",
                queryset=BulletinItem.objects.select_related("opinion", "opinion__author").order_by(
                    "position", "pk"
                ),
            )
        )
    )


def compilable_opinions(*, bulletin):
    return (
        Opinion.objects.filter(
            committee_id=bulletin.committee_id, status=Status.ADOPTED, bulletin_item__isnull=True
        )
        .only("pk", "tracking_code", "title")
        .order_by("-decided_at", "-pk")
    )
