"""Model field factories for declarations that repeat across apps.

A factory returns the same field a hand-written declaration would (the same deconstruction), so
using it changes no migration.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.db import models
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise as Label  # the stubs' str | lazy str
else:
    Label = str

# django's on_delete handlers (CASCADE, PROTECT, SET_NULL…) are plain callables
OnDelete = Callable[..., Any]


def _optional(verbose_name: Label, on_delete: OnDelete, related_name: str) -> dict[str, Any]:
    return {
        "verbose_name": verbose_name,
        "null": True,
        "blank": True,
        "on_delete": on_delete,
        "related_name": related_name,
    }


def optional_fk(
    to: str | type[models.Model],
    verbose_name: Label,
    *,
    on_delete: OnDelete = models.SET_NULL,
    related_name: str = "+",
) -> models.ForeignKey[Any, Any]:
    """An optional link (``null=True, blank=True``); cleared when the target goes, by default."""
    return models.ForeignKey(to, **_optional(verbose_name, on_delete, related_name))


def optional_one_to_one(
    to: str | type[models.Model],
    verbose_name: Label,
    *,
    on_delete: OnDelete = models.SET_NULL,
    related_name: str = "+",
) -> models.OneToOneField[Any, Any]:
    """An optional one-to-one link (``null=True, blank=True``)."""
    return models.OneToOneField(to, **_optional(verbose_name, on_delete, related_name))


COMMITTEE = _("所属政协")


def committee_fk(related_name: str, verbose_name: Label = COMMITTEE) -> models.ForeignKey[Any, Any]:
    """The committee (政协组织) a record belongs to: its scope. A committee with records stays."""
    return models.ForeignKey(
        "org.Committee",
        verbose_name=verbose_name,
        on_delete=models.PROTECT,
        related_name=related_name,
    )


MEMBER = _("委员")


def member_fk(
    related_name: str, verbose_name: Label = MEMBER, *, on_delete: OnDelete = models.CASCADE
) -> models.ForeignKey[Any, Any]:
    """The member (委员) a record is about: goes with the member, unless ``on_delete`` says
    otherwise (``PROTECT`` where the record is evidence of their work)."""
    return models.ForeignKey(
        "members.Member",
        verbose_name=verbose_name,
        on_delete=on_delete,
        related_name=related_name,
    )


def unique_while_null(fields: list[str], null_field: str, name: str) -> models.UniqueConstraint:
    """At most one row per ``fields`` among those whose ``null_field`` is still empty: one current
    assignment or pairing (``ended_on``), one active ledger entry (``reversed_at``)."""
    return models.UniqueConstraint(
        fields=fields, condition=models.Q(**{f"{null_field}__isnull": True}), name=name
    )
