"""Demo workstations for ``load_demo_data``: in every 旗区 a 委员之家 in several 苏木/镇/街道, a
委员工作室 in a 嘎查/村/社区, a 协商议事室, a 界别委员之家 and a 界别群众联系点; municipal 界别委员之家 and
the 线上委员之家; members assigned with their roles (and a few invited municipal members); and this
month's duty rotas (past shifts served, a few missed). Bulk-created; deterministic for a given rng.

Call ``load_demo_workstations(rng=rng)`` after the members exist, then
``members.demo_activities.load_demo_activities(rng=rng)`` (which turns served shifts into
activities and builds the ledger).
"""

from __future__ import annotations

import calendar
import datetime
import random

from django.db import transaction
from django.utils import timezone

from members.models import Member
from org.models import Committee, Region, Sector

from .models import DutyShift, ShiftEvent, Workstation, WorkstationMember

RULES_TEXT = (
    "一、委员之家在所在党组织领导和政协工作指导下开展工作，以市、旗区政协委员为主体。\n\n"
    "二、实行委员值班制度，值班委员按时到岗，接待群众来访，认真记录群众反映的问题。\n\n"
    "三、群众反映的事项，能当场解答的当场解答；需要反映的，整理为社情民意信息报送政协。\n\n"
    "四、每季度至少开展一次协商议事活动，活动情况及时报政协办公室备案。"
)
SECTOR_HOMES = ("农牧业", "经济", "教育", "医药卫生", "工商联", "科技")
T9, T12, T15, T18 = (datetime.time(9), datetime.time(12), datetime.time(15), datetime.time(18))


def _phone(rng):
    return "0477-" + "".join(str(rng.randrange(10)) for _ in range(7))


@transaction.atomic
def load_demo_workstations(*, rng: random.Random, today: datetime.date | None = None) -> dict:
    """Create the demo workstations, assignments and this month's rotas unless some exist."""
    if Workstation.objects.exists():
        return {"workstations": 0, "assignments": 0, "shifts": 0}
    today = today or timezone.localdate()
    committees = list(Committee.objects.order_by("order"))
    townships = {}
    for region in Region.objects.filter(level=Region.Level.TOWNSHIP).order_by("name"):
        townships.setdefault(region.committee_id, []).append(region)
    villages = {}
    for region in Region.objects.filter(level=Region.Level.VILLAGE).order_by("name"):
        villages.setdefault(region.parent_id, []).append(region)
    sectors = {(s.committee_id, s.name): s for s in Sector.objects.all()}

    workstations: list[Workstation] = []

    def add(committee, kind, name, **fields):
        workstations.append(
            Workstation(
                committee=committee,
                kind=kind,
                name=name[:80],
                rules=RULES_TEXT,
                contact_name="办公室",
                contact_phone=_phone(rng),
                established_on=datetime.date(rng.choice((2021, 2022, 2023)), rng.randint(1, 12), 1),
                status=Workstation.Status.ACTIVE,
                **fields,
            )
        )

    for committee in committees:
        if committee.is_municipal:
            add(
                committee,
                Workstation.Kind.ONLINE,
                "鄂尔多斯市政协线上委员之家",
                online_url="https://www.ordoszx.gov.cn/wyzj/",
                opening_hours="全天在线",
                host_organisation="市政协机关党组",
            )
            for name in ("经济", "教育", "医药卫生"):
                sector = sectors.get((committee.pk, name))
                if sector is not None:
                    add(
                        committee,
                        Workstation.Kind.SECTOR_HOME,
                        f"市政协{name}界别委员之家",
                        sector=sector,
                        address="康巴什区市政协机关",
                        opening_hours="每月第一个星期三 9:00-12:00",
                        host_organisation="市政协机关党组",
                    )
            continue
        places = townships.get(committee.pk, [])
        short = committee.short_name
        for i, township in enumerate(places[:4]):
            add(
                committee,
                Workstation.Kind.HOME,
                f"{township.name}委员之家",
                region=township,
                address=f"{short}{township.name}党群服务中心",
                is_pilot=i == 0,
                opening_hours="每周三 9:00-12:00",
                host_organisation=f"{township.name}党委",
            )
        if places:
            village = (villages.get(places[0].pk) or [None])[0]
            if village is not None:
                add(
                    committee,
                    Workstation.Kind.STUDIO,
                    f"{village.name}委员工作室",
                    region=village,
                    address=f"{places[0].name}{village.name}便民服务站",
                    opening_hours="每月10日、20日 15:00-18:00",
                    host_organisation=f"{village.name}党支部",
                )
            add(
                committee,
                Workstation.Kind.ROOM,
                f"{places[-1].name}协商议事室",
                region=places[-1],
                address=f"{places[-1].name}政务服务中心二楼",
                opening_hours="每月20日 15:00-18:00",
                host_organisation=f"{places[-1].name}党委",
            )
        for name in rng.sample(SECTOR_HOMES, 2):
            sector = sectors.get((committee.pk, name))
            if sector is None:
                continue
            kind = rng.choice((Workstation.Kind.SECTOR_HOME, Workstation.Kind.SECTOR_POINT))
            label = "界别委员之家" if kind == Workstation.Kind.SECTOR_HOME else "界别群众联系点"
            add(
                committee,
                kind,
                f"{short}{name}{label}",
                sector=sector,
                address=f"{short}政协机关",
                opening_hours="每月10日 9:00-12:00",
                host_organisation=f"{short}政协机关党支部",
            )
    for workstation in workstations:
        workstation.clean_fields()
    Workstation.objects.bulk_create(workstations)
    workstations = list(Workstation.objects.select_related("sector").order_by("pk"))

    # --- members -------------------------------------------------------------------------
    members_by_committee: dict[int, list[Member]] = {}
    for member in Member.objects.filter(status=Member.Status.ACTIVE).order_by("pk"):
        members_by_committee.setdefault(member.committee_id, []).append(member)
    municipal = next((c for c in committees if c.is_municipal), None)
    municipal_members = members_by_committee.get(municipal.pk, []) if municipal else []
    assignments: list[WorkstationMember] = []
    joined = datetime.date(today.year - 1, 3, 1)
    for workstation in workstations:
        pool = members_by_committee.get(workstation.committee_id, [])
        if workstation.sector_id:
            same_sector = [m for m in pool if m.sector_id == workstation.sector_id]
            pool = same_sector if len(same_sector) >= 3 else pool
        chosen = rng.sample(pool, min(len(pool), rng.randint(4, 7)))
        for i, member in enumerate(chosen):
            role = (
                WorkstationMember.Role.CONVENER
                if i == 0
                else WorkstationMember.Role.LIAISON
                if i == 1
                else WorkstationMember.Role.MEMBER
            )
            assignments.append(
                WorkstationMember(
                    workstation=workstation, member=member, role=role, joined_on=joined
                )
            )
        if (
            workstation.kind == Workstation.Kind.HOME
            and municipal_members
            and workstation.committee_id != getattr(municipal, "pk", None)
        ):
            assignments.append(
                WorkstationMember(
                    workstation=workstation,
                    member=rng.choice(municipal_members),
                    role=WorkstationMember.Role.MEMBER,
                    is_invited=True,
                    joined_on=joined,
                )
            )
    WorkstationMember.objects.bulk_create(assignments, ignore_conflicts=True)

    # --- this month's rotas ------------------------------------------------------------------
    by_workstation: dict[int, list[Member]] = {}
    for a in assignments:
        by_workstation.setdefault(a.workstation_id, []).append(a.member)
    last_day = calendar.monthrange(today.year, today.month)[1]
    month_days = [datetime.date(today.year, today.month, d) for d in range(1, last_day + 1)]
    shifts: list[DutyShift] = []
    for workstation in workstations:
        duty = by_workstation.get(workstation.pk, [])
        if not duty or workstation.kind == Workstation.Kind.ONLINE:
            continue
        if workstation.kind == Workstation.Kind.HOME:
            dates = [d for d in month_days if d.weekday() == 2]
            kind, start, end = DutyShift.Kind.DUTY, T9, T12
        else:
            dates = [d for d in month_days if d.day in (10, 20)]
            kind, start, end = DutyShift.Kind.RECEPTION, T15, T18
        for i, date in enumerate(dates):
            member = duty[i % len(duty)]
            status = DutyShift.Status.PLANNED
            visitors, checked_in = 0, None
            if date < today:
                status = DutyShift.Status.SERVED if rng.random() < 0.9 else DutyShift.Status.MISSED
                if status == DutyShift.Status.SERVED:
                    visitors = rng.randint(2, 15)
                    checked_in = timezone.make_aware(datetime.datetime.combine(date, start))
            shifts.append(
                DutyShift(
                    workstation=workstation,
                    member=member,
                    kind=kind,
                    date=date,
                    starts_at=start,
                    ends_at=end,
                    status=status,
                    visitors_count=visitors,
                    checked_in_at=checked_in,
                    notes="接待群众来访，解答政策咨询。" if visitors else "",
                )
            )
    DutyShift.objects.bulk_create(shifts, batch_size=500)
    ShiftEvent.objects.bulk_create(
        [
            ShiftEvent(
                shift=s,
                kind=ShiftEvent.Kind.PLANNED,
                to_status="planned",
                created_at=timezone.make_aware(datetime.datetime.combine(s.date.replace(day=1), T9))
                - datetime.timedelta(days=3),
            )
            for s in DutyShift.objects.only("pk", "date")
        ],
        batch_size=500,
    )
    return {
        "workstations": len(workstations),
        "assignments": len(assignments),
        "shifts": len(shifts),
    }
