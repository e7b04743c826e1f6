"""The public pages' reads: an item found by its tracking code, and the lists the public forms
offer (committees, categories, the 委员之家 a 政协信箱 letter may be addressed to)."""

from __future__ import annotations

from django.db.models import Prefetch

from core.memo import PUBLIC, memo
from org.models import Committee, in_language

from ..models import Category, Opinion, OpinionEvent, Status


def tracking_candidate(code: str) -> Opinion | None:
    return (
        Opinion.objects.select_related("merged_into", "committee")
        .prefetch_related(
            Prefetch(
                "events", queryset=OpinionEvent.objects.filter(kind__in=OpinionEvent.PUBLIC_KINDS)
            )
        )
        .filter(tracking_code=code.strip()[:20].upper())  # stored upper-case (migration 0009)
        .exclude(status=Status.DRAFT)
        .first()
    )


def tracking_candidate_by_pk(pk: int) -> Opinion | None:
    return (
        Opinion.objects.select_related("merged_into", "committee")
        .prefetch_related(
            Prefetch(
                "events", queryset=OpinionEvent.objects.filter(kind__in=OpinionEvent.PUBLIC_KINDS)
            )
        )
        .filter(pk=pk)
        .exclude(status=Status.DRAFT)
        .first()
    )


def submission_committees():
    return Committee.objects.select_related("region").order_by("order")


def mailbox_workstations():
    """Open 委员之家 a 政协信箱 letter may be addressed to. The model is reached through the
    opinion's foreign key, not imported: workstations sit above opinions in the layer order (a
    duty shift turns a visitor's matter into an opinion), see docs/architecture.md."""
    workstation = Opinion._meta.get_field("workstation").related_model
    return workstation.objects.filter(status=workstation.Status.ACTIVE).select_related("committee")


# --- the public forms' lists (computed once per process, core.memo) --------------------------
def category_choices() -> tuple[tuple[int, str], ...]:
    """The active categories as (pk, name), in their order; the name in the page's language
    (the rows are kept once for every language, the name chosen per request)."""

    def build():
        active = Category.objects.filter(is_active=True).order_by("order", "pk")
        return tuple(active.values_list("pk", "name", "name_mn"))

    rows = memo(PUBLIC, "opinions.category_choices", build)
    return tuple((pk, in_language(name, name_mn)) for pk, name, name_mn in rows)


def mailbox_workstation_choices() -> tuple[tuple[int, int, str], ...]:
    """The workstations a letter may be addressed to as (pk, committee pk, "旗区 · name"), the
    旗区 in the page's language."""

    def build():
        return tuple(
            mailbox_workstations()
            .order_by("committee__order", "name", "pk")
            .values_list(
                "pk", "committee_id", "committee__short_name", "committee__short_name_mn", "name"
            )
        )

    rows = memo(PUBLIC, "opinions.mailbox_workstation_choices", build)
    return tuple(
        (pk, committee_id, f"{in_language(short, short_mn)} · {name}")
        for pk, committee_id, short, short_mn, name in rows
    )
