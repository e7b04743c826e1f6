"""Loading the reference data (``org.reference.data``): the committees, terms, regions, sectors,
special committees, parties and expertise tags (``reference_data_load``) and the working-day
calendar's public holidays (``calendar_days_load``).

Loading is idempotent: records are matched on their natural keys and only created when missing, so
running it twice (or after an administrator edited names) adds nothing twice. Everything here is
data that administrators may edit afterwards in the admin site.
"""

from __future__ import annotations

import datetime

from django.db import transaction

from core.memo import changed as memo_changed

from ..apps import CALENDAR
from ..models import (
    CalendarDay,
    Committee,
    Expertise,
    Party,
    Region,
    Sector,
    SpecialCommittee,
    Term,
)
from .data import (
    BANNER_SECTORS,
    BANNER_SPECIAL_COMMITTEES,
    BANNERS,
    EXPERTISE,
    HOLIDAY_SCHEDULES,
    MONGOLIAN_NAMES,
    MUNICIPAL,
    PARTIES,
    SECTORS,
    SPECIAL_COMMITTEES,
    SUB_REGIONS,
    TOWNSHIP_MONGOLIAN_NAMES,
)

CHINESE_NUMERALS = "零一二三四五六七八九十"


def _add_mongolian_names(committee: Committee, banner: Region | None = None) -> None:
    """Fill the Mongolian names where they are still empty (an administrator's edit stays)."""
    short, full = MONGOLIAN_NAMES[committee.code]
    if not committee.name_mn or not committee.short_name_mn:
        committee.name_mn = committee.name_mn or full
        committee.short_name_mn = committee.short_name_mn or short
        committee.save(update_fields=["name_mn", "short_name_mn"])
    if banner is not None and not banner.name_mn:
        banner.name_mn = short
        banner.save(update_fields=["name_mn"])


def term_name(number: int) -> str:
    if number <= 10:
        text = CHINESE_NUMERALS[number]
    elif number < 20:
        text = "十" + CHINESE_NUMERALS[number - 10]
    else:
        text = (
            CHINESE_NUMERALS[number // 10]
            + "十"
            + (CHINESE_NUMERALS[number % 10] if number % 10 else "")
        )
    return f"第{text}届"


@transaction.atomic
def reference_data_load() -> dict[str, int]:
    """Create whatever reference data is missing. Returns how many rows of each kind it made."""
    made = dict.fromkeys(
        ["committees", "terms", "regions", "sectors", "special_committees", "parties", "expertise"],
        0,
    )

    def count(kind, created):
        if created:
            made[kind] += 1

    municipal, created = Committee.objects.get_or_create(
        code=MUNICIPAL[0],
        defaults={"name": MUNICIPAL[1], "short_name": MUNICIPAL[2], "level": "municipal"},
    )
    count("committees", created)
    _add_mongolian_names(municipal)
    for number, starts, ends, current in (
        (4, datetime.date(2017, 1, 10), datetime.date(2022, 1, 9), False),
        (5, datetime.date(2022, 1, 10), None, True),
    ):
        _, created = Term.objects.get_or_create(
            committee=municipal,
            number=number,
            defaults={
                "name": term_name(number),
                "starts_on": starts,
                "ends_on": ends,
                "is_current": current,
            },
        )
        count("terms", created)

    committees = [municipal]
    for order, (code, name, short, region_name, term_no, term_start) in enumerate(BANNERS, 1):
        committee, created = Committee.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "short_name": short,
                "level": "banner",
                "parent": municipal,
                "order": order,
            },
        )
        count("committees", created)
        committees.append(committee)
        banner, created = Region.objects.get_or_create(
            parent=None,
            name=region_name,
            defaults={"level": Region.Level.BANNER, "committee": committee},
        )
        count("regions", created)
        _add_mongolian_names(committee, banner)
        if committee.region_id is None:
            committee.region = banner
            committee.save(update_fields=["region"])
        _, created = Term.objects.get_or_create(
            committee=committee,
            number=term_no,
            defaults={"name": term_name(term_no), "starts_on": term_start, "is_current": True},
        )
        count("terms", created)
        for township_name, village_names in SUB_REGIONS[region_name].items():
            township, created = Region.objects.get_or_create(
                parent=banner,
                name=township_name,
                defaults={"level": Region.Level.TOWNSHIP, "committee": committee},
            )
            count("regions", created)
            if not township.name_mn and township_name in TOWNSHIP_MONGOLIAN_NAMES:
                township.name_mn = TOWNSHIP_MONGOLIAN_NAMES[township_name]
                township.save(update_fields=["name_mn"])
            for village_name in village_names:
                _, created = Region.objects.get_or_create(
                    parent=township,
                    name=village_name,
                    defaults={"level": Region.Level.VILLAGE, "committee": committee},
                )
                count("regions", created)

    for committee in committees:
        names = SECTORS if committee.is_municipal else BANNER_SECTORS
        sectors = {}
        for order, sector_name in enumerate(names, 1):
            sector, created = Sector.objects.get_or_create(
                committee=committee, name=sector_name, defaults={"order": order}
            )
            count("sectors", created)
            sectors[sector_name] = sector
        sc_names = SPECIAL_COMMITTEES if committee.is_municipal else BANNER_SPECIAL_COMMITTEES
        for order, sc_name in enumerate(sc_names, 1):
            special, created = SpecialCommittee.objects.get_or_create(
                committee=committee, name=sc_name, defaults={"order": order}
            )
            count("special_committees", created)
            if created:
                special.sectors.set(
                    [sectors[s] for s in SPECIAL_COMMITTEES[sc_name] if s in sectors]
                )

    for order, (party_name, kind) in enumerate(PARTIES, 1):
        _, created = Party.objects.get_or_create(
            name=party_name, defaults={"kind": kind, "order": order}
        )
        count("parties", created)
    for tag in EXPERTISE:
        _, created = Expertise.objects.get_or_create(name=tag)
        count("expertise", created)
    return made


# --- the working-day calendar (org.calendar) ---------------------------------------------------
def calendar_day_rows() -> list[tuple[datetime.date, str, str]]:
    """(date, kind, name) of every day in HOLIDAY_SCHEDULES."""
    rows: list[tuple[datetime.date, str, str]] = []
    for festivals in HOLIDAY_SCHEDULES.values():
        for name, (first, last), worked in festivals:
            day, end = datetime.date.fromisoformat(first), datetime.date.fromisoformat(last)
            while day <= end:
                rows.append((day, CalendarDay.Kind.HOLIDAY, name))
                day += datetime.timedelta(days=1)
            for iso in worked:
                rows.append((datetime.date.fromisoformat(iso), CalendarDay.Kind.WORKDAY, name))
    return rows


@transaction.atomic
def calendar_days_load() -> int:
    """Create the calendar days of HOLIDAY_SCHEDULES that are missing (a day staff changed in
    the admin is left as they set it). Returns how many it created. Kept apart from
    ``reference_data_load``, which the test suite loads for every test: tests pin their own
    calendar days, so the real schedule does not move their dates."""
    have = set(CalendarDay.objects.values_list("date", flat=True))
    missing = [
        CalendarDay(date=day, kind=kind, name=name)
        for day, kind, name in calendar_day_rows()
        if day not in have
    ]
    CalendarDay.objects.bulk_create(missing)
    if missing:
        memo_changed(CALENDAR)  # bulk_create sends no signals
    return len(missing)
