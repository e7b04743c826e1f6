"""The two demo member accounts (``load_demo_member_accounts``): one municipal member and one of
达拉特旗 (paired with a grid manager), each linked to its member record and logging in by the
member's phone too. The other demo accounts are ``accounts.demo``'s."""

from __future__ import annotations

from accounts.demo import DemoAccountBook
from accounts.models import User
from org.demo import DemoOrg
from org.models import Committee

from ..models import Member


def load_demo_member_accounts(
    *, book: DemoAccountBook, org: DemoOrg, members: list[Member], paired_member_ids: set[int]
) -> None:
    committees = {c.code: c for c in org.committees}
    dalate = committees.get("dalate", org.banner_committees[0])
    for username, committee, sector_name in (
        ("member", org.municipal, "教育"),
        ("member_dlt", dalate, "农牧业"),
    ):
        member = _pick(members, paired_member_ids, committee, sector_name)
        book.add(
            username,
            User.Role.MEMBER,
            committee,
            member.name,
            member=member,
            phone=member.phone,
            note=f" — linked to member #{member.pk}, logs in by phone {member.phone} too",
        )


def _pick(
    members: list[Member], paired_member_ids: set[int], committee: Committee, sector_name: str
) -> Member:
    """The first active municipal- or banner-level member of the committee, preferably of the
    sector and (in a banner) paired with a grid manager."""
    candidates = [
        m
        for m in members
        if m.committee_id == committee.pk
        and m.status == Member.Status.ACTIVE
        and m.level in (Member.Level.MUNICIPAL, Member.Level.BANNER)
    ]
    preferred = [
        m
        for m in candidates
        if (sector_name is None or m.sector.name == sector_name)
        and (committee.is_municipal or m.pk in paired_member_ids)
    ]
    return (preferred or candidates)[0]
