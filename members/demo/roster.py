"""The demo members (``load_demo_members``): every committee's members spread over its sectors by
weight, each with a place, work unit and position, party, special committee and expertise tags
as their sector has them."""

from __future__ import annotations

from core.demo import DemoPeople
from core.text import pinyin_sort_key
from org.demo import DemoOrg
from org.models import Committee, Expertise, Sector

from ..models import Member
from .workplaces import (
    CITY,
    COMPANY_WORDS,
    COOP_KINDS,
    DEFAULT_PROFILE,
    LAW_WORDS,
    SECTOR_PROFILES,
    company,
    village_head,
)

MUNICIPAL_MEMBERS = 300
BANNER_MEMBERS = (100, 150)
# Municipal members who do not work in a banner live and work in the city centre.
CITY_CENTRE_BANNERS = ("东胜区", "康巴什区")
# Banners with a larger Mongolian population.
PASTORAL_BANNERS = ("鄂托克旗", "鄂托克前旗", "乌审旗", "杭锦旗")

# Relative size of each sector (unknown, administrator-added sectors get the default).
SECTOR_WEIGHTS = {
    "中共": 30,
    "民革": 6,
    "民盟": 7,
    "民建": 8,
    "民进": 7,
    "农工党": 6,
    "致公党": 4,
    "九三学社": 6,
    "无党派人士": 10,
    "共青团": 6,
    "工会": 10,
    "妇联": 8,
    "工商联": 20,
    "科协": 8,
    "科技": 10,
    "社科": 6,
    "经济": 18,
    "农牧业": 18,
    "教育": 16,
    "文化艺术": 12,
    "医药卫生": 14,
    "体育": 5,
    "新闻出版": 6,
    "社会福利和社会保障": 10,
    "少数民族": 14,
    "宗教": 5,
    "特邀": 16,
}
DEFAULT_SECTOR_WEIGHT = 5

# sector → party name (democratic parties and the CPC sit in their own sector)
SECTOR_PARTY = {
    "中共": "中国共产党",
    "民革": "中国国民党革命委员会",
    "民盟": "中国民主同盟",
    "民建": "中国民主建国会",
    "民进": "中国民主促进会",
    "农工党": "中国农工民主党",
    "致公党": "中国致公党",
    "九三学社": "九三学社",
    "无党派人士": "无党派人士",
}
DEMOCRATIC_PARTIES = tuple(
    SECTOR_PARTY[s] for s in ("民革", "民盟", "民建", "民进", "农工党", "致公党", "九三学社")
)

SECTOR_EXPERTISE = {
    "中共": ("经济", "乡村振兴", "城乡建设", "社会保障"),
    "民革": ("法律", "文化"),
    "民盟": ("教育", "文化"),
    "民建": ("经济", "金融"),
    "民进": ("教育", "文化"),
    "农工党": ("卫生", "心理健康"),
    "致公党": ("经济", "科技"),
    "九三学社": ("科技", "生态", "能源"),
    "无党派人士": ("科技", "教育", "卫生", "法律"),
    "共青团": ("教育", "心理健康", "乡村振兴"),
    "工会": ("社会保障", "能源"),
    "妇联": ("社会保障", "心理健康", "教育"),
    "工商联": ("经济", "能源", "金融"),
    "科协": ("科技", "生态", "农牧业"),
    "科技": ("科技", "能源", "生态"),
    "社科": ("文化", "经济", "民族宗教"),
    "经济": ("经济", "金融"),
    "农牧业": ("农牧业", "乡村振兴", "生态"),
    "教育": ("教育", "心理健康"),
    "文化艺术": ("文化", "文化旅游"),
    "医药卫生": ("卫生", "心理健康"),
    "体育": ("教育", "文化旅游"),
    "新闻出版": ("文化",),
    "社会福利和社会保障": ("社会保障", "法律"),
    "少数民族": ("民族宗教", "文化", "农牧业"),
    "宗教": ("民族宗教", "文化"),
    "特邀": ("法律", "经济"),
}

# Share of women and of Mongolian members, by sector (default otherwise).
FEMALE_SHARE = {
    "妇联": 0.9,
    "教育": 0.5,
    "医药卫生": 0.45,
    "文化艺术": 0.45,
    "宗教": 0.1,
    "中共": 0.25,
    "工会": 0.3,
}
MONGOLIAN_SHARE = {"少数民族": 0.85, "宗教": 0.3, "文化艺术": 0.3}


def load_demo_members(*, people: DemoPeople, org: DemoOrg) -> list[Member]:
    """Make every committee's members (300 municipal ones, 100 to 150 in each banner) and their
    expertise tags. Returns them, saved, in the order made."""
    return _Roster(people, org).make()


def _allocate(total: int, sectors: list[Sector]) -> list[Sector]:
    """Split ``total`` members over the sectors by weight (largest remainder, ≥1 each)."""
    weights = [SECTOR_WEIGHTS.get(s.name, DEFAULT_SECTOR_WEIGHT) for s in sectors]
    spare = total - len(sectors)
    shares = [spare * w / sum(weights) for w in weights]
    counts = [1 + int(share) for share in shares]
    order = sorted(range(len(sectors)), key=lambda i: shares[i] - int(shares[i]), reverse=True)
    for i in order[: total - sum(counts)]:
        counts[i] += 1
    return [sector for sector, n in zip(sectors, counts, strict=True) for _ in range(n)]


class _Roster:
    def __init__(self, people: DemoPeople, org: DemoOrg) -> None:
        self.rng = people.rng
        self.people = people
        self.org = org

    def make(self) -> list[Member]:
        rng = self.rng
        members: list[Member] = []
        expertise_of: list[list[Expertise]] = []
        all_townships = [t for c in self.org.banner_committees for t in self.org.townships[c.pk]]
        for committee in self.org.committees:
            total = MUNICIPAL_MEMBERS if committee.is_municipal else rng.randint(*BANNER_MEMBERS)
            sectors = _allocate(total, self.org.sectors[committee.pk])
            taken: set[str] = set()
            levels = self.levels(committee, total)
            for sector, level in zip(sectors, levels, strict=True):
                member, tags = self.member(committee, sector, level, taken, all_townships)
                members.append(member)
                expertise_of.append(tags)
        Member.objects.bulk_create(members, batch_size=500)
        through = Member.expertise.through
        through.objects.bulk_create(
            [
                through(member_id=member.pk, expertise_id=tag.pk)
                for member, tags in zip(members, expertise_of, strict=True)
                for tag in tags
            ],
            batch_size=500,
        )
        return members

    def levels(self, committee: Committee, total: int) -> list[str]:
        rng = self.rng
        if committee.is_municipal:
            levels: list[str] = [Member.Level.MUNICIPAL] * total
            picks = rng.sample(range(total), 15)
            for i in picks[:3]:
                levels[i] = Member.Level.NATIONAL
            for i in picks[3:]:
                levels[i] = Member.Level.REGION
            return levels
        return [
            Member.Level.MUNICIPAL if rng.random() < 0.05 else Member.Level.BANNER
            for _ in range(total)
        ]

    def member(self, committee, sector, level, taken, all_townships):
        rng = self.rng
        # Where the member lives and works: their banner, or (municipal members) the city centre
        # or one of the banners.
        if committee.is_municipal:
            if rng.random() < 0.55:
                place = CITY
                candidates = [
                    t
                    for t in all_townships
                    if self.org.banner_region_name.get(t.pk) in CITY_CENTRE_BANNERS
                ] or all_townships
            else:
                banner = rng.choice(self.org.banner_committees)
                place = banner.short_name
                candidates = self.org.townships[banner.pk] or all_townships
        else:
            place = committee.short_name
            candidates = self.org.townships[committee.pk] or all_townships
        if sector.name == "农牧业":
            rural = [t for t in candidates if not t.name.endswith("街道")]
            candidates = rural or candidates
        township = rng.choice(candidates) if candidates else None
        villages = self.org.villages.get(township.pk, []) if township else []
        village = rng.choice(villages).name if villages else "新民村"

        female = rng.random() < FEMALE_SHARE.get(sector.name, 0.3)
        mongolian_share = MONGOLIAN_SHARE.get(sector.name, 0.15)
        if place in PASTORAL_BANNERS:
            mongolian_share = max(mongolian_share, 0.25)
        mongolian = rng.random() < mongolian_share
        if mongolian:
            ethnicity = "蒙古族"
        else:
            roll = rng.random()
            ethnicity = "回族" if roll < 0.03 else "满族" if roll < 0.04 else "汉族"

        unit_template, positions = rng.choice(SECTOR_PROFILES.get(sector.name, DEFAULT_PROFILE))
        values = {
            "p": place,
            "t": township.name if township else "",
            "v": village,
            "head": village_head(village),
            "co": company(rng, place),
            "firm": f"内蒙古{rng.choice(LAW_WORDS)}律师事务所",
            "law": rng.choice(LAW_WORDS),
            "coop": f"{place}{rng.choice(COMPANY_WORDS)}{rng.choice(COOP_KINDS)}"
            f"{'牧民' if village.endswith('嘎查') else '农民'}专业合作社",
        }
        work_unit = unit_template.format(**values)
        position = rng.choice(positions).format(**values)

        specials = self.org.specials_by_sector.get(sector.pk, [])
        if specials and rng.random() < 0.8:
            special = rng.choice(specials)
        elif self.org.specials[committee.pk] and rng.random() < 0.4:
            special = rng.choice(self.org.specials[committee.pk])
        else:
            special = None

        party_name = SECTOR_PARTY.get(sector.name)
        if party_name is None:
            roll = rng.random()
            if sector.name == "宗教":
                party_name = None
            elif sector.name == "特邀" and roll < 0.4:
                party_name = rng.choice(DEMOCRATIC_PARTIES)
            elif roll < 0.55:
                party_name = "中国共产党"
            elif roll < 0.65:
                party_name = "无党派人士"
        party = self.org.parties.get(party_name) if party_name else None

        tags = list(SECTOR_EXPERTISE.get(sector.name, ()))
        rng.shuffle(tags)
        tags = tags[: rng.randint(1, min(2, len(tags)))] if tags else []
        if len(tags) < 3 and rng.random() < 0.35:
            tags.append(rng.choice(list(self.org.expertise)))
        tags = [self.org.expertise[t] for t in dict.fromkeys(tags) if t in self.org.expertise]

        roll = rng.random()
        status = (
            Member.Status.ACTIVE
            if roll < 0.95
            else Member.Status.SUSPENDED
            if roll < 0.98
            else Member.Status.LEFT
        )
        member = Member(
            committee=committee,
            term=self.org.terms.get(committee.pk),
            name=self.people.unique_name(taken, female=female, mongolian=mongolian),
            gender=Member.Gender.FEMALE if female else Member.Gender.MALE,
            ethnicity=ethnicity,
            birth_year=int(rng.triangular(1958, 1994, 1973)),
            level=level,
            sector=sector,
            special_committee=special,
            party=party,
            is_standing=rng.random() < 0.12,
            work_unit=work_unit[:100],
            position=position[:60],
            region=township,
            phone=self.people.phone("139"),
            status=status,
        )
        member.clean_fields(
            exclude=[
                "committee",
                "term",
                "sector",
                "special_committee",
                "party",
                "region",
                "user",
                "updated_by",
            ]
        )
        member.sort_key = pinyin_sort_key(member.name, person=True)  # bulk_create calls no save()
        return member, tags
