"""The demo grid managers (网格员) of every banner's villages and the members paired with each
(``load_demo_grid_managers``): members of the grid's township first, then anyone of the
committee."""

from __future__ import annotations

import datetime
from collections import defaultdict

from core.demo import DemoPeople
from org.demo import DemoOrg

from ..models import GridManager, GridPairing, Member

PAIRING_FIRST_DAY = datetime.date(2022, 3, 1)
PAIRING_SPAN_DAYS = 1300


def load_demo_grid_managers(
    *, people: DemoPeople, org: DemoOrg, members: list[Member]
) -> tuple[list[GridManager], list[GridPairing]]:
    """One to three grid managers per village of every banner, each paired with one to three
    active members of that banner. Returns the managers and the pairings made."""
    rng = people.rng
    by_township: dict[int, list[Member]] = defaultdict(list)
    by_committee: dict[int, list[Member]] = defaultdict(list)
    for member in members:
        if member.status != Member.Status.ACTIVE or member.committee.is_municipal:
            continue
        by_committee[member.committee_id].append(member)
        if member.region_id:
            by_township[member.region_id].append(member)

    managers: list[GridManager] = []
    planned: list[list[Member]] = []
    for committee in org.banner_committees:
        for township in org.townships[committee.pk]:
            for village in org.villages.get(township.pk, []):
                taken: set[str] = set()
                for number in range(1, rng.randint(1, 3) + 1):
                    female = rng.random() < 0.45
                    mongolian = rng.random() < (0.5 if village.name.endswith("嘎查") else 0.15)
                    manager = GridManager(
                        committee=committee,
                        region=village,
                        name=people.unique_name(taken, female=female, mongolian=mongolian),
                        phone=people.phone("138"),
                        grid=f"{village.name}第{number}网格",
                        is_active=rng.random() < 0.95,
                    )
                    manager.clean_fields(exclude=["committee", "region"])
                    managers.append(manager)
                    # members of the township first, then anyone of the committee
                    local = by_township.get(township.pk, [])
                    others = [m for m in by_committee[committee.pk] if m not in local]
                    wanted = rng.randint(1, 3)
                    chosen = rng.sample(local, min(wanted, len(local)))
                    if len(chosen) < wanted and others:
                        chosen += rng.sample(others, min(wanted - len(chosen), len(others)))
                    planned.append(chosen)
    GridManager.objects.bulk_create(managers, batch_size=500)

    pairings = []
    for manager, chosen in zip(managers, planned, strict=True):
        for member in chosen:
            started = PAIRING_FIRST_DAY + datetime.timedelta(days=rng.randrange(PAIRING_SPAN_DAYS))
            pairings.append(
                GridPairing(
                    member=member,
                    grid_manager=manager,
                    started_on=started,
                    note="" if rng.random() < 0.7 else "每季度走访一次，联系群众反映问题",
                )
            )
    GridPairing.objects.bulk_create(pairings, batch_size=500)
    return managers, pairings
