"""The review desk's reads: its list and an item's page, the staff an item may be assigned to,
similar items, and the items a leader may open to record a 批示."""

from __future__ import annotations

import datetime
import difflib
import re

from django.contrib.postgres.search import TrigramDistance, TrigramSimilarity
from django.db import connection
from django.db.models import BigIntegerField, Prefetch, Subquery, Value
from django.db.models.functions import Cast, Left
from django.utils import timezone

from accounts.models import User

from ..models import Attachment, Forwarding, Opinion, OpinionEvent, Status


def desk_opinions(*, user):
    return (
        Opinion.objects.visible_to(user)
        .exclude(status=Status.DRAFT)
        .select_related("committee", "category", "region", "region__parent", "assignee")
    )


def desk_detail(*, user):
    return (
        desk_opinions(user=user)
        .select_related("author", "merged_into", "created_by", "workstation")
        .prefetch_related(
            Prefetch("events", queryset=OpinionEvent.objects.select_related("actor")),
            Prefetch("attachments", queryset=Attachment.objects.order_by("pk")),
            "co_authors",
            "instructions",
            Prefetch(
                "merged_opinions",
                queryset=Opinion.objects.only(
                    "pk", "tracking_code", "title", "merged_into_id", "committee_id"
                ),
            ),
        )
    )


def assignable_staff(*, committee_id: int):
    return User.objects.filter(
        is_active=True, role__in=[User.Role.STAFF, User.Role.ADMIN], committee_id=committee_id
    ).order_by("name", "username")


# "关于……的建议" frames nearly every title; compared with it, unrelated titles look alike.
TITLE_FRAME = re.compile(r"^关于|的(建议|意见|提议|问题)$|(建议|问题)$")


def _title_core(title: str) -> str:
    return TITLE_FRAME.sub("", title.strip()) or title


def _bigrams(text: str) -> set[str]:
    text = "".join(text.split())
    return {text[i : i + 2] for i in range(len(text) - 1)}


SIMILAR_WINDOW = datetime.timedelta(days=365)
SIMILAR_CANDIDATES = 20
SIMILAR_MIN_SCORE = 0.25


def _similar_candidates(opinion: Opinion):
    """Where similar items are looked for: the same committee and category (none: no category),
    submitted within a year before or after this one, drafts and the item itself left out."""
    around = opinion.submitted_at or timezone.now()
    return (
        Opinion.objects.filter(
            # bigint on both sides: btree_gist's operators in the GiST index are not cross-type
            committee_id=_bigint(opinion.committee_id),
            category_id=_bigint(opinion.category_id),
            submitted_at__gte=around - SIMILAR_WINDOW,
            submitted_at__lte=around + SIMILAR_WINDOW,
        )
        .exclude(pk=opinion.pk)
        .exclude(status=Status.DRAFT)
    )


def _bigint(value: int | None):
    return None if value is None else Cast(Value(value), BigIntegerField())


def similar_opinions(*, opinion: Opinion, limit: int = 5):
    """Up to ``limit`` items like this one (``_similar_candidates``), most similar first.

    PostgreSQL: the 20 nearest titles by pg_trgm distance (a KNN walk of the GiST index of
    migration 0009, which holds committee and category too), then scored by title similarity
    plus the similarity of the first 200 characters of the content, over 0.25. One query, and
    its cost does not grow with the number of candidates. Elsewhere: character-bigram overlap
    over the latest 500 candidates."""
    base = _similar_candidates(opinion)
    fields = ("pk", "tracking_code", "title", "status", "submitted_at", "committee_id")
    if connection.vendor == "postgresql":
        nearest = base.order_by(TrigramDistance("title", opinion.title)).values("pk")
        return list(
            Opinion.objects.filter(pk__in=Subquery(nearest[:SIMILAR_CANDIDATES]))
            .only(*fields)
            .annotate(
                similarity=TrigramSimilarity("title", opinion.title)
                + TrigramSimilarity(Left("content", 200), opinion.content[:200])
            )
            .filter(similarity__gt=SIMILAR_MIN_SCORE)
            .order_by("-similarity", "-pk")[:limit]
        )
    target = _bigrams(opinion.title) | _bigrams(opinion.content[:200])
    if not target:
        return []
    scored = []
    for other in base.only(*fields, "content").order_by("-submitted_at", "-pk")[:500]:
        grams = _bigrams(other.title) | _bigrams(other.content[:200])
        if not grams:
            continue
        score = len(target & grams) / len(target | grams)
        title_ratio = difflib.SequenceMatcher(
            None, _title_core(opinion.title), _title_core(other.title)
        ).ratio()
        score = max(score, title_ratio * 0.6)
        if score > 0.2:
            other.similarity = round(score, 2)
            scored.append(other)
    scored.sort(key=lambda o: o.similarity, reverse=True)
    return scored[:limit]


def instruction_items(*, user):
    """Items a leader may open to record a 批示: submitted items of the committees they see,
    with what the page shows (the text and earlier instructions)."""
    return (
        Opinion.objects.visible_to(user)
        .exclude(status=Status.DRAFT)
        .select_related("committee", "category", "region", "author")
        .prefetch_related(
            "instructions",
            Prefetch(
                "forwardings",
                queryset=Forwarding.objects.select_related("department").order_by(
                    "-role", "pk"
                ),  # the lead first
            ),
        )
    )
