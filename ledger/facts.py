"""What the sources report: performance facts built from a source record.

The ledger imports none of its sources (liaison, workstations, opinions sit above it). Each
builder reads the attributes of the record it is given (an ``Activity``, a ``DutyShift``, an
``Opinion``, or the historical model of a data migration) and returns the facts it means, as
:class:`FactSpec` values the caller turns into ``PerformanceFact`` rows of its own model class.
The status values it compares with are the sources' stored values (``"confirmed"``, ``"served"``…).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import FactKind, LedgerEntry, LedgerItem, activity_item

Source = LedgerEntry.Source

# the source records' stored status values the ledger cares about
ACTIVITY_CONFIRMED = "confirmed"
SHIFT_SERVED = "served"
SHIFT_MISSED = "missed"


@dataclass(frozen=True)
class FactSpec:
    """One fact, before it is stored. ``same_as`` compares what the rules score."""

    member_id: int
    committee_id: int
    occurred_on: datetime.date
    kind: str
    item: str
    source_type: str
    source_key: str
    description: str = ""
    link: str = ""
    data: dict[str, Any] = field(default_factory=dict)

    def fields(self) -> dict[str, Any]:
        return {
            "member_id": self.member_id,
            "committee_id": self.committee_id,
            "year": self.occurred_on.year,
            "occurred_on": self.occurred_on,
            "kind": self.kind,
            "item": self.item,
            "source_type": self.source_type,
            "source_key": self.source_key,
            "description": self.description[:200],
            "link": self.link[:200],
            "data": self.data,
        }

    def same_as(self, fact: Any) -> bool:
        mine = self.fields()
        return all(getattr(fact, name) == value for name, value in mine.items())


def as_date(when: datetime.date | datetime.datetime) -> datetime.date:
    if isinstance(when, datetime.datetime):
        return timezone.localdate(when) if timezone.is_aware(when) else when.date()
    return when


def activity_key(pk: int) -> str:
    return f"activity:{pk}"


def shift_key(pk: int) -> str:
    return f"shift:{pk}"


def opinion_key(pk: int, kind: str) -> str:
    return f"opinion:{pk}:{kind}"


# --- liaison: an activity confirmed with its attendance ------------------------------------
def activity_facts(activity: Any, participants: Iterable[Any] | None = None) -> list[FactSpec]:
    """A confirmed activity → one fact per attending participant (``participants``: its
    ``ActivityParticipant`` rows with their member, read from the activity when not given).
    Activities that come from a duty shift are counted by the shift, those another record stands
    for (``origin``: a delivered 委员讲堂 lecture) by that record's own fact."""
    origin: str = getattr(activity, "origin", "")  # a historical model may not have it
    if activity.shift_id is not None or origin or activity.status != ACTIVITY_CONFIRMED:
        return []
    if participants is None:
        participants = activity.participants.select_related("member")
    attending = [p for p in participants if p.attended]
    # "我为群众办实事：…" once, also when the member's title already begins with the type.
    kind = str(activity.get_type_display())
    title = activity.title.strip()
    description = title if title.startswith(kind) else f"{kind}：{title}"
    link = reverse("liaison:activity_detail", args=[activity.pk])
    return [
        FactSpec(
            member_id=p.member_id,
            committee_id=p.member.committee_id,
            occurred_on=activity.occurred_on,
            kind=FactKind.ACTIVITY_ATTENDED,
            item=activity_item(activity.type),
            source_type=Source.ACTIVITY,
            source_key=activity_key(activity.pk),
            description=description,
            link=link,
            data={
                "activity_type": activity.type,
                "role": "reporter" if p.member_id == activity.reporter_id else "participant",
                "attendees": len(attending),
            },
        )
        for p in attending
    ]


# --- workstations: a duty shift served or missed -------------------------------------------
def shift_facts(shift: Any) -> list[FactSpec]:
    if shift.status == SHIFT_SERVED:
        kind, item, text = FactKind.SHIFT_SERVED, LedgerItem.DUTY_SHIFT, _("值班")
    elif shift.status == SHIFT_MISSED:
        kind, item, text = FactKind.SHIFT_MISSED, LedgerItem.DUTY_ABSENCE, _("值班无故缺勤")
    else:
        return []
    member = shift.member
    return [
        FactSpec(
            member_id=member.pk,
            committee_id=member.committee_id,
            occurred_on=shift.date,
            kind=kind,
            item=item,
            source_type=Source.SHIFT,
            source_key=shift_key(shift.pk),
            description=f"{text}：{shift.workstation.name} {shift.date:%m-%d} "
            f"{shift.starts_at:%H:%M}-{shift.ends_at:%H:%M}",
            link=reverse("workstations:shift_detail", args=[shift.pk]),
            data={"workstation": shift.workstation_id},
        )
    ]


# --- opinions: a member's item submitted, adopted at a level --------------------------------
def _authors(opinion: Any, co_authors: Iterable[Any] | None) -> list[tuple[Any, str]]:
    if opinion.author_id is None:
        return []
    if co_authors is None:
        co_authors = opinion.co_authors.all()
    result = [(opinion.author, "author")]
    result += [(m, "co_author") for m in co_authors if m.pk != opinion.author_id]
    return result


def opinion_facts(
    opinion: Any, kind: str, co_authors: Iterable[Any] | None = None
) -> list[FactSpec]:
    """``kind`` "submitted" (the item reached the committee) or "adopted" (at its current
    level): one fact per author; the share is the rules' business (``role``, ``authors``)."""
    authors = _authors(opinion, co_authors)
    if not authors:
        return []
    data: dict[str, Any] = {"authors": len(authors), "rules_committee": opinion.committee_id}
    item: str
    if kind == "submitted":
        if not opinion.submitted_at:
            return []
        when = as_date(opinion.submitted_at)
        fact_kind, item = FactKind.OPINION_SUBMITTED, LedgerItem.OPINION_SUBMITTED
        text = _("报送社情民意：%(title)s") % {"title": opinion.title}
    else:
        if not opinion.adoption_level or not opinion.decided_at:
            return []
        when = as_date(opinion.decided_at)
        fact_kind, item = FactKind.OPINION_ADOPTED, f"adopted.{opinion.adoption_level}"
        data["level"] = opinion.adoption_level
        text = _("社情民意被采用（%(level)s）：%(title)s") % {
            "level": opinion.get_adoption_level_display(),
            "title": opinion.title,
        }
    link = reverse("opinions:mine_detail", args=[opinion.pk])
    return [
        FactSpec(
            member_id=member.pk,
            committee_id=member.committee_id,
            occurred_on=when,
            kind=fact_kind,
            item=item,
            source_type=Source.OPINION,
            source_key=opinion_key(opinion.pk, kind),
            description=text,
            link=link,
            data={**data, "role": role},
        )
        for member, role in authors
    ]
