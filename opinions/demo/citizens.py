"""The demo citizen's own opinions (``load_demo_citizen_items``)."""

from __future__ import annotations

from accounts.models import User

from ..models import Channel, Opinion, Status


def load_demo_citizen_items(*, username: str = "citizen", count: int = 3) -> int:
    """The demo citizen account submitted a few of the 我要建言 items signed in: its account page
    lists them (dashboards:citizen). Returns how many."""
    user = User.objects.filter(username=username, role=User.Role.CITIZEN).first()
    if user is None or Opinion.objects.filter(created_by=user).exists():
        return 0
    picked = list(
        Opinion.objects.filter(channel=Channel.WEB, is_anonymous=False, created_by=None)
        .exclude(status=Status.DRAFT)
        .order_by("pk")
        .values_list("pk", flat=True)[:count]
    )
    return Opinion.objects.filter(pk__in=picked).update(created_by=user, submitter_name=user.name)
