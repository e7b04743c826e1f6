"""Every write of consultations: topics, events and their steps, invitations and answers,
attendance (which feeds the ledger), minutes, outcomes and their follow-up, and the public's
observer registrations (capacity, waitlist, approval, entry codes, check-in).

Services are keyword-only and run the transition tables (``consultations.workflows``); a
registration locks its event's row first (``select_for_update``), so concurrent sign-ups cannot
take more places than the event has, and a freed place goes to the first on the waiting list.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Case, Q, When
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import User
from audit.services import audit_log
from core.access import require_perm
from core.workflow import TransitionError
from ledger import services as ledger
from members.models import Member
from notifications.models import NoticeKind
from notifications.services import notice_add
from opinions.models import Opinion
from opinions.services import opinion_convert
from opinions.workflows import OPINION
from org import scope

from ..models import (
    Consultation,
    ConsultationEvent,
    Invitation,
    Minutes,
    Observer,
    Outcome,
    Topic,
    new_entry_code,
)
from ..workflows import CONSULTATION, INVITATION, OBSERVER, OUTCOME, STEP_ACTIONS

C = Consultation.Status
A = Invitation.Attendance
OB = Observer.Status


def _require_committee(by: User, committee_id: int | None) -> None:
    require_perm(by, "consultations.manage")
    if not scope.can_change_committee(by, committee_id):
        raise PermissionDenied(_("只能为本政协组织办理。"))


# --- topics -----------------------------------------------------------------------------------
def _link_opinions(topic: Topic, opinions: Iterable[Opinion], by: User) -> list[Opinion]:
    """Link ``opinions`` to ``topic``: each records the conversion in its own history (the desk's
    转为协商议题 step, which keeps the topic's name in its old reference field)."""
    linked = []
    for opinion in opinions:
        if opinion.committee_id != topic.committee_id:
            raise ValidationError({"opinions": _("只能关联本政协组织的社情民意。")})
        if not OPINION.can(opinion, "convert"):
            raise ValidationError(
                {
                    "opinions": _("社情民意 %(code)s 当前状态不能转为协商议题。")
                    % {"code": opinion.tracking_code}
                }
            )
        opinion_convert(opinion=opinion, by=by, target="topic", reference=topic.title)
        linked.append(opinion)
    topic.opinions.add(*linked)
    return linked


@transaction.atomic
def topic_create(
    *,
    by: User,
    committee_id: int,
    source: str,
    title: str,
    description: str = "",
    proposal_reference: str = "",
    opinions: Iterable[Opinion] = (),
) -> Topic:
    _require_committee(by, committee_id)
    topic = Topic(
        committee_id=committee_id,
        source=source,
        title=title.strip(),
        description=description.strip(),
        proposal_reference=proposal_reference.strip(),
        created_by=by,
    )
    opinions = list(opinions)
    if source == Topic.Source.PROPOSAL and not topic.proposal_reference:
        raise ValidationError({"proposal_reference": _("来源为提案时请填写提案编号。")})
    if source == Topic.Source.OPINIONS and not opinions:
        raise ValidationError({"opinions": _("来源为群众意见转化时请至少关联一条社情民意。")})
    topic.full_clean()
    topic.save()
    _link_opinions(topic, opinions, by)
    return topic


@transaction.atomic
def topic_link_opinions(*, topic: Topic, by: User, opinions: Iterable[Opinion]) -> list[Opinion]:
    _require_committee(by, topic.committee_id)
    already = set(topic.opinions.values_list("pk", flat=True))
    return _link_opinions(topic, [o for o in opinions if o.pk not in already], by)


# --- events -----------------------------------------------------------------------------------
@transaction.atomic
def consultation_create(*, by: User, **fields) -> Consultation:
    """A planned event (its first timeline row: created)."""
    unknown = set(fields) - set(Consultation.EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    departments = fields.pop("departments", None) or []
    consultation = Consultation(**fields, created_by=by)
    _require_committee(by, consultation.committee_id)
    consultation.full_clean()
    _check_departments(consultation, departments)
    consultation.save()
    if departments:
        consultation.departments.set(departments)
    ConsultationEvent.objects.create(
        consultation=consultation,
        kind=ConsultationEvent.Kind.CREATED,
        actor=by,
        to_status=consultation.status,
    )
    return consultation


def consultation_update(*, consultation: Consultation, by: User, **fields) -> Consultation:
    """Staff correct an event that is still ahead. The committee stays; observer places cannot
    drop below the places taken, and added places go to those waiting; a new time or place is
    told to the invited members."""
    unknown = set(fields) - (set(Consultation.EDITABLE_FIELDS) - {"committee"})
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    changed: list[str] = []
    departments = fields.pop("departments", None)

    def apply(locked: Consultation) -> None:
        for name, value in fields.items():
            if getattr(locked, name) != value:
                setattr(locked, name, value)
                changed.append(name)
        if departments is not None:
            _check_departments(locked, departments)
            if {d.pk for d in departments} != set(locked.departments.values_list("pk", flat=True)):
                locked.departments.set(departments)
                changed.append("departments")
        taken = locked.observers.holding_places().count()
        if locked.capacity < taken:
            raise ValidationError(
                {"capacity": _("已有 %(n)s 人报名，旁听名额不能少于该人数。") % {"n": taken}}
            )
        locked.full_clean()
        data["changed"] = changed

    def after(locked: Consultation, _event) -> None:
        while _promote_next(locked) is not None:
            pass
        if {"starts_at", "ends_at", "workstation", "address"} & set(changed):
            with translation.override(settings.LANGUAGE_CODE):
                text = _("协商活动“%(title)s”时间或地点有变更：%(when)s，%(place)s。") % {
                    "title": locked.title,
                    "when": timezone.localtime(locked.starts_at).strftime("%Y-%m-%d %H:%M"),
                    "place": locked.place,
                }
            stamp = timezone.now().strftime("%Y%m%d%H%M%S")
            _notify_invited(locked, text, f"consultation-changed:{locked.pk}:{stamp}")

    data: dict = {}
    return CONSULTATION.run(consultation, "edit", by=by, apply=apply, data=data, after=after).obj


def _check_departments(consultation: Consultation, departments) -> None:
    """列席部门 are the event's own committee's 承办单位."""
    if any(d.committee_id != consultation.committee_id for d in departments):
        raise ValidationError({"departments": _("所选列席部门不属于该政协组织。")})


def _notify_invited(consultation: Consultation, text: str, cause: str, statuses=None) -> None:
    invitations = consultation.invitations.filter(member__user__isnull=False).select_related(
        "member__user"
    )
    if statuses is not None:
        invitations = invitations.filter(rsvp__in=statuses)
    link = reverse("consultations:mine")
    for invitation in invitations:
        notice_add(
            user=invitation.member.user,
            text=text,
            link=link,
            cause=f"{cause}:{invitation.pk}",
            kind=NoticeKind.ACTIVITY,
        )


def consultation_step(
    *, consultation: Consultation, by: User, action: str, comment: str = ""
) -> Consultation:
    """One of the event's state steps (open, hold, publish the minutes, close, cancel)."""
    if action not in STEP_ACTIONS:
        raise ValueError(action)

    def after(locked: Consultation, _event) -> None:
        if action == "publish_minutes":
            Minutes.objects.filter(consultation=locked).update(published_at=timezone.now())
        elif action == "cancel":
            with translation.override(settings.LANGUAGE_CODE):
                text = _("协商活动“%(title)s”已取消。") % {"title": locked.title}
            _notify_invited(locked, text, f"consultation-cancelled:{locked.pk}")

    if action == "cancel" and not comment.strip():
        raise ValidationError({"comment": _("请说明取消原因。")})
    return CONSULTATION.run(consultation, action, by=by, comment=comment, after=after).obj


def invitable_members(*, consultation: Consultation):
    """Members who may be invited: the event's committee, plus municipal, national and
    autonomous-region members (they take part in the banners' work); active ones only."""
    return (
        Member.objects.filter(status=Member.Status.ACTIVE)
        .filter(
            Q(committee_id=consultation.committee_id)
            | Q(committee__level="municipal")
            | Q(level__in=[Member.Level.NATIONAL, Member.Level.REGION])
        )
        .exclude(consultation_invitations__consultation=consultation)
        .select_related("committee")
        .annotate(other=Case(When(committee_id=consultation.committee_id, then=0), default=1))
        .order_by("other", "committee__order", "name", "pk")
    )


def invitations_send(
    *, consultation: Consultation, by: User, members: Iterable[Member]
) -> list[Invitation]:
    """Invite ``members`` (those already invited are left as they are); each with an account
    gets a notice."""
    members = list(members)
    if not members:
        raise ValidationError({"members": _("请选择要邀请的委员。")})
    allowed = set(
        invitable_members(consultation=consultation)
        .filter(pk__in=[m.pk for m in members])
        .values_list("pk", flat=True)
    )
    created: list[Invitation] = []

    def apply(locked: Consultation) -> None:
        for member in members:
            if member.pk in allowed:
                created.append(Invitation.objects.create(consultation=locked, member=member))
        if not created:
            raise ValidationError({"members": _("所选委员均已邀请或不能邀请。")})
        data["members"] = [i.member_id for i in created]

    def after(locked: Consultation, _event) -> None:
        with translation.override(settings.LANGUAGE_CODE):
            text = _("邀请您参加%(kind)s“%(title)s”（%(when)s，%(place)s），请回复是否参加。") % {
                "kind": locked.get_kind_display(),
                "title": locked.title,
                "when": timezone.localtime(locked.starts_at).strftime("%Y-%m-%d %H:%M"),
                "place": locked.place,
            }
        link = reverse("consultations:mine")
        for invitation in created:
            member = invitation.member
            if member.user_id:
                notice_add(
                    user=member.user,
                    text=text,
                    link=link,
                    cause=f"consultation-invite:{invitation.pk}",
                    kind=NoticeKind.ACTIVITY,
                )

    data: dict = {}
    CONSULTATION.run(consultation, "invite", by=by, apply=apply, data=data, after=after)
    return created


def invitation_respond(
    *, invitation: Invitation, by: User, accept: bool, reason: str = ""
) -> Invitation:
    """The invited member accepts, or declines with a reason (请假)."""
    reason = reason.strip()
    if not accept and not reason:
        raise ValidationError({"reason": _("请填写请假原因。")})
    changes = {"responded_at": timezone.now(), "decline_reason": "" if accept else reason[:200]}
    return INVITATION.run(
        invitation,
        "accept" if accept else "decline",
        by=by,
        comment="" if accept else reason,
        changes=changes,
        event_fields={"consultation_id": invitation.consultation_id},
    ).obj


def invitation_record_answer(
    *, invitation: Invitation, by: User, accept: bool, reason: str = ""
) -> Invitation:
    """The office records the answer of an invited member who has no account (given by phone
    or in person): accepted, or declined with the reason given. The timeline row names the
    staff member who recorded it; attendance is recorded later like anybody's
    (``attendance_record``)."""
    reason = reason.strip()
    if not accept and not reason:
        raise ValidationError({"reason": _("请填写请假原因。")})
    changes = {"responded_at": timezone.now(), "decline_reason": "" if accept else reason[:200]}
    return INVITATION.run(
        invitation,
        "record_accept" if accept else "record_decline",
        by=by,
        comment=_("工作人员代为登记") + ("" if accept else f"：{reason}"),
        data={"on_behalf": True},
        changes=changes,
        event_fields={"consultation_id": invitation.consultation_id},
    ).obj


# --- attendance and the ledger ----------------------------------------------------------------
def _attended_key(invitation: Invitation) -> str:
    return f"consultation:{invitation.pk}"


def _absent_key(invitation: Invitation) -> str:
    return f"consultation:{invitation.pk}:absent"


def _ledger_sync(invitation: Invitation, consultation: Consultation) -> None:
    """The ledger says what the attendance says now: attended → 参加协商活动 once; absent
    without leave → the deduction once; anything else → neither (a fact recorded before is
    retracted). The ledger's source keys make a second recording a no-op."""
    member = invitation.member
    link = reverse("consultations:mine")
    reason = _("出席情况变更")
    attended = invitation.attendance == A.ATTENDED
    absent = invitation.attendance == A.ABSENT
    if not attended:
        ledger.ledger_reverse(source_key=_attended_key(invitation), reason=reason)
    if not absent:
        ledger.ledger_reverse(source_key=_absent_key(invitation), reason=reason)
    if attended:
        description = _("参加%(kind)s：%(title)s") % {
            "kind": consultation.get_kind_display(),
            "title": consultation.title,
        }
        if invitation.spoke:
            description += _("（发言）")
        ledger.ledger_on_consultation_attended(
            member=member,
            attendance_key=invitation.pk,
            when=consultation.starts_at,
            description=description[:200],
            link=link,
        )
    elif absent:
        ledger.ledger_on_consultation_attended(
            member=member,
            attendance_key=f"{invitation.pk}:absent",
            when=consultation.starts_at,
            description=(_("协商活动无故缺席：%(title)s") % {"title": consultation.title})[:200],
            link=link,
            absent_unexcused=True,
        )


def attendance_record(
    *, consultation: Consultation, by: User, rows: Mapping[int, tuple[str, bool]]
) -> int:
    """Staff record each invited member's attendance and whether they spoke (``rows``:
    invitation id → (attendance, spoke)). Changed rows update the ledger. Returns how many
    invitations changed."""
    for attendance, _spoke in rows.values():
        if attendance not in A.values:
            raise ValidationError({"attendance": _("出席情况无效。")})
    changed: list[Invitation] = []

    def apply(locked: Consultation) -> None:
        invitations = (
            Invitation.objects.select_for_update()
            .filter(consultation=locked, pk__in=list(rows))
            .select_related("member")
            .order_by("pk")
        )
        for invitation in invitations:
            attendance, spoke = rows[invitation.pk]
            spoke = bool(spoke) and attendance == A.ATTENDED
            if (invitation.attendance, invitation.spoke) == (attendance, spoke):
                continue
            invitation.attendance, invitation.spoke = attendance, spoke
            invitation.save(update_fields=["attendance", "spoke"])
            changed.append(invitation)
        data["changed"] = {str(i.pk): [i.attendance, i.spoke] for i in changed}

    def after(locked: Consultation, _event) -> None:
        for invitation in changed:
            _ledger_sync(invitation, locked)

    data: dict = {}
    CONSULTATION.run(consultation, "attendance", by=by, apply=apply, data=data, after=after)
    return len(changed)


# --- minutes and outcomes ---------------------------------------------------------------------
def minutes_save(
    *, consultation: Consultation, by: User, text: str, public_summary: str
) -> Minutes:
    text, public_summary = text.strip(), public_summary.strip()
    if not text:
        raise ValidationError({"text": _("请填写纪要。")})
    saved: dict = {}

    def apply(locked: Consultation) -> None:
        minutes, _created = Minutes.objects.get_or_create(
            consultation=locked, defaults={"text": text, "public_summary": public_summary}
        )
        minutes.text, minutes.public_summary = text, public_summary
        minutes.full_clean()
        minutes.save()
        saved["minutes"] = minutes

    CONSULTATION.run(consultation, "save_minutes", by=by, apply=apply)
    return saved["minutes"]


def outcome_add(
    *,
    consultation: Consultation,
    by: User,
    recommendation: str,
    submitted_to: str,
    submitted_on: datetime.date | None = None,
) -> Outcome:
    event_fields: dict = {}

    def apply(locked: Consultation) -> None:
        outcome = Outcome(
            consultation=locked,
            recommendation=recommendation.strip(),
            submitted_to=submitted_to.strip(),
            submitted_on=submitted_on or timezone.localdate(),
        )
        if outcome.submitted_on > timezone.localdate():
            raise ValidationError({"submitted_on": _("报送日期不能晚于今天。")})
        outcome.full_clean()
        outcome.save()
        event_fields["outcome"] = outcome

    CONSULTATION.run(consultation, "add_outcome", by=by, apply=apply, event_fields=event_fields)
    return event_fields["outcome"]


# The date field a follow-up step sets.
_DATE_OF = {"decide": "decided_on", "implement": "implemented_on", "close": "closed_on"}


def outcome_follow_up(
    *,
    outcome: Outcome,
    by: User,
    action: str,
    status: str | None = None,
    on: datetime.date | None = None,
    note: str = "",
) -> Outcome:
    """One follow-up step: the decision (adopted / partly / not adopted), implemented, closed,
    or a note; each with its date and note."""
    if action not in OUTCOME:
        raise ValueError(action)
    on = on or timezone.localdate()
    if on > timezone.localdate():
        raise ValidationError({"on": _("日期不能晚于今天。")})
    note = note.strip()
    if action == "note" and not note:
        raise ValidationError({"note": _("请填写跟踪说明。")})

    def apply(locked: Outcome) -> None:
        if on < locked.submitted_on:
            raise ValidationError({"on": _("日期不能早于报送日期。")})
        field = _DATE_OF.get(action)
        if field:
            setattr(locked, field, on)
        if note:
            locked.notes = note[:2000]
        locked.updated_at = timezone.now()

    if OUTCOME[action].targets and status not in OUTCOME[action].targets:
        raise ValidationError({"status": _("请选择采纳情况。")})
    return OUTCOME.run(
        outcome,
        action,
        by=by,
        target=status if OUTCOME[action].targets else None,
        comment=note,
        data={"on": on.isoformat()},
        apply=apply,
        event_fields={"consultation_id": outcome.consultation_id},
    ).obj


# --- public observers -------------------------------------------------------------------------
def _lock_consultation(consultation_id: int) -> Consultation:
    return Consultation.objects.select_for_update().get(pk=consultation_id)


def _first_status(consultation: Consultation) -> str:
    return OB.PENDING if consultation.needs_approval else OB.CONFIRMED


def signup_refusal(consultation: Consultation) -> str | None:
    """Why the public cannot sign up for ``consultation`` now (``None`` if they can)."""
    if consultation.status != C.OPEN or not consultation.takes_observers:
        return _("该活动当前不接受报名。")
    if consultation.starts_at <= timezone.now():
        return _("活动已开始，报名已截止。")
    return None


@transaction.atomic
def observer_sign_up(
    *, consultation: Consultation, name: str, phone: str, consent: bool
) -> Observer:
    """A member of the public signs up to observe. With the event's row locked: a free place
    → confirmed (with an entry code) or pending approval; no place → the waiting list."""
    if not consent:
        raise ValidationError({"consent": _("请阅读并同意个人信息处理告知后再报名。")})
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("请填写姓名。")})
    locked = _lock_consultation(consultation.pk)
    refusal = signup_refusal(locked)
    if refusal:
        raise TransitionError(refusal)
    live = [*Observer.PLACE_STATUSES, OB.WAITLISTED]
    if locked.observers.filter(phone=phone, status__in=live).exists():
        raise ValidationError({"phone": _("该手机号码已报名本场活动，请通过报名时的链接查看。")})
    taken = locked.observers.holding_places().count()
    status = _first_status(locked) if taken < locked.capacity else OB.WAITLISTED
    now = timezone.now()
    observer = Observer(
        consultation=locked,
        name=name,
        phone=phone,
        status=status,
        consent_at=now,
        created_at=now,
        entry_code=new_entry_code() if status == OB.CONFIRMED else None,
    )
    observer.full_clean()
    try:
        with transaction.atomic():
            observer.save()
    except IntegrityError as exc:  # the same phone at the same moment
        raise ValidationError({"phone": _("该手机号码已报名本场活动。")}) from exc
    ConsultationEvent.objects.create(
        consultation=locked,
        observer=observer,
        kind=ConsultationEvent.Kind.SIGNED_UP,
        to_status=status,
    )
    return observer


def _promote_next(consultation: Consultation) -> Observer | None:
    """The first on the waiting list takes a freed place (the event's row is locked)."""
    if consultation.status not in {C.PLANNED, C.OPEN}:
        return None
    if consultation.observers.holding_places().count() >= consultation.capacity:
        return None
    waiting = consultation.observers.waitlist().first()
    if waiting is None:
        return None
    target = _first_status(consultation)
    changes = {"entry_code": new_entry_code()} if target == OB.CONFIRMED else {}
    return OBSERVER.run(
        waiting,
        "promote",
        by=None,
        system=True,
        target=target,
        changes=changes,
        event_fields={"consultation_id": consultation.pk},
    ).obj


@transaction.atomic
def observer_cancel(*, observer: Observer) -> Observer:
    """Cancelled through the private link; a place it held goes to the first on the list."""
    consultation = _lock_consultation(observer.consultation_id)
    held_place = Observer.objects.get(pk=observer.pk).status in Observer.PLACE_STATUSES
    cancelled = OBSERVER.run(
        observer,
        "cancel",
        by=None,
        changes={"entry_code": None},
        event_fields={"consultation_id": consultation.pk},
    ).obj
    if held_place:
        _promote_next(consultation)
    return cancelled


@transaction.atomic
def observer_decide(*, observer: Observer, by: User, approve: bool, comment: str = "") -> Observer:
    """Staff approve a pending registration (it gets its entry code) or turn it down (its place
    goes to the first on the list)."""
    consultation = _lock_consultation(observer.consultation_id)
    if approve:
        return OBSERVER.run(
            observer,
            "approve",
            by=by,
            comment=comment,
            changes={"entry_code": new_entry_code()},
            event_fields={"consultation_id": consultation.pk},
        ).obj
    decided = OBSERVER.run(
        observer,
        "reject",
        by=by,
        comment=comment,
        event_fields={"consultation_id": consultation.pk},
    ).obj
    _promote_next(consultation)
    return decided


def observer_by_code(*, code: str) -> Observer | None:
    code = (code or "").strip()
    if not code or len(code) > 16:
        return None
    return (
        Observer.objects.select_related("consultation", "consultation__workstation")
        .filter(entry_code=code)
        .first()
    )


@transaction.atomic
def observer_check_in(*, observer: Observer, by: User) -> Observer:
    """At the door: the entry code is used once (a second scan is refused with the time it was
    used)."""
    current = Observer.objects.get(pk=observer.pk)
    if current.status == OB.CHECKED_IN:
        raise TransitionError(
            _("该入场码已于 %(time)s 使用过。")
            % {"time": timezone.localtime(current.checked_in_at).strftime("%H:%M")}
        )
    return OBSERVER.run(
        observer,
        "check_in",
        by=by,
        changes={"checked_in_at": timezone.now()},
        event_fields={"consultation_id": observer.consultation_id},
    ).obj


# --- personal data ----------------------------------------------------------------------------
def observers_anonymise_expired(*, now: datetime.datetime | None = None) -> int:
    """Daily (PIPL): blank the names and phone numbers of observers of events that ended more
    than ``OBSERVER_DATA_RETENTION_DAYS`` ago (or were cancelled that long ago). Idempotent."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=settings.OBSERVER_DATA_RETENTION_DAYS)
    expired = Observer.objects.filter(consultation__ends_at__lt=cutoff).exclude(name="", phone="")
    with transaction.atomic():
        count = expired.update(name="", phone="")
        if count:
            audit_log(
                actor=None,
                action="retention_anonymise",
                target="consultations.observers",
                detail={"count": count, "cutoff": cutoff.isoformat()},
            )
    return count


# --- reminders --------------------------------------------------------------------------------
def consultation_reminders_send(*, now: datetime.datetime | None = None) -> int:
    """A notice to each invited member (not declined) of an event starting in the next 48
    hours. Idempotent: the notice's source key is the invitation."""
    now = now or timezone.now()
    consultations = Consultation.objects.filter(
        status__in=[C.PLANNED, C.OPEN],
        starts_at__gt=now,
        starts_at__lte=now + datetime.timedelta(hours=48),
    )
    sent = 0
    for consultation in consultations:
        with translation.override(settings.LANGUAGE_CODE):
            text = _("协商活动提醒：“%(title)s”将于 %(when)s 在%(place)s举行。") % {
                "title": consultation.title,
                "when": timezone.localtime(consultation.starts_at).strftime("%m-%d %H:%M"),
                "place": consultation.place,
            }
        _notify_invited(
            consultation,
            text,
            f"consultation-reminder:{consultation.pk}",
            statuses=[Invitation.Rsvp.PENDING, Invitation.Rsvp.ACCEPTED],
        )
        sent += 1
    return sent


STALE_FOLLOW_UP_DAYS = 30


def outcome_reminders_send(*, now: datetime.datetime | None = None) -> int:
    """A notice to the office of each outcome not followed up for 30 days and not closed.
    Idempotent per outcome and day of its last step (running twice stores each notice once)."""
    now = now or timezone.now()
    stale = (
        Outcome.objects.open()
        .filter(updated_at__lt=now - datetime.timedelta(days=STALE_FOLLOW_UP_DAYS))
        .select_related("consultation")
    )
    office: dict[int, list[User]] = {}
    sent = 0
    for outcome in stale:
        committee_id = outcome.consultation.committee_id
        if committee_id not in office:
            office[committee_id] = list(
                User.objects.filter(role=User.Role.STAFF, committee_id=committee_id, is_active=True)
            )
        with translation.override(settings.LANGUAGE_CODE):
            text = _("协商成果跟踪提醒：“%(title)s”的成果已 %(days)s 天未更新落实情况。") % {
                "title": outcome.consultation.title,
                "days": (now - outcome.updated_at).days,
            }
        for user in office[committee_id]:
            notice_add(
                user=user,
                text=text,
                link=reverse("consultations:detail", args=[outcome.consultation_id]),
                cause=f"outcome-stale:{outcome.pk}:{outcome.updated_at:%Y%m%d}",
                kind=NoticeKind.REVIEW,
            )
            sent += 1
    return sent
