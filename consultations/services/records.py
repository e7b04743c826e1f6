"""What an event leaves behind: attendance (which feeds the ledger), the minutes, and the
outcomes (协商成果) with their follow-up and the reminders for those not followed up."""

from __future__ import annotations

import datetime
from collections.abc import Mapping

from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import User
from ledger import services as ledger
from notifications.models import NoticeKind
from notifications.services import notice_add

from ..models import Consultation, Invitation, Minutes, Outcome
from ..workflows import CONSULTATION, OUTCOME

A = Invitation.Attendance


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
