"""Demo consultations for ``load_demo_data``: topics (one fed by the public's opinions, one asked
for by the party committee and government, a 提案 at the municipal level), and events of every
kind both past and ahead in 市政协, 达拉特旗 and 准格尔旗 — invitations answered, attendance and
speakers recorded (the ledger's 参加协商活动 and 无故缺席 entries), public observers (checked in,
confirmed, pending approval, waitlisted, cancelled), minutes published and outcomes in every
follow-up state. Written through the services (their events are the demo's timelines), except
what the services only allow on the day (observers of past events). Members without an
account answered by phone (the office recorded it); every event has its agenda and a background
paper (会议材料); ``showcases.demo`` writes up a closed event's adopted outcome. Deterministic
for a given rng; does nothing when events exist.

Call ``load_demo_consultations(rng=rng)`` after the members, accounts, opinions and
workstations exist.
"""

from __future__ import annotations

import datetime
import random

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from members.models import Member
from opinions.models import Opinion, Status
from opinions.workflows import UNDECIDED
from org.models import Committee, Department
from workstations.models import Workstation

from .. import services
from ..models import (
    Consultation,
    ConsultationEvent,
    Invitation,
    Minutes,
    Observer,
    Topic,
    new_entry_code,
)
from .materials import demo_materials

K = Consultation.Kind
DAY = datetime.timedelta(days=1)

# (committee code, kind, phase, days from today): every kind once past and once ahead.
PLAN = (
    ("dalate", K.GRASSROOTS, "closed", -62),
    ("dalate", K.GRASSROOTS, "planned", 12),
    ("dalate", K.OPEN_DAY, "minutes", -24),
    ("dalate", K.OPEN_DAY, "open", 6),
    ("dalate", K.SALON, "held", -2),
    ("dalate", K.RECEPTION, "open", 3),
    ("ordos", K.THEMATIC, "closed", -80),
    ("ordos", K.THEMATIC, "planned", 20),
    ("ordos", K.COUNTERPART, "minutes", -15),
    ("ordos", K.COUNTERPART, "planned", 9),
    ("ordos", K.RECEPTION, "closed", -40),
    ("ordos", K.SALON, "open", 8),
    ("ordos", K.OPEN_DAY, "cancelled", 5),
    ("zhungeer", K.SECTOR, "closed", -33),
    ("zhungeer", K.SECTOR, "planned", 15),
    ("zhungeer", K.GRASSROOTS, "minutes", -10),
    ("zhungeer", K.OPEN_DAY, "open", 4),
)
PUBLIC_KINDS = {K.OPEN_DAY, K.RECEPTION, K.SALON, K.GRASSROOTS}
TITLES = {
    K.GRASSROOTS: "{place}基层协商议事会：{topic}",
    K.SECTOR: "经济界别协商座谈会：{topic}",
    K.COUNTERPART: "对口协商会：{topic}",
    K.THEMATIC: "专题协商会：{topic}",
    K.OPEN_DAY: "政协开放日：走进{place}",
    K.RECEPTION: "委员会客厅：{topic}",
    K.SALON: "民营经济主题沙龙：{topic}",
}
LEADING = {
    K.GRASSROOTS: "{place}党委",
    K.SECTOR: "{committee}经济委员会",
    K.COUNTERPART: "{committee}社会和法制委员会",
    K.THEMATIC: "{committee}办公室",
    K.OPEN_DAY: "{committee}办公室",
    K.RECEPTION: "{committee}委员工作委员会",
    K.SALON: "{committee}经济委员会",
}
CO_ORGANISERS = {
    K.SALON: "工商联、知联会、新联会",
    K.RECEPTION: "民盟、九三学社",
    K.SECTOR: "工商联",
}
TOPICS = (
    ("老旧小区改造和加装电梯", "老旧小区基础设施老化，群众反映加装电梯、停车难问题集中。"),
    ("城区停车难治理", "中心城区停车位缺口大，占道停车影响通行。"),
    ("农村牧区人居环境整治", "生活垃圾和污水处理设施不足，需统筹规划。"),
    ("优化营商环境助力民营经济发展", "企业反映审批事项多、融资难，需要政策支持。"),
    ("社区居家养老服务体系建设", "老龄化加快，社区养老服务供给不足。"),
    ("黄河流域生态保护和高质量发展", "围绕沿黄生态修复和水资源节约利用协商建言。"),
)
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
OBSERVER_NAMES = (
    "王建华",
    "李秀英",
    "张伟",
    "刘芳",
    "陈静",
    "杨磊",
    "赵敏",
    "黄强",
    "周婷",
    "吴军",
)


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


class _Loader:
    def __init__(self, rng: random.Random, today: datetime.date):
        self.rng = rng
        self.today = today
        self.counts = {
            "topics": 0,
            "consultations": 0,
            "observers": 0,
            "outcomes": 0,
            "materials": 0,
        }
        self.phone_seq = 0
        self.outcome_seq = 0

    def phone(self) -> str:
        self.phone_seq += 1
        return f"1{self.rng.choice('3578')}{self.rng.randrange(10)}0{self.phone_seq:07d}"

    def topics(self, committee: Committee, staff: User) -> list[Topic]:
        rng = self.rng
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
        self.counts["topics"] += len(made)
        return made

    def invitees(self, committee: Committee) -> list[Member]:
        active = Member.objects.filter(status=Member.Status.ACTIVE).select_related("user")
        with_accounts = list(
            active.filter(committee=committee, user__isnull=False).order_by("pk")[:2]
        )
        others = list(
            active.filter(committee=committee).exclude(pk__in=[m.pk for m in with_accounts])
        )
        chosen = with_accounts + self.rng.sample(others, min(len(others), 6))
        if not committee.is_municipal:  # a municipal member joins a banner's consultation
            municipal = list(active.filter(committee__level="municipal").order_by("pk")[:20])
            chosen += self.rng.sample(municipal, min(len(municipal), 1))
        return chosen

    def departments(self, committee: Committee, kind: str) -> list[Department]:
        """列席部门: the committee's departments for housing, land and transport (a salon and
        a 委员会客厅 invite none)."""
        if kind in (K.SALON, K.RECEPTION):
            return []
        wanted = ("住房和城乡建设局", "自然资源局", "交通运输局")
        found = Department.objects.filter(committee=committee, is_active=True).order_by("pk")
        count = 3 if kind in (K.COUNTERPART, K.THEMATIC) else 1
        return [d for d in found if d.name.endswith(wanted)][:count]

    def event(self, committee, staff, kind, phase, offset, topic, workstation) -> Consultation:
        rng = self.rng
        day = self.today + offset * DAY
        start = _at(day, rng.choice((9, 10, 14, 15)))
        place = workstation.name if workstation else committee.short_name
        public = kind in PUBLIC_KINDS
        consultation = services.consultation_create(
            by=staff,
            committee=committee,
            kind=kind,
            title=TITLES[kind].format(place=place, topic=topic.title[2:-5])[:120],
            topic=topic,
            workstation=workstation,
            address="" if workstation else f"{committee.short_name}政协机关三楼会议室",
            leading_body=LEADING[kind].format(place=place, committee=committee.short_name)[:100],
            co_organisers=CO_ORGANISERS.get(kind, ""),
            departments=self.departments(committee, kind),
            department_reps="各部门分管负责同志" if not public else "",
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=2, minutes=30),
            is_public=public,
            capacity=rng.choice((6, 8, 10)) if public else 0,
            needs_approval=public and kind == K.RECEPTION,
            agenda="一、通报议题有关情况\n二、委员和群众代表发言\n三、有关部门回应\n四、总结讲话",
        )
        self.counts["consultations"] += 1
        self.counts["materials"] += demo_materials(consultation, staff)
        if public and phase != "planned":
            services.consultation_step(consultation=consultation, by=staff, action="open")
        invitations = services.invitations_send(
            consultation=consultation, by=staff, members=self.invitees(committee)
        )
        self.answer(invitations, past=offset < 0, staff=staff)
        if phase == "cancelled":
            self.sign_up(consultation, 4)
            services.consultation_step(
                consultation=consultation, by=staff, action="cancel", comment="因天气原因延期举办"
            )
        elif phase == "open":  # the salon and the reception full (a waiting list), others not
            full = kind in (K.RECEPTION, K.SALON)
            self.sign_up(
                consultation, consultation.capacity + 2 if full else consultation.capacity // 2
            )
        elif offset < 0:
            self.past(consultation, staff, phase, invitations)
        return consultation

    def answer(self, invitations: list[Invitation], *, past: bool, staff: User) -> None:
        for invitation in invitations:
            roll = self.rng.random()
            if not past and roll < 0.35:
                continue  # not answered yet
            accept = roll < 0.85
            reason = "" if accept else self.rng.choice(("外出学习", "单位有重要工作", "身体不适"))
            user = invitation.member.user
            if user is not None:
                services.invitation_respond(
                    invitation=invitation, by=user, accept=accept, reason=reason
                )
            else:  # members without an account answered by phone; staff recorded it
                services.invitation_record_answer(
                    invitation=invitation, by=staff, accept=accept, reason=reason
                )

    def sign_up(self, consultation: Consultation, n: int) -> None:
        for i in range(n):
            observer = services.observer_sign_up(
                consultation=consultation,
                name=self.rng.choice(OBSERVER_NAMES),
                phone=self.phone(),
                consent=True,
            )
            self.counts["observers"] += 1
            if i == 1:
                services.observer_cancel(observer=observer)

    def past_observers(self, consultation: Consultation) -> None:
        """Observers of an event already held (registration is only possible before it)."""
        for i in range(consultation.capacity - 1):
            checked_in = i % 4 != 3  # a few confirmed observers did not come
            observer = Observer.objects.create(
                consultation=consultation,
                name=self.rng.choice(OBSERVER_NAMES),
                phone=self.phone(),
                status=Observer.Status.CHECKED_IN if checked_in else Observer.Status.CONFIRMED,
                entry_code=new_entry_code(),
                consent_at=consultation.starts_at - 3 * DAY,
                created_at=consultation.starts_at - 3 * DAY,
                checked_in_at=consultation.starts_at - datetime.timedelta(minutes=15)
                if checked_in
                else None,
            )
            ConsultationEvent.objects.create(
                consultation=consultation,
                observer=observer,
                kind=ConsultationEvent.Kind.SIGNED_UP,
                to_status=Observer.Status.CONFIRMED,
                created_at=observer.created_at,
            )
            self.counts["observers"] += 1

    def past(self, consultation, staff, phase, invitations) -> None:
        rng = self.rng
        if consultation.is_public:
            self.past_observers(consultation)
        services.consultation_step(consultation=consultation, by=staff, action="hold")
        rows = {}
        for invitation in Invitation.objects.filter(consultation=consultation).order_by("pk"):
            if invitation.rsvp == Invitation.Rsvp.DECLINED:
                rows[invitation.pk] = (Invitation.Attendance.EXCUSED, False)
            elif rng.random() < 0.1:
                rows[invitation.pk] = (Invitation.Attendance.ABSENT, False)
            else:
                rows[invitation.pk] = (Invitation.Attendance.ATTENDED, rng.random() < 0.5)
        services.attendance_record(consultation=consultation, by=staff, rows=rows)
        if phase == "held":
            return
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
        if phase == "closed":
            services.consultation_step(consultation=consultation, by=staff, action="close")
        self.backdate(consultation)

    @staticmethod
    def backdate(consultation: Consultation) -> None:
        """The services stamped today on every step of an event held weeks ago: its timeline
        gets plausible times instead (planned two weeks ahead, steps after it on the day and
        in the days after), in the order the steps happened."""
        start = consultation.starts_at
        when = start - 14 * DAY
        for event in consultation.events.exclude(kind="signed_up").order_by("created_at", "pk"):
            if event.kind == ConsultationEvent.Kind.HELD:
                when = start + datetime.timedelta(hours=3)
            elif event.kind == ConsultationEvent.Kind.FOLLOW_UP and event.data.get("on"):
                day = datetime.date.fromisoformat(event.data["on"])
                when = max(when, _at(day, 16))
            else:
                when = when + datetime.timedelta(hours=1 if when < start else 20)
            ConsultationEvent.objects.filter(pk=event.pk).update(created_at=when)
            if event.kind == ConsultationEvent.Kind.MINUTES_PUBLISHED:
                Minutes.objects.filter(consultation=consultation).update(published_at=when)


@transaction.atomic
def load_demo_consultations(
    *, rng: random.Random, today: datetime.date | None = None
) -> dict[str, int]:
    if Consultation.objects.exists():
        return {"consultations": 0}
    loader = _Loader(rng, today or timezone.localdate())
    committees = {c.code: c for c in Committee.objects.all()}
    for code in dict.fromkeys(code for code, *_ in PLAN):
        committee = committees.get(code)
        staff = (
            User.objects.filter(role=User.Role.STAFF, committee=committee, is_active=True)
            .order_by("pk")
            .first()
        )
        if committee is None or staff is None:
            continue
        topics = loader.topics(committee, staff)
        rooms = list(
            Workstation.objects.filter(
                committee=committee, kind__in=Workstation.PLACE_KINDS
            ).order_by("kind", "pk")[:4]
        )
        for i, (_code, kind, phase, offset) in enumerate(p for p in PLAN if p[0] == code):
            room = rooms[i % len(rooms)] if rooms and i % 3 != 2 else None
            loader.event(committee, staff, kind, phase, offset, topics[i % len(topics)], room)
        for topic in topics:  # set a month before its first event
            first = topic.consultations.order_by("starts_at").first()
            if first is not None and first.starts_at < timezone.now():
                created = first.starts_at - 30 * DAY
                Topic.objects.filter(pk=topic.pk).update(created_at=created)
    return loader.counts
