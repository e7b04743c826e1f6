from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from .selectors import unread_count


class _UnreadCount:
    """Counted when a template first asks (the bell), once per request; templates call it."""

    def __init__(self, user: Any) -> None:
        self.user = user
        self.value: int | None = None

    def __call__(self) -> int:
        if self.value is None:
            self.value = unread_count(user=self.user)
        return self.value


def notices(request: HttpRequest) -> dict[str, _UnreadCount]:
    """The bell's unread count: one query on a page that shows the bell, none for anonymous
    visitors (they have no bell)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notice_count": _UnreadCount(user)}
