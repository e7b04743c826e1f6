"""Reads shared by views, tasks and reports — always scoped to what the user may see."""

from django.db.models import Count, Prefetch, Q

from org.models import Region

from .models import GridManager, GridPairing, Member


def member_directory(*, user):
    return (
        Member.objects.visible_to(user)
        .select_related("committee", "sector", "party", "special_committee")
        .prefetch_related("expertise")
    )


def member_detail(*, user):
    current_pairings = GridPairing.objects.current().select_related(
        "grid_manager", "grid_manager__region", "grid_manager__region__parent"
    )
    return (
        Member.objects.visible_to(user)
        .select_related(
            "committee",
            "term",
            "sector",
            "party",
            "special_committee",
            "region",
            "user",
            "updated_by",
        )
        .prefetch_related("expertise", Prefetch("pairings", queryset=current_pairings))
    )


def grid_managers(*, user):
    return (
        GridManager.objects.visible_to(user)
        .select_related("region", "region__parent", "committee")
        .annotate(paired_count=Count("pairings", filter=Q(pairings__ended_on__isnull=True)))
        .order_by("region__name", "name", "pk")
    )


def villages(*, user):
    return Region.objects.visible_to(user).filter(level=Region.Level.VILLAGE)


def village_detail(*, user):
    return villages(user=user).select_related("parent", "parent__parent", "committee")


def pairings_in_village(*, village):
    return (
        GridPairing.objects.current()
        .filter(grid_manager__region=village)
        .select_related("member", "member__sector", "member__committee", "grid_manager")
    )


def own_profile(*, user) -> Member:
    """The member profile linked to this account (no committee scope: it is their own)."""
    current_pairings = GridPairing.objects.current().select_related(
        "grid_manager", "grid_manager__region", "grid_manager__region__parent"
    )
    return (
        Member.objects.select_related(
            "committee", "term", "sector", "party", "special_committee", "region"
        )
        .prefetch_related("expertise", "groups", Prefetch("pairings", queryset=current_pairings))
        .get(user=user)
    )
