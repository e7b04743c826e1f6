"""Reads shared by views, tasks and reports — always scoped to what the user may see."""

from django.db.models import Count, Prefetch, Q

from .models import Committee, GridManager, GridPairing, LoginLockout, Member, Region


def committees_visible_to(user):
    return Committee.objects.visible_to(user)


def committees_changeable_by(user):
    return Committee.objects.changeable_by(user)


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


def login_lockouts(*, user):
    """Accounts currently locked for unknown clients, in the user's committee scope."""
    return (
        LoginLockout.objects.visible_to(user)
        .active()
        .select_related("user", "user__committee")
        .order_by("-created_at", "-pk")
    )
