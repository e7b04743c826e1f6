"""Reads of 典型经验 shared by views, the home page and the demo data. Committee scope comes
from ScopedQuerySet.visible_to — never filtered here by hand."""

from __future__ import annotations

from django.db.models import Prefetch

from .models import Showcase, ShowcaseEvent


def public_showcases():
    return (
        Showcase.objects.filter(status=Showcase.Status.PUBLISHED)
        .select_related("committee")
        .prefetch_related("photos")
        .order_by("-published_at", "-pk")
    )


def latest_showcases(n: int = 3):
    """The home page's section."""
    return list(public_showcases()[:n])


def showcase_desk(*, user):
    return (
        Showcase.objects.visible_to(user)
        .select_related("committee", "created_by")
        .order_by("-updated_at", "-pk")
    )


def showcase_detail(*, user):
    return (
        showcase_desk(user=user)
        .prefetch_related(
            "photos", Prefetch("events", queryset=ShowcaseEvent.objects.select_related("actor"))
        )
        .select_related("activity", "opinion", "lecture_order")
    )
