"""Demo data of ``org`` for ``load_demo_data``: the reference data indexed the way the demo
loaders walk it (``DemoOrg``), and the departments of every committee with a contact each
(``load_demo_departments``). The reference data itself comes from ``org.reference``."""

from __future__ import annotations

from collections import defaultdict

from core.demo import DemoPeople
from core.text import pinyin_sort_key

from .models import Committee, Department, Expertise, Party, Region, Sector, SpecialCommittee, Term

MUNICIPAL_DEPARTMENTS = (
    "市委办公室",
    "市人民政府办公室",
    "市发展和改革委员会",
    "市教育局",
    "市科学技术局",
    "市民政局",
    "市财政局",
    "市人力资源和社会保障局",
    "市自然资源局",
    "市生态环境局",
    "市住房和城乡建设局",
    "市交通运输局",
    "市水利局",
    "市农牧局",
    "市商务局",
    "市文化和旅游局",
    "市卫生健康委员会",
    "市应急管理局",
    "市市场监督管理局",
    "市医疗保障局",
    "市林业和草原局",
    "市城市管理综合执法局",
    "市公安局",
    "市能源局",
)
BANNER_DEPARTMENTS = (
    "人民政府办公室",
    "发展和改革委员会",
    "教育局",
    "民政局",
    "财政局",
    "人力资源和社会保障局",
    "自然资源局",
    "住房和城乡建设局",
    "交通运输局",
    "水利局",
    "农牧局",
    "文化和旅游局",
    "卫生健康委员会",
    "应急管理局",
    "市场监督管理局",
    "医疗保障局",
    "公安局",
    "林业和草原局",
)


class DemoOrg:
    """Committees, current terms, sectors, special committees, parties, expertise tags and the
    regions, read once in a fixed order (the demo is deterministic for a given seed)."""

    def __init__(self) -> None:
        self.committees = list(Committee.objects.order_by("order", "pk"))
        self.municipal = next(c for c in self.committees if c.is_municipal)
        self.terms = {
            t.committee_id: t for t in Term.objects.filter(is_current=True).order_by("pk")
        }
        self.sectors: dict[int, list[Sector]] = defaultdict(list)
        for sector in Sector.objects.order_by("order", "pk"):
            self.sectors[sector.committee_id].append(sector)
        # special committees that look after each sector
        self.specials_by_sector: dict[int, list[SpecialCommittee]] = defaultdict(list)
        self.specials: dict[int, list[SpecialCommittee]] = defaultdict(list)
        through = SpecialCommittee.sectors.through
        links = defaultdict(list)
        for sc_id, sector_id in through.objects.order_by("pk").values_list(
            "specialcommittee_id", "sector_id"
        ):
            links[sc_id].append(sector_id)
        for special in SpecialCommittee.objects.order_by("order", "pk"):
            self.specials[special.committee_id].append(special)
            for sector_id in links[special.pk]:
                self.specials_by_sector[sector_id].append(special)
        self.parties = {p.name: p for p in Party.objects.all()}
        self.expertise = {e.name: e for e in Expertise.objects.order_by("pk")}

        regions = list(Region.objects.order_by("pk"))
        by_id = {r.pk: r for r in regions}
        self.townships: dict[int, list[Region]] = defaultdict(list)  # by committee
        self.villages: dict[int, list[Region]] = defaultdict(list)  # by township
        self.banner_region_name: dict[int, str] = {}  # township id → banner name
        for region in regions:
            if region.level == Region.Level.TOWNSHIP:
                self.townships[region.committee_id].append(region)
                parent = by_id.get(region.parent_id)
                self.banner_region_name[region.pk] = parent.name if parent else ""
            elif region.level == Region.Level.VILLAGE and region.parent_id:
                self.villages[region.parent_id].append(region)
        self.banner_committees = [c for c in self.committees if not c.is_municipal]


def load_demo_departments(*, people: DemoPeople, committees: list[Committee]) -> int:
    """Each committee's departments (the municipal ones, or a banner's own and the municipal
    ecology bureau's branch) unless they exist, each with a made-up contact. Returns how many
    were made."""
    rng = people.rng
    wanted: list[tuple[Committee, str]] = []
    for committee in committees:
        if committee.is_municipal:
            names = list(MUNICIPAL_DEPARTMENTS)
        else:
            names = [committee.short_name + n for n in BANNER_DEPARTMENTS]
            names.append(f"鄂尔多斯市生态环境局{committee.short_name}分局")
        wanted.extend((committee, name) for name in names)
    existing = set(Department.objects.values_list("committee_id", "name"))
    rows = []
    for number, (committee, name) in enumerate(wanted, start=1):
        if (committee.pk, name) in existing:
            continue
        department = Department(
            committee=committee,
            name=name,
            # told by e-mail of forwardings while it has no account (console in the demo)
            contact_email=f"dept{number:03d}@{committee.code}.example.gov.cn",
            contact_name=people.person_name(female=rng.random() < 0.5, mongolian=False),
            contact_phone="0477-" + "".join(str(rng.randrange(10)) for _ in range(7)),
        )
        department.clean_fields(exclude=["committee"])
        department.sort_key = pinyin_sort_key(name)  # bulk_create calls no save()
        rows.append(department)
    Department.objects.bulk_create(rows)
    return len(rows)
