"""Invitations and RSVP: which members may be invited, the invitations with their notices, the
member's answer, the answer the office records for a member without an account, and the
reminders to the invited members 48 hours ahead."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Case, Q, When
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import User
from members.models import Member
from notifications.models import NoticeKind
from notifications.services import notice_add

from ..models import Consultation, Invitation
from ..workflows import CONSULTATION, INVITATION

C = Consultation.Status


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
