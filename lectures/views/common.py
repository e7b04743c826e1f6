"""What the 委员讲堂 pages share: a number read from the query string, the committees to choose
from."""

from __future__ import annotations

from org.models import Committee


def _int(value: str | None) -> int | None:
    value = (value or "").strip()
    return int(value) if value.isascii() and value.isdigit() and len(value) < 10 else None


def _committees():
    return Committee.objects.order_by("order", "pk")
