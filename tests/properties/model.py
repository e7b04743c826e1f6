"""The expected behaviour the stateful test holds the services to, written from reading the
services (then opinions/services.py, opinions/handling.py and liaison/services.py; now the
packages opinions/services/ and liaison/services/) and the ``can_*`` guards —
deliberately independent of any transition table in the application, so that the test stands on
its own while those tables are being written.

Everything here is plain Python: who may act (by role and committee), which state an action may
start from, what it leads to, and how many events it writes. The machine in
``test_lifecycle_machine.py`` asks this model what should happen, runs the real service, and
compares.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

# --- actors ----------------------------------------------------------------------------------
A, B = "A", "B"  # A: 鄂尔多斯市政协 (municipal), B: 达拉特旗政协 (banner)


@dataclass(frozen=True)
class Actor:
    key: str
    role: str  # anonymous, citizen, member, staff, leader, department, admin
    committee: str | None = None  # A / B
    member: str | None = None  # the member key of a member account
    department: str | None = None  # the department key of a department account

    @property
    def is_office(self) -> bool:
        return self.role in ("staff", "admin")

    def can_change(self, committee: str) -> bool:
        """org.scope.can_change_committee: superusers everywhere, others their own committee."""
        if self.role == "anonymous":
            return False
        return self.role == "admin" or self.committee == committee

    def office_of(self, committee: str) -> bool:
        """Staff (or an administrator) who may change the committee's records."""
        return self.is_office and self.can_change(committee)


ACTORS: dict[str, Actor] = {
    a.key: a
    for a in (
        Actor("anon", "anonymous"),
        Actor("citizen", "citizen"),
        Actor("admin", "admin"),
        Actor("staff_A", "staff", A),
        Actor("staff_B", "staff", B),
        Actor("leader_A", "leader", A),
        Actor("leader_B", "leader", B),
        Actor("dept_A1", "department", A, department="A1"),
        Actor("dept_A2", "department", A, department="A2"),
        Actor("dept_B1", "department", B, department="B1"),
        Actor("member_A1", "member", A, member="mA1"),
        Actor("member_A2", "member", A, member="mA2"),
        Actor("member_B1", "member", B, member="mB1"),
        Actor("member_B2", "member", B, member="mB2"),
    )
}
# members (mA3 and mB3 have no account: co-authors and participants only)
MEMBERS = {"mA1": A, "mA2": A, "mA3": A, "mB1": B, "mB2": B, "mB3": B}
MEMBER_USER = {a.member: a.key for a in ACTORS.values() if a.member}
DEPARTMENTS = {"A1": A, "A2": A, "B1": B}
MUNICIPAL = A

# --- opinions --------------------------------------------------------------------------------
DRAFT, SUBMITTED, UNDER_REVIEW, RETURNED = "draft", "submitted", "under_review", "returned"
NOT_ADOPTED, MERGED, ADOPTED, COMPILED = "not_adopted", "merged", "adopted", "compiled"
FORWARDED, REPLIED, CLOSED = "forwarded", "replied", "closed"
UNDECIDED = {SUBMITTED, UNDER_REVIEW}
MERGE_TARGETS = UNDECIDED | {ADOPTED, COMPILED, FORWARDED, REPLIED}
AFTER_ADOPTION = {ADOPTED, COMPILED, FORWARDED, REPLIED, CLOSED}
LEVELS = ["banner", "municipal", "region", "national"]  # in rank order

# Every (from, to) an opinion event may show: the table the test holds the log to.
OPINION_EDGES = {
    ("", DRAFT),
    ("", SUBMITTED),
    *((s, SUBMITTED) for s in (DRAFT, RETURNED)),
    *((s, t) for s in UNDECIDED for t in (UNDER_REVIEW, RETURNED, NOT_ADOPTED, MERGED, ADOPTED)),
    (ADOPTED, COMPILED),
    *((s, FORWARDED) for s in (ADOPTED, COMPILED, FORWARDED)),
    (FORWARDED, REPLIED),
    (REPLIED, CLOSED),
    (REPLIED, FORWARDED),  # re-handling after an unsatisfied rating
    (CLOSED, FORWARDED),  # re-handling asked for after the opinion closed
}

# forwardings
F_NEW, F_SIGNED, F_RETURN_REQUESTED, F_WITHDRAWN = "new", "signed", "return_requested", "withdrawn"
F_REPLIED, F_REJECTED, F_ACCEPTED = "replied", "rejected", "accepted"
# a co-handler's part: its 协办意见 given, or excused by the office
F_OPINION_GIVEN, F_WAIVED = "opinion_given", "waived"
# the co-handlers' states that let the lead's reply be accepted (the old flow's accepted reply too)
CO_DONE = {F_OPINION_GIVEN, F_WAIVED, F_WITHDRAWN, F_ACCEPTED}

# bulletins: edited (draft), sent for sign-off (compiled), signed off (issued)
B_DRAFT, B_COMPILED, B_ISSUED = "draft", "compiled", "issued"

# activities
ACTIVITY_EDGES = {
    ("", DRAFT),
    ("", SUBMITTED),  # organised by staff
    (DRAFT, SUBMITTED),
    (RETURNED, SUBMITTED),
    (SUBMITTED, "confirmed"),
    (SUBMITTED, RETURNED),
    ("confirmed", SUBMITTED),
}
CONFIRMED = "confirmed"


@dataclass
class OpinionModel:
    pk: int
    committee: str
    status: str
    events: int
    author: str | None = None
    co: tuple[str, ...] = ()
    level: str = ""
    is_spam: bool = False
    rated: bool = False
    satisfaction: str = ""
    rehandled: bool = False
    bulletin: int | None = None
    resubmitted: bool = False  # submitted again after a return


@dataclass
class ForwardingModel:
    pk: int
    opinion: int
    department: str
    role: str  # lead / co
    status: str = F_NEW
    signed: bool = False
    replies: list[int] = field(default_factory=list)
    pending_reply: int | None = None


@dataclass
class BulletinModel:
    pk: int
    committee: str
    compilers: set[str] = field(default_factory=set)  # who created it or sent it for sign-off
    status: str = B_DRAFT
    items: list[int] = field(default_factory=list)

    @property
    def issued(self) -> bool:
        return self.status == B_ISSUED


@dataclass
class ActivityModel:
    pk: int
    committee: str
    reporter: str | None
    participants: set[str]
    status: str
    events: int
    occurred_on: datetime.date
    attended: set[str] = field(default_factory=set)
    is_public: bool = False


def member_committee(member: str) -> str:
    return MEMBERS[member]


def may_edit_member_item(actor: Actor, author: str | None) -> bool:
    return author is not None and actor.member == author


def level_rank(level: str) -> int:
    return LEVELS.index(level) if level in LEVELS else -1


def may_sign_off(actor: Actor, committee: str, compilers: set[str]) -> bool:
    """签发: a leader of the issue's committee (or the administrator, who holds every grant;
    staff here hold none), never one of its compilers."""
    return (
        actor.role in ("leader", "admin")
        and actor.can_change(committee)
        and actor.key not in compilers
    )


def may_record_instruction(actor: Actor, committee: str) -> bool:
    """领导批示: a leader who sees the item (a municipal leader sees every committee's), or the
    office of its committee recording one."""
    if actor.role == "leader":
        return actor.committee in (committee, MUNICIPAL)
    return actor.office_of(committee)


def is_department_user_of(actor: Actor, department: str) -> bool:
    return actor.role == "department" and actor.department == department


def valid_co_members(reporter: str, co: tuple[str, ...]) -> bool:
    """Activity participants: the reporter's committee or the municipal committee."""
    home = member_committee(reporter)
    return all(member_committee(m) in (home, MUNICIPAL) for m in co if m != reporter)


def valid_co_authors(author: str, co: tuple[str, ...]) -> bool:
    """Joint authors of an item: the author's committee only."""
    return all(member_committee(m) == member_committee(author) for m in co if m != author)
