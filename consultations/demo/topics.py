"""The demo consultation topics (``events`` asks for each committee's)."""

from __future__ import annotations

import random

from accounts.models import User
from opinions.models import Opinion, Status
from opinions.workflows import UNDECIDED
from org.models import Committee

from .. import services
from ..models import Topic

TOPICS = (
    ("老旧小区改造和加装电梯", "老旧小区基础设施老化，群众反映加装电梯、停车难问题集中。"),
    ("城区停车难治理", "中心城区停车位缺口大，占道停车影响通行。"),
    ("农村牧区人居环境整治", "生活垃圾和污水处理设施不足，需统筹规划。"),
    ("优化营商环境助力民营经济发展", "企业反映审批事项多、融资难，需要政策支持。"),
    ("社区居家养老服务体系建设", "老龄化加快，社区养老服务供给不足。"),
    ("黄河流域生态保护和高质量发展", "围绕沿黄生态修复和水资源节约利用协商建言。"),
)


def demo_topics(rng: random.Random, committee: Committee, staff: User) -> list[Topic]:
    """Three topics: one fed by the committee's opinions (a member's if it has none), one asked
    for by the party committee and government, one a 提案 (municipal) or a member's."""
    picks = rng.sample(TOPICS, 3)
    made = []
    opinions = list(
        Opinion.objects.filter(
            committee=committee, status__in=[*UNDECIDED, Status.ADOPTED]
        ).order_by("pk")[:2]
    )
    title, text = picks[0]
    made.append(
        services.topic_create(
            by=staff,
            committee_id=committee.pk,
            source=Topic.Source.OPINIONS if opinions else Topic.Source.MEMBER,
            title=f"关于{title}的协商议题",
            description=text,
            opinions=opinions,
        )
    )
    title, text = picks[1]
    made.append(
        services.topic_create(
            by=staff,
            committee_id=committee.pk,
            source=Topic.Source.REQUEST,
            title=f"关于{title}的协商议题",
            description=text,
        )
    )
    title, text = picks[2]
    proposal = committee.is_municipal
    made.append(
        services.topic_create(
            by=staff,
            committee_id=committee.pk,
            source=Topic.Source.PROPOSAL if proposal else Topic.Source.MEMBER,
            title=f"关于{title}的协商议题",
            description=text,
            proposal_reference="五届三次会议第0128号" if proposal else "",
        )
    )
    return made
