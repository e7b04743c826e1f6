"""Leader instructions (领导批示): recorded by staff (``instruction_record``) or given by the leader
(``instruction_give``, at their committee's level), a row of ``opinions.workflows.OPINION`` run by
the one runner; the members who wrote the item earn the ledger's 批示 points and its handler and
departments are told."""

from __future__ import annotations

import datetime
from typing import TypedDict, Unpack

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from ledger import services as ledger
from notifications.models import NoticeKind
from notifications.services import notice_add

from ..models import Forwarding, LeaderInstruction, Opinion
from ..notifications import department_notices_add
from .common import run_opinion


class Instruction(TypedDict):
    """A leader's 批示 as recorded: who gave it, at which level, when, and its text."""

    leader_name: str
    leader_title: str
    level: str
    instructed_on: datetime.date
    text: str


def instruction_record(
    *, opinion: Opinion, by: User, **instruction: Unpack[Instruction]
) -> LeaderInstruction:
    created: list[LeaderInstruction] = []
    leader = f"{instruction['leader_title']} {instruction['leader_name']}"
    # completed by apply, which runs before the event is written
    data: dict[str, object] = {"leader": leader, "level": instruction["level"]}

    def apply(item: Opinion) -> None:
        if instruction["instructed_on"] > timezone.localdate():
            raise ValidationError({"instructed_on": _("批示日期不能晚于今天。")})
        record = LeaderInstruction(opinion=item, recorded_by=by, **instruction)
        record.full_clean()
        record.save()
        created.append(record)
        data["instruction"] = record.pk

    run_opinion(
        opinion,
        "instruction",
        by=by,
        comment=instruction["text"],
        data=data,
        apply=apply,
        after=lambda item, event: _instruction_follow_up(item, created[0], event),
    )
    return created[0]


def leader_instruction_level(user: User) -> str:
    """The level of a leader's own 批示: the committee they belong to."""
    committee = user.committee
    if committee is not None and committee.is_municipal:
        return LeaderInstruction.Level.MUNICIPAL
    return LeaderInstruction.Level.BANNER


def instruction_give(
    *, opinion: Opinion, by: User, leader_title: str, text: str
) -> LeaderInstruction:
    """A leader records their own 批示 (today's date, their name and committee's level)."""
    return instruction_record(
        opinion=opinion,
        by=by,
        leader_name=by.display_name,
        leader_title=leader_title,
        level=leader_instruction_level(by),
        instructed_on=timezone.localdate(),
        text=text,
    )


def _instruction_follow_up(opinion: Opinion, instruction: LeaderInstruction, event) -> None:
    """The ledger fact (获领导批示) and the notices: the item's handler at the office and the
    departments handling it (the member author's notice is the event's own, notifications)."""
    _ledger_instruction(opinion, instruction)
    text = _("“%(title)s”获%(leader)s批示：%(text)s") % {
        "title": opinion.title,
        "leader": f"{instruction.leader_title}{instruction.leader_name}",
        "text": instruction.text[:100],
    }
    cause = f"instruction:{instruction.pk}"
    if opinion.assignee_id and opinion.assignee_id != getattr(event, "actor_id", None):
        notice_add(
            user=opinion.assignee,
            text=text,
            link=f"/opinions/desk/{opinion.pk}/",
            cause=f"{cause}:{opinion.assignee_id}",
            kind=NoticeKind.REVIEW,
        )
    forwardings = Forwarding.objects.filter(
        opinion=opinion, status__in=Forwarding.OPEN_STATUSES
    ).select_related("department")
    for forwarding in forwardings:
        department_notices_add(forwarding=forwarding, text=text, cause=f"{cause}:{forwarding.pk}")


def _ledger_instruction(opinion: Opinion, instruction: LeaderInstruction) -> None:
    """Members who wrote the item earn 批示 points (ledger.services)."""
    if opinion.author_id:
        authors = [opinion.author, *opinion.co_authors.all()]
        for member in authors:
            ledger.ledger_on_leader_instruction(
                member=member,
                instruction_key=instruction.pk,
                when=instruction.instructed_on,
            )
