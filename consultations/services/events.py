"""The consultation events themselves: created, corrected while still ahead (a new time or
place is told to the invited members; added observer places go to those waiting), and the state
steps of the transition table (open, hold, publish the minutes, close, cancel).

Services are keyword-only and run the transition tables (``consultations.workflows``). Invitations
and RSVP: ``invitations``; observers: ``observers``; attendance, minutes and outcomes:
``records``; topics: ``topics``.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import User
from core.access import require_perm
from org import scope

from ..models import Consultation, ConsultationEvent, Minutes
from ..workflows import CONSULTATION, STEP_ACTIONS
from .invitations import _notify_invited
from .observers import _promote_next


def _require_committee(by: User, committee_id: int | None) -> None:
    require_perm(by, "consultations.manage")
    if not scope.can_change_committee(by, committee_id):
        raise PermissionDenied(_("只能为本政协组织办理。"))


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
