"""The demo member groups (``load_demo_groups``): every committee's members grouped by the
township they keep in touch with (编组下沉), and a few sector groups (界别活动组)."""

from __future__ import annotations

import random
from collections import defaultdict

from org.demo import DemoOrg

from ..models import Member, MemberGroup


def load_demo_groups(*, rng: random.Random, org: DemoOrg, members: list[Member]) -> int:
    """The groups of the active members (a township group needs three of them, a sector group's
    sector five). Returns how many groups were made."""
    active = [m for m in members if m.status == Member.Status.ACTIVE]
    groups: list[tuple[MemberGroup, list[Member]]] = []

    def leader_of(people: list[Member]) -> Member | None:
        standing = [m for m in people if m.is_standing]
        return (standing or people)[0] if people else None

    # 编组下沉: every committee's members are grouped by the township they keep in touch
    # with (municipal members, too, sink into the township they live in).
    by_township: dict[tuple[int, int], list[Member]] = defaultdict(list)
    for member in active:
        if member.region_id:
            by_township[member.committee_id, member.region_id].append(member)
    all_townships = [t for c in org.banner_committees for t in org.townships[c.pk]]
    for committee in org.committees:
        townships = all_townships if committee.is_municipal else org.townships[committee.pk]
        for township in townships:
            people = by_township.get((committee.pk, township.pk), [])
            if len(people) < 3:
                continue
            name = (
                f"市政协委员下沉{org.banner_region_name.get(township.pk, '')}{township.name}小组"
                if committee.is_municipal
                else f"{township.name}委员小组"
            )
            group = MemberGroup(
                committee=committee,
                name=name,
                kind=MemberGroup.Kind.DOWNWARD,
                region=township,
                leader=leader_of(people),
            )
            groups.append((group, people))

    # 界别活动组: a few of each committee's larger sectors.
    for committee in org.committees:
        by_sector: dict[int | None, list[Member]] = defaultdict(list)
        for member in active:
            if member.committee_id == committee.pk:
                by_sector[member.sector_id].append(member)
        large = [s for s in org.sectors[committee.pk] if len(by_sector[s.pk]) >= 5]
        for sector in rng.sample(large, min(6 if committee.is_municipal else 3, len(large))):
            people = by_sector[sector.pk]
            group = MemberGroup(
                committee=committee,
                name=f"{sector.name}界别活动组",
                kind=MemberGroup.Kind.SECTOR,
                sector=sector,
                leader=leader_of(people),
            )
            groups.append((group, people))

    for group, _people in groups:
        group.clean_fields(exclude=["committee", "region", "sector", "leader"])
    MemberGroup.objects.bulk_create([g for g, _ in groups])
    through = MemberGroup.members.through
    through.objects.bulk_create(
        [
            through(membergroup_id=group.pk, member_id=member.pk)
            for group, people in groups
            for member in people
        ],
        batch_size=500,
    )
    return len(groups)
