"""Demo 委员讲堂 for ``load_demo_data``: a menu of lectures across the fields and
the ten committees (most on the menu, some waiting for review, one returned, a draft), orders in
every state — the demo member accounts ``member`` and ``member_dlt`` have orders waiting for them
(one past the three days), accepted, scheduled, delivered and rated (the 典型经验 written from
them: ``showcases.demo``).

Written like the other demo modules: rows and their events made directly with the states and
dates a real history would have; a delivered order's activity and ledger fact through the same
functions the services call (``liaison.services.activity_from_record``,
``ledger.services.ledger_on_lecture_delivered``). Call after ``load_demo_activities``. Returns
counts and the private link of one delivered order (printed by the command).
"""

from __future__ import annotations

import datetime
import random
import secrets

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from ledger import services as ledger
from ledger.models import ActivityType
from liaison.services import activity_from_record
from members.models import Member
from org.models import Committee

from .models import (
    LectureField,
    LectureOffering,
    LectureOfferingEvent,
    LectureOrder,
    LectureOrderEvent,
    LectureOrderSequence,
    token_digest,
)

F = LectureField
OS = LectureOffering.Status
S = LectureOrder.Status
Kind = LectureOrderEvent.Kind

LECTURES = {
    F.EDUCATION: [
        ("家庭教育中的亲子沟通", "家长"),
        ("牧区孩子的双语学习", "中小学生家长"),
        ("青少年网络素养", "中学生"),
    ],
    F.SCIENCE: [("智慧农牧业新技术", "农牧民"), ("新能源与碳达峰", "企业职工")],
    F.CULTURE: [("鄂尔多斯婚礼与非遗保护", "社区居民"), ("红色文化与伊克昭盟历史", "党员群众")],
    F.HEALTH: [
        ("老年人慢病管理", "老年人"),
        ("冬季常见病预防", "社区居民"),
        ("中医四季养生", "中老年人"),
    ],
    F.LAW: [
        ("民法典与百姓生活", "社区居民"),
        ("防范电信网络诈骗", "老年人"),
        ("农民工工资权益保护", "务工人员"),
    ],
    F.ECOLOGY: [("库布其治沙的经验", "中学生"), ("黄河流域生态保护", "机关干部")],
    F.ECONOMY: [
        ("小微企业纾困政策解读", "企业经营者"),
        ("农畜产品电商销售", "农牧民"),
        ("个人养老金与理财常识", "职工"),
    ],
    F.OTHER: [("政协委员怎样联系群众", "社区干部")],
}
ORGANISATIONS = [
    ("community", "{town}{n}社区", "社区活动室"),
    ("village", "{town}{n}嘎查", "嘎查党群服务中心"),
    ("enterprise", "{town}一家农畜产品公司", "公司会议室"),
    ("school", "{town}第{n}中学", "学校报告厅"),
    ("window", "{town}政务服务大厅", "大厅培训室"),
]
TOWNS = ["林荫街道", "树林召镇", "薛家湾镇", "阿勒腾席热镇", "锡尼镇", "嘎鲁图镇", "乌兰镇"]
SURNAMES = "王李张刘陈杨赵黄周吴"


def _at(days_ago: float, hour: int = 10) -> datetime.datetime:
    now = timezone.now()
    base = now - datetime.timedelta(days=days_ago)
    return base.replace(hour=hour, minute=0, second=0, microsecond=0)


def _office(committee: Committee) -> User | None:
    return User.objects.filter(committee=committee, role=User.Role.STAFF).order_by("pk").first()


@transaction.atomic
def load_demo_lectures(*, rng: random.Random) -> dict:
    committees = list(Committee.objects.order_by("order", "pk"))
    accounts = {
        u.username: u
        for u in User.objects.filter(username__in=["member", "member_dlt"]).select_related("member")
    }
    offerings: list[LectureOffering] = []
    items = [
        (field, title, audience) for field, rows in LECTURES.items() for title, audience in rows
    ]
    # the demo members' own offerings first: one on the menu, one waiting for review
    for username, statuses in (
        ("member", (OS.APPROVED, OS.SUBMITTED)),
        ("member_dlt", (OS.APPROVED, OS.DRAFT)),
    ):
        user = accounts.get(username)
        if user is None or getattr(user, "member", None) is None:
            continue
        for status in statuses:
            field, title, audience = items.pop(rng.randrange(len(items)))
            offerings.append(_offering(user.member, field, title, audience, status, rng))
    for i, committee in enumerate(committees):
        members = list(
            Member.objects.filter(committee=committee, status=Member.Status.ACTIVE).order_by("pk")[
                :40
            ]
        )
        if not members:
            continue
        for j in range(3 if committee.is_municipal or i % 2 else 2):
            field, title, audience = rng.choice(items)
            status = OS.APPROVED
            if j == 2 and i % 3 == 0:
                status = OS.SUBMITTED
            if j == 1 and i == 4:
                status = OS.REJECTED
            offerings.append(_offering(rng.choice(members), field, title, audience, status, rng))
    approved = [o for o in offerings if o.status == OS.APPROVED]

    year = timezone.localdate().year
    sequence, _ = LectureOrderSequence.objects.get_or_create(year=year)
    link = ""
    orders = 0

    def order(offering, status, *, member=None, days_ago=20, topic="", committee=None):
        nonlocal orders, link
        sequence.last += 1
        kind, org, place = rng.choice(ORGANISATIONS)
        org = org.format(town=rng.choice(TOWNS), n=rng.randint(1, 9))
        token = secrets.token_urlsafe(24)
        committee = committee or offering.committee
        office = _office(committee) or _office(committees[0])
        created = _at(days_ago, 9)
        record = LectureOrder.objects.create(
            committee=committee,
            code=f"JT-{year}-{sequence.last:05d}",
            token_hash=token_digest(token),
            offering=offering,
            topic=topic,
            field=offering.field if offering else rng.choice(F.values),
            requester_kind=kind,
            organisation=org,
            contact_name=f"{rng.choice(SURNAMES)}主任",
            contact_phone=f"139{rng.randint(10000000, 99999999)}",
            place=f"{org}{place}",
            audience_size=rng.choice([30, 40, 50, 60, 80, 120]),
            preferred_dates=rng.choice(["下个月的周末", "工作日下午", "月底前", "开学后第一周"]),
            consent=True,
            status=S.NEW,
            created_at=created,
        )
        events = [
            LectureOrderEvent(order=record, kind=Kind.CREATED, to_status=S.NEW, created_at=created)
        ]
        path = {
            S.NEW: [],
            S.DISPATCHED: [S.DISPATCHED],
            S.ACCEPTED: [S.DISPATCHED, S.ACCEPTED],
            S.SCHEDULED: [S.DISPATCHED, S.ACCEPTED, S.SCHEDULED],
            S.DELIVERED: [S.DISPATCHED, S.ACCEPTED, S.SCHEDULED, S.DELIVERED],
            S.RATED: [S.DISPATCHED, S.ACCEPTED, S.SCHEDULED, S.DELIVERED, S.RATED],
            S.CANCELLED: [S.CANCELLED],
        }[status]
        when = created
        previous = S.NEW
        step_days = max(days_ago / (len(path) + 1), 0.2)
        for step in path:
            when = when + datetime.timedelta(days=step_days)
            actor = office
            comment = ""
            if step == S.DISPATCHED:
                record.member = member
                record.dispatched_at = when
            elif step == S.ACCEPTED:
                record.accepted_at = when
                actor = member.user if member and member.user_id else None
            elif step == S.SCHEDULED:
                record.agreed_on = (
                    timezone.localdate() + datetime.timedelta(days=rng.randint(5, 20))
                    if status == S.SCHEDULED
                    else timezone.localdate(when)
                )
                record.agreed_time = rng.choice(["上午9:30", "下午3:00", "晚上7:00"])
                comment = f"{record.agreed_on:%Y-%m-%d} {record.agreed_time}"
                actor = member.user if member and member.user_id else office
            elif step == S.DELIVERED:
                record.delivered_on = timezone.localdate(when)
                record.people_reached = record.audience_size - rng.randint(0, 10)
                record.delivery_summary = "讲座结合本地实例，现场答疑二十分钟，群众反响很好。"
            elif step == S.RATED:
                record.rating = rng.choice(["satisfied", "satisfied", "fairly"])
                record.rating_comment = rng.choice(["讲得实在，希望再来。", "很实用。", ""])
                record.rated_at = when
                actor = None
            elif step == S.CANCELLED:
                record.cancel_reason = "单位活动调整，暂不需要。"
                comment = record.cancel_reason
            kind_of = {
                S.DISPATCHED: Kind.DISPATCHED,
                S.ACCEPTED: Kind.ACCEPTED,
                S.SCHEDULED: Kind.SCHEDULED,
                S.DELIVERED: Kind.DELIVERED,
                S.RATED: Kind.RATED,
                S.CANCELLED: Kind.CANCELLED,
            }[step]
            events.append(
                LectureOrderEvent(
                    order=record,
                    kind=kind_of,
                    actor=actor,
                    from_status=previous,
                    to_status=step,
                    comment=comment,
                    created_at=when,
                )
            )
            previous = step
        record.status = status
        record.save()
        LectureOrderEvent.objects.bulk_create(events)
        if status in (S.DELIVERED, S.RATED):
            activity = activity_from_record(
                origin=f"lecture:{record.pk}",
                member=member,
                committee=committee,
                type=ActivityType.LECTURE,
                title=f"委员讲堂进{record.organisation}：{record.title}",
                occurred_on=record.delivered_on,
                place=record.place,
                people_reached=record.people_reached,
                summary=record.delivery_summary,
                by=office,
                comment=f"由委员讲堂订单{record.code}授课完成生成",
            )
            record.activity = activity
            record.save(update_fields=["activity"])
            ledger.ledger_on_lecture_delivered(
                member=member,
                lecture_key=record.pk,
                when=record.delivered_on,
                description=f"委员讲堂授课：{record.title}（{record.organisation}）",
                link=reverse("liaison:activity_detail", args=[activity.pk]),
            )
            if status == S.DELIVERED and not link:
                link = reverse("lectures:track", args=[token])
        orders += 1
        return record

    # the demo members: every state, one dispatched past the three days
    for username in ("member_dlt", "member"):
        user = accounts.get(username)
        if user is None or getattr(user, "member", None) is None:
            continue
        member = user.member
        own = [o for o in approved if o.member_id == member.pk] or [
            o for o in approved if o.committee_id == member.committee_id
        ]
        if not own:
            continue
        mine = own[0]
        order(mine, S.DISPATCHED, member=member, days_ago=1)
        order(mine, S.DISPATCHED, member=member, days_ago=9)  # dispatched 4.5 days ago: 超时未接单
        order(mine, S.ACCEPTED, member=member, days_ago=6)
        order(mine, S.SCHEDULED, member=member, days_ago=10)
        order(mine, S.DELIVERED, member=member, days_ago=25)
        order(mine, S.RATED, member=member, days_ago=60)
        order(mine, S.RATED, member=member, days_ago=120)
        order(mine, S.NEW, days_ago=0.3)
        order(mine, S.CANCELLED, days_ago=15)
        order(None, S.NEW, days_ago=2, topic="防范养老诈骗", committee=member.committee)
    # the other committees: a few new and delivered
    for offering in approved:
        if offering.member.user_id is not None:
            continue
        roll = rng.random()
        if roll < 0.35:
            order(offering, S.NEW, days_ago=rng.randint(0, 4))
        elif roll < 0.7:
            order(offering, S.RATED, member=offering.member, days_ago=rng.randint(20, 200))
    sequence.save(update_fields=["last"])

    return {"offerings": len(offerings), "orders": orders, "link": link}


def _offering(member, field, title, audience, status, rng) -> LectureOffering:
    created = _at(rng.randint(60, 300))
    offering = LectureOffering.objects.create(
        committee_id=member.committee_id,
        member=member,
        title=title,
        field=field,
        audience=audience,
        length_minutes=rng.choice([45, 60, 60, 90, 120]),
        description=(
            f"结合{audience}关心的实际问题讲“{title}”：讲政策、讲案例、讲身边的事，"
            "留出时间现场答疑。可以到社区、嘎查村、企业、学校和服务窗口授课。"
        ),
        status=status,
        reject_reason="请写清适合对象和讲座提纲。" if status == OS.REJECTED else "",
    )
    K = LectureOfferingEvent.Kind
    path = {
        OS.DRAFT: [],
        OS.SUBMITTED: [(K.SUBMITTED, OS.DRAFT, OS.SUBMITTED)],
        OS.APPROVED: [
            (K.SUBMITTED, OS.DRAFT, OS.SUBMITTED),
            (K.APPROVED, OS.SUBMITTED, OS.APPROVED),
        ],
        OS.REJECTED: [
            (K.SUBMITTED, OS.DRAFT, OS.SUBMITTED),
            (K.REJECTED, OS.SUBMITTED, OS.REJECTED),
        ],
    }[status]
    events = [
        LectureOfferingEvent(
            offering=offering, kind=K.CREATED, to_status=OS.DRAFT, created_at=created
        )
    ]
    when = created
    for kind, source, target in path:
        when += datetime.timedelta(days=rng.randint(1, 5))
        events.append(
            LectureOfferingEvent(
                offering=offering, kind=kind, from_status=source, to_status=target, created_at=when
            )
        )
    LectureOfferingEvent.objects.bulk_create(events)
    if status == OS.APPROVED:
        LectureOffering.objects.filter(pk=offering.pk).update(approved_at=when)
        offering.approved_at = when
    return offering
