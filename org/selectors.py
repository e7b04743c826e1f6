"""Reads of the organisation shared by views, always scoped."""

from __future__ import annotations

import dataclasses

from core.memo import PUBLIC, memo

from .models import Committee, Region, Sector, SpecialCommittee, in_language


def committees_visible_to(user):
    return Committee.objects.visible_to(user)


def committees_changeable_by(user):
    return Committee.objects.changeable_by(user)


def name_choices(model, committees) -> list[tuple[str, str]]:
    """Choices by name for a per-committee list (界别, 专委会): a municipal user picks "教育" once
    for all ten committees."""
    names = (
        model.objects.filter(committee__in=committees)
        .order_by("order", "name")
        .values_list("name", flat=True)
    )
    return [(n, n) for n in dict.fromkeys(names)]


def sector_choices(committees) -> list[tuple[str, str]]:
    return name_choices(Sector, committees)


def special_committee_choices(committees) -> list[tuple[str, str]]:
    return name_choices(SpecialCommittee, committees)


# --- the public forms' committees and places (computed once per process, core.memo) ----------
@dataclasses.dataclass(frozen=True)
class CommitteeRow:
    pk: int
    name: str
    short_name: str
    is_municipal: bool
    short_name_mn: str = ""
    name_mn: str = ""

    @property
    def local_short_name(self) -> str:
        """Resolved per request: the rows are kept once for every language (core.memo)."""
        return in_language(self.short_name, self.short_name_mn)

    @property
    def local_name(self) -> str:
        return in_language(self.name, self.name_mn)


@dataclasses.dataclass(frozen=True)
class Place:
    """A 苏木乡镇 (township) or 嘎查村 (village) as the public forms offer it, with its Mongolian
    name (and its township's) where it has one (issue 16)."""

    pk: int
    committee_id: int
    level: str
    name: str
    parent_name: str  # a village's township ("" for a township)
    name_mn: str = ""
    parent_name_mn: str = ""

    @property
    def local_name(self) -> str:
        """Resolved per request, as ``CommitteeRow.local_short_name``."""
        return in_language(self.name, self.name_mn)

    @property
    def label(self) -> str:
        if not self.parent_name:
            return self.local_name
        return f"{in_language(self.parent_name, self.parent_name_mn)} · {self.local_name}"

    @property
    def is_township(self) -> bool:
        return self.level == Region.Level.TOWNSHIP


def committee_rows() -> tuple[CommitteeRow, ...]:
    """Every committee in its order."""

    def build():
        rows = Committee.objects.order_by("order", "pk").values_list(
            "pk", "name", "short_name", "level", "short_name_mn", "name_mn"
        )
        return tuple(
            CommitteeRow(pk, name, short, level == Committee.Level.MUNICIPAL, short_mn, name_mn)
            for pk, name, short, level, short_mn, name_mn in rows
        )

    return memo(PUBLIC, "org.committee_rows", build)


def places() -> dict[int, tuple[Place, ...]]:
    """Each committee's places below the 旗区, every township followed by its villages (in the
    order of their Chinese names, whatever the page's language)."""

    def build():
        rows = Region.objects.exclude(level=Region.Level.BANNER).values_list(
            "pk", "committee_id", "level", "name", "parent__name", "name_mn", "parent__name_mn"
        )
        found: dict[int, list[tuple]] = {}
        for pk, committee_id, level, name, parent_name, name_mn, parent_mn in rows:
            village = level == Region.Level.VILLAGE and parent_name
            place = Place(
                pk,
                committee_id,
                level,
                name,
                parent_name if village else "",
                name_mn,
                (parent_mn or "") if village else "",
            )
            group = parent_name if village else name
            found.setdefault(committee_id, []).append(((group, bool(village), name, pk), place))
        return {
            committee_id: tuple(place for _key, place in sorted(rows, key=lambda row: row[0]))
            for committee_id, rows in found.items()
        }

    return memo(PUBLIC, "org.places", build)


def places_of(committee_id: int) -> tuple[Place, ...]:
    return places().get(committee_id, ())


def sector_names() -> tuple[str, ...]:
    """Every committee's 界别 names, each once, in their order (the public directory's filter)."""

    def build():
        names = Sector.objects.order_by("order", "name").values_list("name", flat=True)
        return tuple(dict.fromkeys(names))

    return memo(PUBLIC, "org.sector_names", build)
