"""The transition tables of consultations: an event (``CONSULTATION``), a member's invitation
(``INVITATION``, its RSVP), a public observer's registration (``OBSERVER``) and an outcome's
follow-up (``OUTCOME``). Every status change — and every act recorded on an event — is a row
here and runs through ``<TABLE>.run``; each writes one ``ConsultationEvent``.

An event is planned (on creation), opened for public registration (报名中), held, its minutes
published, closed; a planned or open event may be cancelled. Members answer their invitation
while the event is ahead; staff record attendance and who spoke once it is held. An observer's
registration holds a place (pending approval or confirmed) or waits on the list; the first on
the list moves up when a place frees. An outcome is submitted, adopted / partly / not adopted,
implemented, closed.
"""

from __future__ import annotations

from functools import partial

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.workflow import Transition, Workflow

from .models import Consultation, ConsultationEvent, Invitation, Observer, Outcome

C = Consultation.Status
Kind = ConsultationEvent.Kind

# The event is still ahead: members answer, observers sign up or cancel.
AHEAD = frozenset({C.PLANNED, C.OPEN})
# The event took place: attendance, minutes, outcomes.
TOOK_PLACE = frozenset({C.HELD, C.MINUTES})
# An event that has taken place, closed or not: outcomes are recorded for it, and 典型经验 may
# write it up (showcases.services).
HAS_TAKEN_PLACE = TOOK_PLACE | {C.CLOSED}
ALL_STATES = frozenset(C)
NOT_CANCELLED = ALL_STATES - {C.CANCELLED}


def _takes_observers(consultation: Consultation) -> str | None:
    if not consultation.takes_observers:
        return str(_("只有面向公众并设有旁听名额的活动才能开放报名。"))
    return None


def _has_started(consultation: Consultation) -> str | None:
    if consultation.starts_at > timezone.now():
        return str(_("活动开始后才能登记为已召开。"))
    return None


def _has_minutes(consultation: Consultation) -> str | None:
    minutes = getattr(consultation, "minutes", None)
    if minutes is None or not minutes.public_summary.strip():
        return str(_("请先保存纪要并填写公开摘要。"))
    return None


_manage = partial(Transition, perm="consultations.manage_consultation")

CONSULTATION: Workflow[Consultation] = Workflow(
    model=Consultation,
    event_model=ConsultationEvent,
    event_fk="consultation",
    denied=_("只有本政协组织的工作人员可以办理该协商活动。"),
    noun=_("该协商活动"),
    transitions=[
        _manage("open", {C.PLANNED}, C.OPEN, _("开放报名"), Kind.OPENED, guard=_takes_observers),
        _manage("hold", AHEAD, C.HELD, _("登记为已召开"), Kind.HELD, guard=_has_started),
        _manage(
            "publish_minutes",
            {C.HELD},
            C.MINUTES,
            _("发布纪要"),
            Kind.MINUTES_PUBLISHED,
            guard=_has_minutes,
        ),
        _manage("close", {C.MINUTES}, C.CLOSED, _("结束活动"), Kind.CLOSED),
        _manage("cancel", AHEAD, C.CANCELLED, _("取消活动"), Kind.CANCELLED),
        # acts recorded on the event without changing its state
        _manage("edit", AHEAD, None, _("修改活动信息"), Kind.EDITED),
        _manage("invite", AHEAD, None, _("邀请委员"), Kind.INVITED),
        _manage("attendance", TOOK_PLACE, None, _("登记出席和发言"), Kind.ATTENDANCE),
        _manage("save_minutes", TOOK_PLACE, None, _("保存纪要"), Kind.MINUTES_SAVED),
        _manage("add_outcome", HAS_TAKEN_PLACE, None, _("登记协商成果"), Kind.OUTCOME_ADDED),
        # 会议材料 (consultations.services.materials): before, during and after the event
        _manage("add_material", NOT_CANCELLED, None, _("上传会议材料"), Kind.MATERIAL_ADDED),
        _manage(
            "change_material",
            NOT_CANCELLED,
            None,
            _("更改会议材料公开范围"),
            Kind.MATERIAL_CHANGED,
        ),
        _manage("remove_material", ALL_STATES, None, _("删除会议材料"), Kind.MATERIAL_REMOVED),
    ],
)

# The buttons of the event page: the state-changing rows (the others have forms of their own).
STEP_ACTIONS = ("open", "hold", "publish_minutes", "close", "cancel")


def _event_ahead(record: Invitation | Observer) -> str | None:
    if record.consultation.status not in AHEAD:
        return str(_("该活动已召开或已取消，不能再更改。"))
    return None


def _member_without_account(invitation: Invitation) -> str | None:
    if invitation.member.user_id is not None:
        return str(_("该委员有账号，请由委员本人在“我的协商活动”中回复。"))
    return _event_ahead(invitation)


R = Invitation.Rsvp
_invitee = partial(Transition, perm="consultations.own_invitation", guard=_event_ahead)
_on_behalf = partial(
    Transition, perm="consultations.manage_consultation", guard=_member_without_account
)

# An invitation's steps are rows of its event's timeline (``event_fields={"consultation": …}``).
INVITATION: Workflow[Invitation] = Workflow(
    model=Invitation,
    event_model=ConsultationEvent,
    event_fk="invitation",
    status_field="rsvp",
    denied=_("只能回复自己的参会邀请。"),
    noun=_("该邀请"),
    transitions=[
        _invitee("accept", {R.PENDING, R.DECLINED}, R.ACCEPTED, _("确认参加"), Kind.ACCEPTED),
        _invitee("decline", {R.PENDING, R.ACCEPTED}, R.DECLINED, _("请假"), Kind.DECLINED),
        # the office answers for a member without an account (told by phone or in person);
        # the event row names the staff member as its actor
        _on_behalf(
            "record_accept", {R.PENDING, R.DECLINED}, R.ACCEPTED, _("代为登记参加"), Kind.ACCEPTED
        ),
        _on_behalf(
            "record_decline", {R.PENDING, R.ACCEPTED}, R.DECLINED, _("代为登记请假"), Kind.DECLINED
        ),
    ],
)


def _on_the_day(observer: Observer) -> str | None:
    consultation = observer.consultation
    if consultation.status in {C.CANCELLED, C.CLOSED}:
        return str(_("该活动已取消或已结束。"))
    if timezone.localdate(consultation.starts_at) != timezone.localdate():
        return str(_("入场码只能在活动当天使用。"))
    return None


OB = Observer.Status
_door = partial(Transition, perm="consultations.manage_observers")

OBSERVER: Workflow[Observer] = Workflow(
    model=Observer,
    event_model=ConsultationEvent,
    event_fk="observer",
    denied=_("只有本政协组织的工作人员可以审核旁听报名。"),
    noun=_("该报名"),
    transitions=[
        _door("approve", {OB.PENDING}, OB.CONFIRMED, _("通过"), Kind.APPROVED, guard=_event_ahead),
        _door("reject", {OB.PENDING}, OB.REJECTED, _("不通过"), Kind.REJECTED),
        _door(
            "check_in",
            {OB.CONFIRMED},
            OB.CHECKED_IN,
            _("核验入场"),
            Kind.CHECKED_IN,
            guard=_on_the_day,
        ),
        # the system moves the first on the list up when a place frees (approval or not)
        Transition(
            "promote",
            {OB.WAITLISTED},
            None,
            _("候补转正"),
            Kind.PROMOTED,
            perm=None,
            targets={OB.CONFIRMED, OB.PENDING},
        ),
        # whoever holds the private link (the service checks the token)
        Transition(
            "cancel",
            {OB.PENDING, OB.CONFIRMED, OB.WAITLISTED},
            OB.CANCELLED,
            _("取消报名"),
            Kind.OBSERVER_CANCELLED,
            perm=None,
            guard=_event_ahead,
        ),
    ],
)

U = Outcome.Status
_follow = partial(Transition, perm="consultations.manage_consultation", kind=Kind.FOLLOW_UP)
DECIDED = frozenset({U.ADOPTED, U.PARTLY, U.NOT_ADOPTED})

OUTCOME: Workflow[Outcome] = Workflow(
    model=Outcome,
    event_model=ConsultationEvent,
    event_fk="outcome",
    denied=_("只有本政协组织的工作人员可以跟踪协商成果。"),
    noun=_("该协商成果"),
    transitions=[
        _follow("decide", {U.SUBMITTED}, None, _("登记采纳情况"), targets=DECIDED),
        _follow("implement", {U.ADOPTED, U.PARTLY}, U.IMPLEMENTED, _("登记已落实")),
        _follow("close", DECIDED | {U.IMPLEMENTED}, U.CLOSED, _("办结")),
        _follow("note", {U.SUBMITTED, *DECIDED, U.IMPLEMENTED}, None, _("补充跟踪说明")),
    ],
)
