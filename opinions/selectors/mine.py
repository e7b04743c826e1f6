"""A member's own items and a citizen's."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q

from ..models import Opinion, OpinionEvent, Status


def member_items(*, member):
    return (
        Opinion.objects.filter(author=member)
        .select_related("category", "committee")
        .annotate(co_author_count=Count("co_authors"))
        .order_by("-updated_at", "-pk")
    )


def member_item_detail(*, member):
    return (
        Opinion.objects.filter(author=member)
        .select_related("category", "region", "region__parent", "merged_into")
        .prefetch_related(
            "co_authors",
            "attachments",
            Prefetch("events", queryset=OpinionEvent.objects.select_related("actor")),
        )
    )


MEMBER_TODO = (Status.DRAFT, Status.RETURNED)


def member_items_to_do(*, member):
    """草稿和退回修改: the member's items waiting for them."""
    return member_items(member=member).filter(status__in=MEMBER_TODO)


def citizen_items(*, user):
    """Everything a citizen submitted while signed in, or claimed with its code and key."""
    if not user.is_authenticated:
        return Opinion.objects.none()
    return (
        Opinion.objects.filter(Q(created_by=user) | Q(claimed_by=user))
        .exclude(status=Status.DRAFT)
        .select_related("committee", "merged_into")
        .only(
            "pk",
            "tracking_code",
            "title",
            "status",
            "submitted_at",
            "committee__short_name",
            "merged_into__tracking_code",
        )
        .order_by("-submitted_at", "-pk")
    )
