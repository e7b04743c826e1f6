"""The demo consultations' records once held: minutes (published) and the outcomes reported to
the departments, each taken to the next follow-up state in turn so that every state is shown."""

from __future__ import annotations

import datetime
import random
from collections.abc import Mapping

from django.utils import timezone

from accounts.models import User

from .. import services
from ..models import Consultation, Invitation
from .plan import DAY

RECOMMENDATIONS = (
    "建议将老旧小区加装电梯纳入年度民生实事，简化审批流程，给予财政补贴。",
    "建议利用边角地和机关单位停车场错时开放，新增公共停车泊位。",
    "建议建立农村牧区生活垃圾收运处置长效机制，按户配置分类垃圾桶。",
    "建议设立民营企业应急转贷资金，推行涉企审批“一窗受理”。",
    "建议在每个街道建设一处综合养老服务中心，推广助餐服务。",
    "建议加强沿黄湿地保护，实施节水灌溉改造。",
    "建议完善协商成果跟踪反馈机制，定期通报落实情况。",
)
# The follow-up each outcome reaches, in turn: every state is shown.
FOLLOW_UPS = (
    (),
    (("decide", "adopted"),),
    (("decide", "partly"),),
    (("decide", "not_adopted"),),
    (("decide", "adopted"), ("implement", None)),
    (("decide", "adopted"), ("implement", None), ("close", None)),
    (("decide", "not_adopted"), ("close", None)),
)


class DemoRecords:
    def __init__(self, rng: random.Random, today: datetime.date, counts: dict[str, int]):
        self.rng = rng
        self.today = today
        self.counts = counts
        self.outcome_seq = 0

    def write(
        self,
        consultation: Consultation,
        staff: User,
        rows: Mapping[int, tuple[str, bool]],
    ) -> None:
        """The minutes of a held event (from its attendance ``rows``), published, and its
        outcomes with their follow-ups."""
        rng = self.rng
        topic = consultation.topic.title if consultation.topic else consultation.title
        speakers = sum(1 for a, spoke in rows.values() if spoke)
        attended = sum(1 for a, _ in rows.values() if a == Invitation.Attendance.ATTENDED)
        services.minutes_save(
            consultation=consultation,
            by=staff,
            text=(
                f"{consultation.get_kind_display()}围绕“{topic}”开展协商。出席委员{attended}人，"
                f"{speakers}位委员发言，有关部门负责同志到会听取意见并作回应。会议形成意见建议如下……"
            ),
            public_summary=(
                f"本次活动围绕“{topic}”开展协商，{attended}位委员出席，{speakers}位委员发言，"
                "群众代表旁听并发表意见。会议形成的意见建议已报送有关部门，落实情况将在本页公开。"
            ),
        )
        services.consultation_step(consultation=consultation, by=staff, action="publish_minutes")
        submitted_on = timezone.localdate(consultation.starts_at) + 3 * DAY
        for _ in range(rng.choice((2, 3))):
            outcome = services.outcome_add(
                consultation=consultation,
                by=staff,
                recommendation=rng.choice(RECOMMENDATIONS),
                submitted_to=rng.choice(
                    ("市住房和城乡建设局", "市交通运输局", "市民政局", "市发展和改革委员会")
                ),
                submitted_on=min(submitted_on, self.today),
            )
            self.counts["outcomes"] += 1
            steps = FOLLOW_UPS[self.outcome_seq % len(FOLLOW_UPS)]
            self.outcome_seq += 1
            day = min(submitted_on + 7 * DAY, self.today)
            for action, status in steps:
                services.outcome_follow_up(
                    outcome=outcome,
                    by=staff,
                    action=action,
                    status=status,
                    on=day,
                    note={
                        "adopted": "有关部门书面反馈：建议已采纳，纳入年度工作计划。",
                        "partly": "有关部门反馈：部分建议已采纳，其余纳入下一步研究。",
                        "not_adopted": "有关部门反馈：受资金条件限制，暂不具备实施条件。",
                        None: "经跟踪了解，相关工作已落实到位。",
                    }[status],
                )
                day = min(day + 10 * DAY, self.today)
