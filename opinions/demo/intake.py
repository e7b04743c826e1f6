"""Demo opinions (``load_demo_opinions``): a few hundred across all committees in every state of
the review lifecycle, with consistent events. Bulk-created (the Argon2 lookup-key hash is computed
once: every demo opinion answers to the same demo key, DEMO_KEY)."""

from __future__ import annotations

import datetime
import random

from django.conf import settings
from django.utils import timezone

from accounts.models import User
from members.models import Member
from org.models import Committee, Region

from ..lookup_keys import hash_key
from ..models import (
    AdoptionLevel,
    Category,
    Channel,
    NotAdoptedReason,
    Opinion,
    OpinionEvent,
    Status,
    TrackingSequence,
)
from ..workdays import add_working_days

DEMO_KEY = "DEMO0-00000"

TOPICS = {
    "城乡建设": [
        "老旧小区加装电梯推进缓慢",
        "小区周边停车位严重不足",
        "冬季供暖温度不达标",
        "雨污管网改造后路面未恢复",
        "背街小巷路灯损坏长期未修",
    ],
    "教育": [
        "学校周边上下学时段交通拥堵",
        "牧区寄宿制学校生活设施老旧",
        "课后服务收费标准不统一",
        "城区学校大班额问题",
    ],
    "医疗卫生": [
        "嘎查村卫生室缺少常驻医生",
        "异地就医结算手续繁琐",
        "基层医院儿科医生紧缺",
        "慢性病长处方政策落实不到位",
    ],
    "生态环境": [
        "矿区道路运煤车辆扬尘污染",
        "沙化草原治理后管护不到位",
        "黄河岸线垃圾清理不及时",
        "城区餐饮油烟扰民",
    ],
    "农牧业": [
        "牧草收购价格波动大",
        "农机购置补贴发放慢",
        "羊绒销售渠道单一",
        "高标准农田后期管护缺位",
    ],
    "民生保障": [
        "高龄津贴申领流程复杂",
        "社区养老服务站利用率低",
        "灵活就业人员参保意识不强",
        "残疾人就业帮扶措施不够",
    ],
    "经济发展": ["中小微企业融资难融资贵", "政务服务事项跨部门办理慢", "个体工商户经营成本偏高"],
    "社会治理": ["物业纠纷调解渠道不畅", "网格员待遇偏低队伍不稳", "电动自行车楼道充电隐患"],
    "文化旅游": ["景区旅游厕所等配套设施不足", "蒙古族非遗项目传承人断档", "乡村文化活动室闲置"],
    "民族团结": ["政务窗口蒙汉双语服务不足", "民族团结进步教育进社区形式单一"],
    "其他": ["公交线路调整未充分征求意见", "公共场所无障碍设施不完善"],
}

SITUATIONS = [
    "近期多位群众反映，{place}{topic}，已经影响到日常生活。",
    "经走访了解，{place}{topic}的问题存在已久，群众意见较大。",
    "{place}居民多次向社区反映{topic}，至今未得到有效解决。",
]
ANALYSES = [
    "主要原因是相关部门职责交叉、资金渠道不明确，日常管护缺乏长效机制。",
    "问题根源在于前期规划考虑不足，后期投入有限，群众参与渠道不畅。",
]
SUGGESTIONS = [
    "建议由主管部门牵头，明确责任分工，列出问题清单和整改时限，并向群众公开进展。",
    "建议加大财政投入，引入社会资本参与，同时建立群众监督评议机制。",
    "建议开展专项调研，分类施策，先在条件成熟的苏木乡镇试点，再逐步推广。",
]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐"
GIVEN = [
    "伟",
    "芳",
    "娜",
    "敏",
    "静",
    "强",
    "磊",
    "军",
    "洋",
    "勇",
    "艳",
    "杰",
    "娟",
    "涛",
    "明",
    "超",
    "秀英",
    "桂兰",
    "建华",
    "巴特尔",
    "其其格",
    "乌兰",
]

# status → share of demo opinions
STATE_MIX = [
    (Status.SUBMITTED, 18),
    (Status.UNDER_REVIEW, 14),
    (Status.RETURNED, 5),
    (Status.NOT_ADOPTED, 12),
    (Status.MERGED, 6),
    (Status.ADOPTED, 45),
]


def _content(rng, place, topic):
    return (
        rng.choice(SITUATIONS).format(place=place, topic=topic)
        + "\n"
        + rng.choice(ANALYSES)
        + "\n"
        + rng.choice(SUGGESTIONS)
    )


def load_demo_opinions(*, rng: random.Random, per_committee: int = 40) -> int:
    """Create demo opinions unless some exist. Returns how many were made."""
    if Opinion.objects.exists():
        return 0
    now = timezone.now()
    key_hash = hash_key(DEMO_KEY)
    categories = {c.name: c for c in Category.objects.all()}
    states = [s for s, share in STATE_MIX for _ in range(share)]
    opinions: list[Opinion] = []
    plans: list[dict] = []
    for committee in Committee.objects.order_by("order"):
        staff = list(User.objects.filter(committee=committee, role=User.Role.STAFF))
        members = list(Member.objects.filter(committee=committee, user__isnull=False)[:5]) or []
        any_members = list(Member.objects.filter(committee=committee).only("pk")[:50])
        regions = list(Region.objects.filter(committee=committee).exclude(level="banner"))
        for i in range(per_committee):
            category_name = rng.choice(list(TOPICS))
            topic = rng.choice(TOPICS[category_name])
            region = rng.choice(regions) if regions else None
            place = region.name if region else "市区"
            status = rng.choice(states)
            member_item = (status == Status.RETURNED) or rng.random() < 0.25
            author = None
            if member_item:
                author = (
                    rng.choice(members)
                    if members and rng.random() < 0.3
                    else (rng.choice(any_members) if any_members else None)
                )
                if author is None:
                    member_item = False
                    if status == Status.RETURNED:
                        status = Status.UNDER_REVIEW
            decided_early = status not in (Status.SUBMITTED, Status.UNDER_REVIEW, Status.RETURNED)
            # decided items were submitted at least a week ago, so every date is in the past
            submitted = now - datetime.timedelta(
                days=rng.randint(7 if decided_early else 0, 120), hours=rng.randint(0, 23)
            )
            if i == 0:  # at least one clearly overdue item per committee
                status, submitted = Status.SUBMITTED, now - datetime.timedelta(days=15)
            channel = (
                Channel.MEMBER
                if member_item
                else rng.choice(
                    [
                        Channel.WEB,
                        Channel.WEB,
                        Channel.WEB,
                        Channel.MAILBOX,
                        Channel.PHONE,
                        Channel.LETTER,
                        Channel.WECHAT,
                        Channel.GRID,
                        Channel.DUTY,
                    ]
                )
            )
            anonymous = not member_item and rng.random() < 0.15
            name = "" if (member_item or anonymous) else rng.choice(SURNAMES) + rng.choice(GIVEN)
            phone = (
                "" if not name else f"15{rng.randint(0, 9)}{rng.randint(10_000_000, 99_999_999)}"
            )
            decided = status not in (Status.SUBMITTED, Status.UNDER_REVIEW, Status.RETURNED)
            level = ""
            if status == Status.ADOPTED:
                level = rng.choices(
                    [
                        AdoptionLevel.BANNER,
                        AdoptionLevel.MUNICIPAL,
                        AdoptionLevel.REGION,
                        AdoptionLevel.NATIONAL,
                    ],
                    [5, 4, 1, 0.2],
                )[0]
                if committee.is_municipal and level == AdoptionLevel.BANNER:
                    level = AdoptionLevel.MUNICIPAL
            opinion = Opinion(
                committee=committee,
                channel=channel,
                category=categories.get(category_name),
                region=region,
                title=f"关于{place}{topic}的建议"[:60],
                content=_content(rng, place, topic),
                author=author,
                analysis=rng.choice(ANALYSES) if member_item else "",
                suggestion=rng.choice(SUGGESTIONS) if member_item else "",
                submitter_name=name,
                submitter_phone=phone,
                is_anonymous=anonymous,
                consent_version=settings.PRIVACY_NOTICE_VERSION,
                consent_at=submitted,
                status=status,
                lookup_key_hash=key_hash,
                assignee=rng.choice(staff) if staff and status != Status.SUBMITTED else None,
                adoption_level=level,
                not_adopted_reason=rng.choice(NotAdoptedReason.values)
                if status == Status.NOT_ADOPTED
                else "",
                submitted_at=submitted,
                review_due_at=add_working_days(submitted, settings.OPINION_REVIEW_WORKING_DAYS),
                decided_at=min(
                    submitted + datetime.timedelta(days=rng.randint(1, 6)),
                    now - datetime.timedelta(hours=1),
                )
                if decided
                else None,
                is_spam=status == Status.SUBMITTED and rng.random() < 0.08,
            )
            opinion.flag_reasons = ["honeypot"] if opinion.is_spam else []
            opinions.append(opinion)
            plans.append({"staff": staff})
    # tracking codes by submission order, per year
    order = sorted(range(len(opinions)), key=lambda k: opinions[k].submitted_at)
    counters: dict[int, int] = {}
    for k in order:
        year = timezone.localtime(opinions[k].submitted_at).year
        counters[year] = counters.get(year, 0) + 1
        opinions[k].tracking_code = f"JY-{year}-{counters[year]:06d}"
    Opinion.objects.bulk_create(opinions, batch_size=500)
    for year, last in counters.items():
        TrackingSequence.objects.update_or_create(year=year, defaults={"last": last})
    opinions = list(Opinion.objects.order_by("pk"))

    # merged items point at an adopted/under-review opinion of the same committee
    targets: dict[int, list[Opinion]] = {}
    for o in opinions:
        if o.status in (Status.ADOPTED, Status.UNDER_REVIEW):
            targets.setdefault(o.committee_id, []).append(o)
    merged = []
    for o in opinions:
        if o.status == Status.MERGED:
            candidates = targets.get(o.committee_id)
            if candidates:
                o.merged_into = rng.choice(candidates)
                merged.append(o)
            else:
                o.status = Status.UNDER_REVIEW
                merged.append(o)
    Opinion.objects.bulk_update(merged, ["merged_into", "status"], batch_size=500)

    events = []
    Kind = OpinionEvent.Kind
    for o in opinions:
        actor = o.assignee
        events.append(
            OpinionEvent(
                opinion=o,
                kind=Kind.SUBMITTED,
                to_status=Status.SUBMITTED,
                created_at=o.submitted_at,
                notified_at=o.submitted_at,
            )
        )
        t = min(
            o.submitted_at + datetime.timedelta(hours=rng.randint(2, 30)),
            now - datetime.timedelta(minutes=30),
        )
        if o.status != Status.SUBMITTED and actor is not None:
            events.append(
                OpinionEvent(
                    opinion=o,
                    kind=Kind.ASSIGNED,
                    actor=actor,
                    from_status=Status.SUBMITTED,
                    to_status=Status.UNDER_REVIEW,
                    created_at=t,
                    notified_at=t,
                    data={"assignee": actor.pk, "assignee_name": actor.display_name},
                )
            )
        decided_at = o.decided_at or min(t + datetime.timedelta(days=1), now)
        final = {
            Status.RETURNED: (Kind.RETURNED, "请补充问题涉及的具体地点和群众诉求。"),
            Status.NOT_ADOPTED: (Kind.NOT_ADOPTED, "经研究，不予采用。"),
            Status.MERGED: (Kind.MERGED, "与同类建言合并办理。"),
            Status.ADOPTED: (Kind.ADOPTED, "反映问题具体，建议可行，予以采用。"),
        }.get(o.status)
        if final:
            kind, comment = final
            data = {}
            if kind == Kind.ADOPTED:
                data = {"level": o.adoption_level}
            elif kind == Kind.MERGED and o.merged_into_id:
                data = {
                    "into": o.merged_into_id,
                    "into_code": next(
                        (x.tracking_code for x in opinions if x.pk == o.merged_into_id), ""
                    ),
                }
            elif kind == Kind.NOT_ADOPTED:
                data = {"reason": o.not_adopted_reason}
            events.append(
                OpinionEvent(
                    opinion=o,
                    kind=kind,
                    actor=actor,
                    from_status=Status.UNDER_REVIEW,
                    to_status=o.status,
                    comment=comment,
                    data=data,
                    created_at=decided_at,
                    notified_at=decided_at,
                )
            )
            if kind == Kind.RETURNED:
                Opinion.objects.filter(pk=o.pk).update(decision_comment=comment)
    OpinionEvent.objects.bulk_create(events, batch_size=1000)
    return len(opinions)
