"""Committee scope: the one place that decides which committees' records a user may see or change.

A municipal user (鄂尔多斯市政协) sees the records of all ten committees and changes the municipal
ones; a banner/district user sees and changes only their own committee's records. Every selector
goes through :class:`ScopedQuerySet` — views never filter by committee themselves.
"""

from __future__ import annotations

from django.db import models


def _user_committee(user):
    if not getattr(user, "is_authenticated", False):
        return None
    return getattr(user, "committee", None)


def sees_all_committees(user) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    committee = _user_committee(user)
    return committee is not None and committee.is_municipal


def visible_committee_ids(user) -> set[int] | None:
    """``None`` means every committee; an empty set means none."""
    if sees_all_committees(user):
        return None
    committee = _user_committee(user)
    return {committee.pk} if committee is not None else set()


def can_see_committee(user, committee_id: int | None) -> bool:
    ids = visible_committee_ids(user)
    return ids is None or committee_id in ids


def can_change_committee(user, committee_id: int | None) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    return committee_id is not None and committee_id == user.committee_id


class ScopedQuerySet(models.QuerySet):
    """Adds ``visible_to(user)`` and ``changeable_by(user)`` keyed on ``scope_lookup``."""

    scope_lookup = "committee"

    def visible_to(self, user):
        ids = visible_committee_ids(user)
        if ids is None:
            return self
        if not ids:
            return self.none()
        return self.filter(**{f"{self.scope_lookup}__in": ids})

    def changeable_by(self, user):
        if not getattr(user, "is_authenticated", False):
            return self.none()
        if user.is_superuser:
            return self
        if user.committee_id is None:
            return self.none()
        return self.filter(**{self.scope_lookup: user.committee_id})
