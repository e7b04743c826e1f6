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
from org.models import Committee, Department
from workstations.models import Workstation

from .. import services
from ..models import Consultation, ConsultationEvent, Invitation, Minutes, Topic
from .materials import demo_materials
from .observers import DemoObservers
from .plan import CO_ORGANISERS, DAY, LEADING, PLAN, PUBLIC_KINDS, TITLES, K, at
from .records import DemoRecords
from .topics import demo_topics


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
        self.observers = DemoObservers(rng, self.counts)
        self.records = DemoRecords(rng, today, self.counts)

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
        start = at(day, rng.choice((9, 10, 14, 15)))
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
            self.observers.sign_up(consultation, 4)
            services.consultation_step(
                consultation=consultation, by=staff, action="cancel", comment="因天气原因延期举办"
            )
        elif phase == "open":  # the salon and the reception full (a waiting list), others not
            full = kind in (K.RECEPTION, K.SALON)
            self.observers.sign_up(
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

    def past(self, consultation, staff, phase, invitations) -> None:
        rng = self.rng
        if consultation.is_public:
            self.observers.held(consultation)
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
        self.records.write(consultation, staff, rows)
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
                when = max(when, at(day, 16))
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
        topics = demo_topics(loader.rng, committee, staff)
        loader.counts["topics"] += len(topics)
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
