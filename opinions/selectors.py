"""Reads shared by the desk, the exports, the member pages and the tracking page."""

from __future__ import annotations

import difflib

from django.db import connection
from django.db.models import Count, Prefetch

from members.models import Committee, Region, User

from .models import Attachment, Opinion, OpinionEvent, Status


def desk_opinions(*, user):
    return Opinion.objects.visible_to(user).exclude(status=Status.DRAFT).select_related(
        "committee", "category", "region", "region__parent", "assignee"
    )


def desk_detail(*, user):
    return desk_opinions(user=user).select_related("author", "merged_into", "created_by").prefetch_related(
        Prefetch("events", queryset=OpinionEvent.objects.select_related("actor")),
        Prefetch("attachments", queryset=Attachment.objects.order_by("pk")),
        "co_authors",
        Prefetch("merged_opinions", queryset=Opinion.objects.only(
            "pk", "tracking_code", "title", "merged_into_id", "committee_id")),
    )


def assignable_staff(*, committee_id: int):
    return User.objects.filter(
        is_active=True, role__in=[User.Role.STAFF, User.Role.ADMIN], committee_id=committee_id
    ).order_by("name", "username")


def _bigrams(text: str) -> set[str]:
    text = "".join(text.split())
    return {text[i : i + 2] for i in range(len(text) - 1)}


def similar_opinions(*, opinion: Opinion, limit: int = 5):
    """Same committee, similar title/content. PostgreSQL: pg_trgm similarity on the title and
    the start of the content; elsewhere: character-bigram overlap over the latest 500."""
    base = (
        Opinion.objects.filter(committee_id=opinion.committee_id)
        .exclude(pk=opinion.pk)
        .exclude(status=Status.DRAFT)
        .only("pk", "tracking_code", "title", "status", "submitted_at", "committee_id")
    )
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import TrigramSimilarity
        from django.db.models.functions import Left

        return list(
            base.annotate(
                similarity=TrigramSimilarity("title", opinion.title)
                + TrigramSimilarity(Left("content", 200), opinion.content[:200])
            )
            .filter(similarity__gt=0.25)
            .order_by("-similarity")[:limit]
        )
    target = _bigrams(opinion.title) | _bigrams(opinion.content[:200])
    if not target:
        return []
    scored = []
    for other in base.only("pk", "tracking_code", "title", "content", "status", "submitted_at")[:500]:
        grams = _bigrams(other.title) | _bigrams(other.content[:200])
        if not grams:
            continue
        score = len(target & grams) / len(target | grams)
        score = max(score, difflib.SequenceMatcher(None, opinion.title, other.title).ratio() * 0.6)
        if score > 0.2:
            other.similarity = round(score, 2)
            scored.append(other)
    scored.sort(key=lambda o: o.similarity, reverse=True)
    return scored[:limit]


def member_items(*, member):
    return (
        Opinion.objects.filter(author=member)
        .select_related("category", "committee")
        .annotate(co_author_count=Count("co_authors"))
        .order_by("-updated_at", "-pk")
    )


def member_item_detail(*, member):
    return Opinion.objects.filter(author=member).select_related(
        "category", "region", "region__parent", "merged_into"
    ).prefetch_related(
        "co_authors", "attachments",
        Prefetch("events", queryset=OpinionEvent.objects.select_related("actor")),
    )


def tracking_candidate(code: str) -> Opinion | None:
    return (
        Opinion.objects.select_related("merged_into", "committee")
        .prefetch_related(Prefetch("events", queryset=OpinionEvent.objects.filter(
            kind__in=OpinionEvent.PUBLIC_KINDS)))
        .filter(tracking_code__iexact=code.strip()[:20])
        .exclude(status=Status.DRAFT)
        .first()
    )


def submission_committees():
    return Committee.objects.select_related("region").order_by("order")


def subregions(*, committee_id):
    return (
        Region.objects.filter(committee_id=committee_id)
        .exclude(level=Region.Level.BANNER)
        .select_related("parent")
        .order_by("parent__name", "level", "name")
    )
