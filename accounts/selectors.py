"""Reads of accounts shared by views, always scoped."""

from .models import LoginLockout


def login_lockouts(*, user):
    """Accounts currently locked for unknown clients, in the user's committee scope."""
    return (
        LoginLockout.objects.visible_to(user)
        .active()
        .select_related("user", "user__committee")
        .order_by("-created_at", "-pk")
    )
