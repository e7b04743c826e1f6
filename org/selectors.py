"""Reads of the organisation shared by views, always scoped."""

from .models import Committee, Sector, SpecialCommittee


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
