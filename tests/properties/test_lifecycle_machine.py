"""Stateful property test (issue 10): a Hypothesis ``RuleBasedStateMachine`` drives the opinion +
forwarding lifecycle and the liaison activity → ledger path through the public services, with
random actors of every role and two committees, and checks after every step that

1. replaying each record's event log (from → to, in order) gives its current status, and every
   logged edge is in the allowed table (``model.OPINION_EDGES`` / ``model.ACTIVITY_EDGES``);
2. an action the model (``tests/properties/model.py``) refuses raises ``TransitionError``,
   ``ValidationError`` or ``PermissionDenied`` and changes nothing — status, event count and every
   other record are what the model says; an action the model allows succeeds;
3. an actor without the permission — another committee's staff, a leader, a citizen, another
   department — is refused with ``PermissionDenied`` and nothing changes;
4. the incremental ledger (active entries and yearly totals) equals what ``ledger_rebuild``
   produces (the rebuild runs in a savepoint that is rolled back).

The world (two committees, a few users per role, three departments) is built once per test; each
Hypothesis example runs in a savepoint rolled back at its end. The clock is frozen and only moves
when the machine says so (it starts in late December, so activities and items straddle two years).

Profiles: the default runs 30 examples of up to 25 steps with ``derandomize=True`` (reproducible
in CI); ``HYPOTHESIS_PROFILE=ci-long`` runs more (see tests/conftest.py). A failure prints the
steps (and ``print_blob`` the reproduction blob).
"""

from __future__ import annotations

import datetime
import os
import sys
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.conf import settings as dj_settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from hypothesis import HealthCheck, Phase, assume, event, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    invariant,
    multiple,
    rule,
    run_state_machine_as_test,
)

from accounts.models import User
from core.workflow import TransitionError, replay
from ledger.models import LedgerEntry, MemberYearScore
from ledger.services import ledger_on_opinion_submitted, ledger_rebuild, scoring_rules_save
from liaison import services as liaison
from liaison.models import Activity, ActivityEvent
from liaison.services import ActivityTransitionError
from opinions import services
from opinions.models import Bulletin, BulletinItem, Forwarding, Opinion, OpinionEvent, Reply
from opinions.services import TransitionError as OpinionTransitionError
from tests.members import factories as mf
from tests.opinions.factories import DepartmentFactory

from . import model as M

REFUSALS: tuple[type[Exception], ...] = (
    TransitionError,
    OpinionTransitionError,
    ActivityTransitionError,
    ValidationError,
    PermissionDenied,
)

START = datetime.datetime(
    2025, 12, 22, 10, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=8))
)
YEARS = (2025, 2026)

OK, DENIED, REFUSED = "ok", "denied", "refused"  # what the model expects of an action

# An actor by name, or RIGHT: the one the model expects to be allowed (the record's office, its
# department, its author), so that half the steps get through and the lifecycle goes deep.
RIGHT = "@right"
actors = st.sampled_from(sorted(M.ACTORS)) | st.just(RIGHT)
# Whom an item may be assigned to: an account (never the anonymous visitor).
assignees = st.sampled_from(sorted(set(M.ACTORS) - {"anon"})) | st.just(RIGHT)
members = st.sampled_from(sorted(M.MEMBERS))
co_lists = st.lists(members, max_size=2, unique=True).map(tuple)
departments = st.sampled_from(sorted(M.DEPARTMENTS))
committees = st.sampled_from([M.A, M.B])
levels = st.sampled_from(M.LEVELS)
activity_types = st.sampled_from(["survey", "forum", "care"])


# --- the world -------------------------------------------------------------------------------
class World:
    """Users, members and departments by the model's keys; built once per test."""

    def __init__(self, ref):
        self.committees = {M.A: ref["ordos"], M.B: ref["dalate"]}
        self.departments = {
            key: DepartmentFactory(committee=self.committees[c], name=f"性质测试承办单位{key}")
            for key, c in M.DEPARTMENTS.items()
        }
        self.members = {}
        self.users: dict[str, User | AnonymousUser] = {"anon": AnonymousUser()}
        for key, committee in M.MEMBERS.items():
            account = M.MEMBER_USER.get(key)
            if account:
                member = mf.MemberUserFactory(
                    committee=self.committees[committee], user__username=f"prop_{account}"
                )
                self.users[account] = member.user
            else:
                member = mf.MemberFactory(committee=self.committees[committee])
            self.members[key] = member
        for actor in M.ACTORS.values():
            if actor.key in self.users:
                continue
            fields = {"username": f"prop_{actor.key}", "role": actor.role}
            if actor.committee:
                fields["committee"] = self.committees[actor.committee]
            if actor.department:
                fields["department"] = self.departments[actor.department]
            self.users[actor.key] = mf.UserFactory(**fields)
        self.member_keys = {m.pk: key for key, m in self.members.items()}
        self.committee_keys = {c.pk: key for key, c in self.committees.items()}
        # 达拉特旗 shares joint work equally in 2026 (the default set, used for 2025, does not):
        # year- and committee-specific rules must give the same totals incrementally and rebuilt.
        scoring_rules_save(
            by=self.users["staff_B"],
            committee=self.committees[M.B],
            year=2026,
            settings={"coattend_split": "equal", "coauthor_split": "equal"},
            items={},
        )


# --- the machine -----------------------------------------------------------------------------
class LifecycleMachine(RuleBasedStateMachine):
    world: World
    clock: Any  # time_machine's Coordinates (move_to, shift)

    opinions = Bundle("opinions")
    forwardings = Bundle("forwardings")
    bulletins = Bundle("bulletins")
    activities = Bundle("activities")

    def __init__(self):
        super().__init__()
        self.clock.move_to(START)
        self._atomic = transaction.atomic()
        self._atomic.__enter__()
        self.o: dict[int, M.OpinionModel] = {}
        self.f: dict[int, M.ForwardingModel] = {}
        self.b: dict[int, M.BulletinModel] = {}
        self.a: dict[int, M.ActivityModel] = {}
        self.replied_at: dict[int, datetime.datetime] = {}
        self.ledger_checked: tuple | None = None

    def teardown(self):
        transaction.set_rollback(True)
        self._atomic.__exit__(None, None, None)

    # --- helpers -----------------------------------------------------------------------------
    @staticmethod
    def resolve(actor: str, right: str) -> str:
        return right if actor == RIGHT else actor

    def user(self, key: str):
        return self.world.users[key]

    def opinion(self, pk: int) -> Opinion:
        return Opinion.objects.get(pk=pk)

    def attempt(self, verdict: str, call):
        """Run ``call``; the model said ``verdict``. A refusal must change nothing (the
        invariants compare every record with the model, which was not updated)."""
        event(f"{sys._getframe(1).f_code.co_name}: {verdict}")
        if verdict == OK:
            return call()
        expected = PermissionDenied if verdict == DENIED else REFUSALS
        with pytest.raises(expected):
            call()
        return None

    @staticmethod
    def _row_counts():
        return (
            Opinion.objects.count(),
            Forwarding.objects.count(),
            Bulletin.objects.count(),
            BulletinItem.objects.count(),
            Activity.objects.count(),
        )

    def _open_forwardings(self, opinion_pk: int) -> list[M.ForwardingModel]:
        return [f for f in self.f.values() if f.opinion == opinion_pk and f.status != M.F_WITHDRAWN]

    def _accepted_lead(self, opinion_pk: int) -> M.ForwardingModel | None:
        for f in self.f.values():
            if f.opinion == opinion_pk and f.role == "lead" and f.status == M.F_ACCEPTED:
                return f
        return None

    def _rehandle(self, o: M.OpinionModel) -> None:
        lead = self._accepted_lead(o.pk)
        assert lead is not None
        lead.status = M.F_SIGNED
        o.status, o.rehandled, o.rated = M.FORWARDED, True, False
        o.events += 1  # the lead forwarding's own "reopened" step (an opinion event too)

    # --- creating opinions ---------------------------------------------------------------------
    @rule(target=opinions, committee=committees, actor=st.sampled_from(["anon", "citizen"]))
    def submit_public(self, committee, actor):
        user = self.user(actor)
        opinion, key = services.opinion_submit_public(
            channel="web",
            committee=self.world.committees[committee],
            title="小区门口道路破损",
            content="道路破损严重，雨天积水，请有关部门修缮。",
            submitter_name="" if actor == "anon" else "李群众",
            is_anonymous=actor == "anon",
            consent=True,
            user=user if user.is_authenticated else None,
        )
        assert key
        self.o[opinion.pk] = M.OpinionModel(opinion.pk, committee, M.SUBMITTED, events=1)
        return opinion.pk

    @rule(target=opinions, actor=actors, committee=committees)
    def enter_on_behalf(self, actor, committee):
        actor = self.resolve(actor, f"staff_{committee}")
        a = M.ACTORS[actor]
        verdict = OK if a.office_of(committee) else DENIED
        result = self.attempt(
            verdict,
            lambda: services.opinion_enter_on_behalf(
                by=self.user(actor),
                committee=self.world.committees[committee],
                channel="phone",
                title="来电反映供暖不热",
                content="家中暖气温度偏低。",
                submitter_name="王某",
            ),
        )
        if result is None:
            return multiple()
        opinion, _key = result
        self.o[opinion.pk] = M.OpinionModel(opinion.pk, committee, M.SUBMITTED, events=1)
        return opinion.pk

    @rule(target=opinions, actor=actors, author=members, co=co_lists)
    def member_draft(self, actor, author, co):
        actor = self.resolve(actor, M.MEMBER_USER.get(author, "member_A1"))
        a = M.ACTORS[actor]
        if not M.may_edit_member_item(a, author):
            verdict = DENIED
        elif not M.valid_co_authors(author, co):
            verdict = REFUSED
        else:
            verdict = OK
        opinion = self.attempt(
            verdict,
            lambda: services.opinion_save_draft(
                by=self.user(actor),
                author=self.world.members[author],
                title="牧区饮水工程维护",
                content="部分嘎查饮水工程年久失修。",
                suggestion="建议纳入年度维修计划。",
                co_authors=[self.world.members[m] for m in co],
            ),
        )
        if opinion is None:
            return multiple()
        joint = tuple(m for m in co if m != author)
        self.o[opinion.pk] = M.OpinionModel(
            opinion.pk, M.member_committee(author), M.DRAFT, events=1, author=author, co=joint
        )
        return opinion.pk

    @rule(target=opinions, actor=actors, author=members)
    def recorded_from_liaison(self, actor, author):
        """A member (or their committee's office, for them) records a matter raised in liaison
        work: a submitted member item straight away."""
        actor = self.resolve(actor, M.MEMBER_USER.get(author, f"staff_{M.MEMBERS[author]}"))
        a = M.ACTORS[actor]
        allowed = a.member == author or a.office_of(M.member_committee(author))
        opinion = self.attempt(
            OK if allowed else DENIED,
            lambda: services.opinion_from_liaison(
                by=self.user(actor),
                author=self.world.members[author],
                channel="duty",
                title="值班时群众反映路灯不亮",
                content="村口路灯损坏多日。",
                suggestion="建议尽快维修。",
            ),
        )
        if opinion is None:
            return multiple()
        # Its callers (a duty shift's or an activity's matter) write the ledger fact themselves;
        # opinion_from_liaison alone leaves it out, which a rebuild would then add.
        ledger_on_opinion_submitted(opinion=opinion)
        self.o[opinion.pk] = M.OpinionModel(
            opinion.pk, M.member_committee(author), M.SUBMITTED, events=1, author=author
        )
        return opinion.pk

    @rule(target=opinions, activity=activities, actor=actors)
    def opinion_from_activity(self, activity, actor):
        actor = self.resolve(actor, M.MEMBER_USER.get(self.a[activity].reporter, "member_B1"))
        act = self.a[activity]
        a = M.ACTORS[actor]
        verdict = OK if act.reporter is not None and a.member == act.reporter else DENIED
        opinion = self.attempt(
            verdict,
            lambda: liaison.activity_add_opinion(
                activity=Activity.objects.get(pk=activity),
                by=self.user(actor),
                title="走访中群众反映就医难",
                content="卫生室缺少常用药品。",
                suggestion="建议增加药品配送。",
            ),
        )
        if opinion is None:
            return multiple()
        self.o[opinion.pk] = M.OpinionModel(
            opinion.pk, act.committee, M.SUBMITTED, events=1, author=act.reporter
        )
        return opinion.pk

    # --- the member's side ---------------------------------------------------------------------
    @rule(opinion=opinions, actor=actors, co=co_lists)
    def edit_draft(self, opinion, actor, co):
        actor = self.resolve(actor, M.MEMBER_USER.get(self.o[opinion].author, "citizen"))
        o = self.o[opinion]
        assume(o.author is not None)
        a = M.ACTORS[actor]
        if not M.may_edit_member_item(a, o.author):
            verdict = DENIED
        elif not M.valid_co_authors(o.author, co) or o.status not in (M.DRAFT, M.RETURNED):
            verdict = REFUSED
        else:
            verdict = OK
        self.attempt(
            verdict,
            lambda: services.opinion_save_draft(
                by=self.user(actor),
                author=self.world.members[o.author],
                opinion=self.opinion(opinion),
                title="牧区饮水工程维护（修改）",
                content="部分嘎查饮水工程年久失修，冬季管道冻裂。",
                suggestion="建议纳入年度维修计划。",
                co_authors=[self.world.members[m] for m in co],
            ),
        )
        if verdict == OK:
            o.co = tuple(m for m in co if m != o.author)

    @rule(opinion=opinions, actor=actors)
    def submit_member(self, opinion, actor):
        actor = self.resolve(actor, M.MEMBER_USER.get(self.o[opinion].author, "citizen"))
        o = self.o[opinion]
        a = M.ACTORS[actor]
        if not M.may_edit_member_item(a, o.author):
            verdict = DENIED
        elif o.status not in (M.DRAFT, M.RETURNED):
            verdict = REFUSED
        else:
            verdict = OK
        self.attempt(
            verdict,
            lambda: services.opinion_submit_member(
                opinion=self.opinion(opinion), by=self.user(actor)
            ),
        )
        if verdict == OK:
            o.resubmitted |= o.status == M.RETURNED
            o.status, o.events = M.SUBMITTED, o.events + 1

    # --- the review desk -----------------------------------------------------------------------
    def _office_verdict(self, actor: str, o: M.OpinionModel, allowed: bool) -> str:
        if not M.ACTORS[actor].office_of(o.committee):
            return DENIED
        return OK if allowed else REFUSED

    @rule(opinion=opinions, actor=actors, assignee=assignees)
    def assign(self, opinion, actor, assignee):
        actor = self.resolve(actor, f"staff_{self.o[opinion].committee}")
        assignee = self.resolve(assignee, f"staff_{self.o[opinion].committee}")
        o = self.o[opinion]
        valid_assignee = M.ACTORS[assignee].office_of(o.committee)
        verdict = self._office_verdict(actor, o, o.status in M.UNDECIDED and valid_assignee)
        self.attempt(
            verdict,
            lambda: services.opinion_assign(
                opinion=self.opinion(opinion), by=self.user(actor), assignee=self.user(assignee)
            ),
        )
        if verdict == OK:
            o.status, o.events = M.UNDER_REVIEW, o.events + 1

    @rule(opinion=opinions, actor=actors)
    def return_for_revision(self, opinion, actor):
        actor = self.resolve(actor, f"staff_{self.o[opinion].committee}")
        o = self.o[opinion]
        allowed = o.status in M.UNDECIDED and o.author is not None
        verdict = self._office_verdict(actor, o, allowed)
        self.attempt(
            verdict,
            lambda: services.opinion_return(
                opinion=self.opinion(opinion), by=self.user(actor), comment="请补充具体地点。"
            ),
        )
        if verdict == OK:
            o.status, o.events = M.RETURNED, o.events + 1

    @rule(opinion=opinions, actor=actors)
    def reject(self, opinion, actor):
        actor = self.resolve(actor, f"staff_{self.o[opinion].committee}")
        o = self.o[opinion]
        verdict = self._office_verdict(actor, o, o.status in M.UNDECIDED)
        self.attempt(
            verdict,
            lambda: services.opinion_reject(
                opinion=self.opinion(opinion), by=self.user(actor), reason="unclear"
            ),
        )
        if verdict == OK:
            o.status, o.events = M.NOT_ADOPTED, o.events + 1

    @rule(opinion=opinions, into=opinions, actor=actors)
    def merge(self, opinion, into, actor):
        actor = self.resolve(actor, f"staff_{self.o[opinion].committee}")
        o, t = self.o[opinion], self.o[into]
        if opinion == into:
            verdict = REFUSED  # "不能并入自身", before any other check
        else:
            allowed = (
                o.status in M.UNDECIDED
                and t.committee == o.committee
                and t.status in M.MERGE_TARGETS
            )
            verdict = self._office_verdict(actor, o, allowed)
        self.attempt(
            verdict,
            lambda: services.opinion_merge(
                opinion=self.opinion(opinion), into=self.opinion(into), by=self.user(actor)
            ),
        )
        if verdict == OK:
            o.status, o.events = M.MERGED, o.events + 1
            t.events += 1  # merge_received

    @rule(opinion=opinions, actor=actors, level=levels)
    def adopt(self, opinion, actor, level):
        actor = self.resolve(actor, f"staff_{self.o[opinion].committee}")
        o = self.o[opinion]
        verdict = self._office_verdict(actor, o, o.status in M.UNDECIDED)
        self.attempt(
            verdict,
            lambda: services.opinion_adopt(
                opinion=self.opinion(opinion), by=self.user(actor), level=level, comment="采用"
            ),
        )
        if verdict == OK:
            o.status, o.level, o.events = M.ADOPTED, level, o.events + 1

    @rule(opinion=opinions, actor=actors, level=levels)
    def raise_level(self, opinion, actor, level):
        actor = self.resolve(actor, f"staff_{self.o[opinion].committee}")
        o = self.o[opinion]
        allowed = (
            o.status in M.AFTER_ADOPTION
            and o.level != "national"
            and M.level_rank(level) > M.level_rank(o.level)
        )
        verdict = self._office_verdict(actor, o, allowed)
        self.attempt(
            verdict,
            lambda: services.opinion_raise_level(
                opinion=self.opinion(opinion), by=self.user(actor), level=level
            ),
        )
        if verdict == OK:
            o.level, o.events = level, o.events + 1

    @rule(opinion=opinions, actor=actors, spam=st.booleans())
    def set_spam(self, opinion, actor, spam):
        actor = self.resolve(actor, f"staff_{self.o[opinion].committee}")
        o = self.o[opinion]
        allowed = o.status in M.UNDECIDED if spam else True
        verdict = self._office_verdict(actor, o, allowed)
        self.attempt(
            verdict,
            lambda: services.opinion_set_spam(
                opinion=self.opinion(opinion), by=self.user(actor), spam=spam
            ),
        )
        if verdict == OK and o.is_spam != spam:
            o.is_spam, o.events = spam, o.events + 1

    @rule(opinion=opinions, actor=actors)
    def record_instruction(self, opinion, actor):
        # the right actor: the item's leader (a leader gives it; the office may record it)
        actor = self.resolve(actor, f"leader_{self.o[opinion].committee}")
        o = self.o[opinion]
        if not M.may_record_instruction(M.ACTORS[actor], o.committee):
            verdict = DENIED
        else:
            verdict = OK if o.status in M.AFTER_ADOPTION else REFUSED
        self.attempt(
            verdict,
            lambda: services.instruction_record(
                opinion=self.opinion(opinion),
                by=self.user(actor),
                leader_name="张三",
                leader_title="副市长",
                level="municipal",
                instructed_on=timezone.localdate(),
                text="请有关部门研究办理。",
            ),
        )
        if verdict == OK:
            o.events += 1

    # --- bulletins -----------------------------------------------------------------------------
    @rule(target=bulletins, actor=actors, committee=committees)
    def bulletin_create(self, actor, committee):
        actor = self.resolve(actor, f"staff_{committee}")
        verdict = OK if M.ACTORS[actor].office_of(committee) else DENIED
        bulletin = self.attempt(
            verdict,
            lambda: services.bulletin_create(
                by=self.user(actor), committee=self.world.committees[committee]
            ),
        )
        if bulletin is None:
            return multiple()
        self.b[bulletin.pk] = M.BulletinModel(bulletin.pk, committee, compilers={actor})
        return bulletin.pk

    @rule(bulletin=bulletins, opinion=opinions, actor=actors)
    def bulletin_add(self, bulletin, opinion, actor):
        actor = self.resolve(actor, f"staff_{self.b[bulletin].committee}")
        b, o = self.b[bulletin], self.o[opinion]
        if not M.ACTORS[actor].office_of(b.committee):
            verdict = DENIED
        elif (
            b.status != M.B_DRAFT
            or o.committee != b.committee
            or o.status != M.ADOPTED
            or o.bulletin is not None
        ):
            verdict = REFUSED
        else:
            verdict = OK
        self.attempt(
            verdict,
            lambda: services.bulletin_add_item(
                bulletin=Bulletin.objects.get(pk=bulletin),
                opinion=self.opinion(opinion),
                by=self.user(actor),
            ),
        )
        if verdict == OK:
            b.items.append(opinion)
            o.bulletin = bulletin

    @rule(bulletin=bulletins, actor=actors)
    def bulletin_submit(self, bulletin, actor):
        actor = self.resolve(actor, f"staff_{self.b[bulletin].committee}")
        b = self.b[bulletin]
        if not M.ACTORS[actor].office_of(b.committee):
            verdict = DENIED
        elif b.status != M.B_DRAFT or not b.items:
            verdict = REFUSED
        else:
            verdict = OK
        self.attempt(
            verdict,
            lambda: services.bulletin_submit(
                bulletin=Bulletin.objects.get(pk=bulletin), by=self.user(actor)
            ),
        )
        if verdict == OK:
            b.status = M.B_COMPILED
            b.compilers.add(actor)

    def _signer_verdict(self, actor: str, b: M.BulletinModel) -> str:
        if not M.may_sign_off(M.ACTORS[actor], b.committee, b.compilers):
            return DENIED
        return OK if b.status == M.B_COMPILED else REFUSED

    @rule(bulletin=bulletins, actor=actors)
    def bulletin_send_back(self, bulletin, actor):
        actor = self.resolve(actor, f"leader_{self.b[bulletin].committee}")
        b = self.b[bulletin]
        verdict = self._signer_verdict(actor, b)
        self.attempt(
            verdict,
            lambda: services.bulletin_send_back(
                bulletin=Bulletin.objects.get(pk=bulletin), by=self.user(actor), comment="请修改。"
            ),
        )
        if verdict == OK:
            b.status = M.B_DRAFT

    @rule(bulletin=bulletins, actor=actors)
    def bulletin_issue(self, bulletin, actor):
        actor = self.resolve(actor, f"leader_{self.b[bulletin].committee}")
        b = self.b[bulletin]
        verdict = self._signer_verdict(actor, b)
        self.attempt(
            verdict,
            lambda: services.bulletin_issue(
                bulletin=Bulletin.objects.get(pk=bulletin), by=self.user(actor)
            ),
        )
        if verdict == OK:
            b.status = M.B_ISSUED
            for pk in b.items:
                if self.o[pk].status == M.ADOPTED:
                    self.o[pk].status, self.o[pk].events = M.COMPILED, self.o[pk].events + 1

    # --- forwarding ----------------------------------------------------------------------------
    @rule(
        target=forwardings,
        opinion=opinions,
        actor=actors,
        lead=st.none() | departments,
        co=st.lists(departments, max_size=2, unique=True),
    )
    def forward(self, opinion, actor, lead, co):
        actor = self.resolve(actor, f"staff_{self.o[opinion].committee}")
        o = self.o[opinion]
        co = [d for d in co if lead is None or d != lead]
        chosen = ([lead] if lead else []) + co
        open_ = self._open_forwardings(opinion)
        has_lead = any(f.role == "lead" for f in open_)
        allowed = (
            o.status in (M.ADOPTED, M.COMPILED, M.FORWARDED)
            and bool(chosen)
            and all(M.DEPARTMENTS[d] == o.committee for d in chosen)
            and (has_lead if lead is None else not has_lead)
            and not ({f.department for f in open_} & set(chosen))
        )
        verdict = self._office_verdict(actor, o, allowed)
        created = self.attempt(
            verdict,
            lambda: services.opinion_forward(
                opinion=self.opinion(opinion),
                by=self.user(actor),
                lead=self.world.departments[lead] if lead else None,
                co=[self.world.departments[d] for d in co],
                due_date=timezone.localdate() + datetime.timedelta(days=15),
                cover_note="请按期办理。",
            ),
        )
        if created is None:
            return multiple()
        assert [f.department_id for f in created] == [self.world.departments[d].pk for d in chosen]
        o.status, o.events = M.FORWARDED, o.events + 1
        for f, d in zip(created, chosen, strict=True):
            self.f[f.pk] = M.ForwardingModel(f.pk, opinion, d, "lead" if d == lead else "co")
        return multiple(*(f.pk for f in created))

    def _department_verdict(self, actor: str, f: M.ForwardingModel, allowed: bool) -> str:
        if not M.is_department_user_of(M.ACTORS[actor], f.department):
            return DENIED
        return OK if allowed else REFUSED

    @rule(forwarding=forwardings, actor=actors)
    def sign(self, forwarding, actor):
        actor = self.resolve(actor, f"dept_{self.f[forwarding].department}")
        f = self.f[forwarding]
        verdict = self._department_verdict(actor, f, f.status == M.F_NEW)
        self.attempt(
            verdict,
            lambda: services.forwarding_sign(
                forwarding=Forwarding.objects.get(pk=forwarding), by=self.user(actor)
            ),
        )
        if verdict == OK:
            f.status, f.signed = M.F_SIGNED, True
            self.o[f.opinion].events += 1

    @rule(forwarding=forwardings, actor=actors)
    def request_return(self, forwarding, actor):
        actor = self.resolve(actor, f"dept_{self.f[forwarding].department}")
        f = self.f[forwarding]
        verdict = self._department_verdict(actor, f, f.status in (M.F_NEW, M.F_SIGNED))
        self.attempt(
            verdict,
            lambda: services.forwarding_request_return(
                forwarding=Forwarding.objects.get(pk=forwarding),
                by=self.user(actor),
                reason="不属于本单位职责。",
            ),
        )
        if verdict == OK:
            f.status = M.F_RETURN_REQUESTED
            self.o[f.opinion].events += 1

    @rule(forwarding=forwardings, actor=actors, accept=st.booleans())
    def decide_return(self, forwarding, actor, accept):
        actor = self.resolve(actor, f"staff_{self.o[self.f[forwarding].opinion].committee}")
        f = self.f[forwarding]
        o = self.o[f.opinion]
        verdict = self._office_verdict(actor, o, f.status == M.F_RETURN_REQUESTED)
        self.attempt(
            verdict,
            lambda: services.forwarding_decide_return(
                forwarding=Forwarding.objects.get(pk=forwarding),
                by=self.user(actor),
                accept=accept,
                comment="同意" if accept else "请继续办理",
            ),
        )
        if verdict == OK:
            if accept:
                f.status = M.F_WITHDRAWN
            else:
                f.status = M.F_SIGNED if f.signed else M.F_NEW
            o.events += 1

    @rule(forwarding=forwardings, actor=actors, resolution=st.sampled_from(["solved", "planned"]))
    def reply(self, forwarding, actor, resolution):
        actor = self.resolve(actor, f"dept_{self.f[forwarding].department}")
        f = self.f[forwarding]
        allowed = f.role == "lead" and f.status in (M.F_SIGNED, M.F_REJECTED)
        verdict = self._department_verdict(actor, f, allowed)
        reply = self.attempt(
            verdict,
            lambda: services.forwarding_reply(
                forwarding=Forwarding.objects.get(pk=forwarding),
                by=self.user(actor),
                text="已安排施工队修缮，预计月底完工。",
                resolution=resolution,
            ),
        )
        if verdict == OK:
            f.status = M.F_REPLIED
            f.replies.append(reply.pk)
            f.pending_reply = reply.pk
            self.o[f.opinion].events += 1

    @rule(forwarding=forwardings, actor=actors)
    def give_opinion(self, forwarding, actor):
        actor = self.resolve(actor, f"dept_{self.f[forwarding].department}")
        f = self.f[forwarding]
        verdict = self._department_verdict(actor, f, f.role == "co" and f.status == M.F_SIGNED)
        self.attempt(
            verdict,
            lambda: services.forwarding_give_opinion(
                forwarding=Forwarding.objects.get(pk=forwarding),
                by=self.user(actor),
                text="本单位配合办理，同意主办单位意见。",
            ),
        )
        if verdict == OK:
            f.status = M.F_OPINION_GIVEN
            self.o[f.opinion].events += 1

    @rule(forwarding=forwardings, actor=actors)
    def waive_opinion(self, forwarding, actor):
        actor = self.resolve(actor, f"staff_{self.o[self.f[forwarding].opinion].committee}")
        f = self.f[forwarding]
        o = self.o[f.opinion]
        allowed = f.role == "co" and f.status in (M.F_NEW, M.F_SIGNED)
        verdict = self._office_verdict(actor, o, allowed)
        self.attempt(
            verdict,
            lambda: services.forwarding_waive_opinion(
                forwarding=Forwarding.objects.get(pk=forwarding),
                by=self.user(actor),
                reason="已电话沟通，无补充意见。",
            ),
        )
        if verdict == OK:
            f.status = M.F_WAIVED
            o.events += 1

    def _co_pending(self, f: M.ForwardingModel) -> list[M.ForwardingModel]:
        """The co-handlers the lead ``f``'s reply still waits for."""
        if f.role != "lead":
            return []
        return [
            other
            for other in self.f.values()
            if other.opinion == f.opinion and other.role == "co" and other.status not in M.CO_DONE
        ]

    @rule(forwarding=forwardings, actor=actors, accept=st.booleans(), older=st.booleans())
    def review_reply(self, forwarding, actor, accept, older):
        actor = self.resolve(actor, f"staff_{self.o[self.f[forwarding].opinion].committee}")
        f = self.f[forwarding]
        assume(f.replies)
        reply_pk = f.replies[0] if older else f.replies[-1]
        o = self.o[f.opinion]
        allowed = f.status == M.F_REPLIED and f.pending_reply == reply_pk
        if accept and self._co_pending(f):
            allowed = False  # released only once every co-handler has given its opinion
        verdict = self._office_verdict(actor, o, allowed)
        self.attempt(
            verdict,
            lambda: services.reply_review(
                reply=Reply.objects.get(pk=reply_pk),
                by=self.user(actor),
                accept=accept,
                comment="" if accept else "答复过于笼统，请补充。",
            ),
        )
        if verdict == OK:
            f.status = M.F_ACCEPTED if accept else M.F_REJECTED
            f.pending_reply = None
            o.events += 1
            if accept and f.role == "lead" and o.status == M.FORWARDED:
                o.status, o.events = M.REPLIED, o.events + 1
                self.replied_at[o.pk] = timezone.now()

    # --- the citizen closes the loop -----------------------------------------------------------
    @rule(
        opinion=opinions,
        satisfaction=st.sampled_from(["satisfied", "basically", "unsatisfied"]),
        rehandle=st.booleans(),
    )
    def rate(self, opinion, satisfaction, rehandle):
        o = self.o[opinion]
        verdict = OK if o.status == M.REPLIED and not o.rated else REFUSED
        wants_rehandle = rehandle and satisfaction == "unsatisfied" and not o.rehandled
        if verdict == OK and wants_rehandle and self._accepted_lead(opinion) is None:
            verdict = REFUSED
        self.attempt(
            verdict,
            lambda: services.opinion_rate(
                opinion=self.opinion(opinion),
                satisfaction=satisfaction,
                comment="还是没修好" if satisfaction == "unsatisfied" else "",
                rehandle=rehandle,
            ),
        )
        if verdict == OK:
            o.satisfaction, o.events = satisfaction, o.events + 2
            if wants_rehandle:
                self._rehandle(o)
            else:
                o.status, o.rated = M.CLOSED, True

    @rule(opinion=opinions)
    def request_rehandle(self, opinion):
        o = self.o[opinion]
        allowed = (
            o.status in (M.REPLIED, M.CLOSED)
            and o.satisfaction == "unsatisfied"
            and not o.rehandled
            and self._accepted_lead(opinion) is not None
        )
        verdict = OK if allowed else REFUSED
        self.attempt(
            verdict,
            lambda: services.opinion_request_rehandle(
                opinion=self.opinion(opinion), comment="问题依旧"
            ),
        )
        if verdict == OK:
            o.events += 1
            self._rehandle(o)

    @rule()
    def auto_close(self):
        cutoff = timezone.now() - datetime.timedelta(days=dj_settings.OPINION_AUTO_CLOSE_DAYS)
        closed = services.opinions_auto_close()
        expected = 0
        for o in self.o.values():
            if o.status == M.REPLIED and self.replied_at[o.pk] < cutoff:
                o.status, o.events = M.CLOSED, o.events + 1
                expected += 1
        assert closed == expected

    @rule(days=st.integers(1, 6))
    def time_passes(self, days):
        self.clock.shift(datetime.timedelta(days=days))

    # --- taking the next natural step (so that examples reach the end of the lifecycle) -------
    @rule(opinion=opinions, picks=st.lists(st.integers(0, 3), min_size=1, max_size=8))
    def progress_opinion(self, opinion, picks):
        """The right actors take the next steps of the happy path (or one of its detours) — each
        through the same rule code as above, with every invariant checked after each of them."""
        for pick in picks:
            self._progress_opinion(opinion, pick)
            self.check_everything()

    def _progress_opinion(self, opinion, pick):
        o = self.o[opinion]
        mine = self._open_forwardings(opinion)
        lead = next((f for f in mine if f.role == "lead"), None)
        if o.status == M.RETURNED and pick == 2:
            colleagues = [m for m, c in M.MEMBERS.items() if c == o.committee and m != o.author]
            self.edit_draft(opinion, RIGHT, tuple(colleagues[len(o.co) % 2 :][:1]))
        elif o.status in (M.DRAFT, M.RETURNED):
            self.submit_member(opinion, RIGHT)
        elif o.status in M.UNDECIDED:
            if pick == 0 and o.author is not None:
                self.return_for_revision(opinion, RIGHT)
            else:
                self.adopt(opinion, RIGHT, M.LEVELS[pick % 2])
        elif o.status in (M.ADOPTED, M.COMPILED) or (o.status == M.FORWARDED and lead is None):
            departments = [d for d, c in M.DEPARTMENTS.items() if c == o.committee]
            taken = {f.department for f in mine}
            free = [d for d in departments if d not in taken]
            if not free:
                return
            self.forward(opinion, RIGHT, free[pick % len(free)], free[1:] if pick else [])
        elif o.status == M.FORWARDED:
            f = lead if pick else next((f for f in mine if f.status not in M.CO_DONE), lead)
            pending = self._co_pending(lead)
            if f.status == M.F_REPLIED and pending and pick != 1:
                # the lead's reply waits: the co-handler gives its opinion, or staff excuse it
                co = pending[0]
                if co.status == M.F_SIGNED and pick != 3:
                    self.give_opinion(co.pk, RIGHT)
                elif co.status in (M.F_NEW, M.F_SIGNED):
                    self.waive_opinion(co.pk, RIGHT)
                else:
                    self.decide_return(co.pk, RIGHT, pick % 2 == 0)
            elif f.status == M.F_NEW:
                self.sign(f.pk, RIGHT)
            elif f.role == "co" and f.status == M.F_SIGNED and pick != 3:
                self.give_opinion(f.pk, RIGHT)
            elif f.status == M.F_SIGNED and pick == 3:
                self.request_return(f.pk, RIGHT)
            elif f.status in (M.F_SIGNED, M.F_REJECTED):
                self.reply(f.pk, RIGHT, "solved")
            elif f.status == M.F_RETURN_REQUESTED:
                self.decide_return(f.pk, RIGHT, pick % 2 == 0)
            elif f.status == M.F_REPLIED:
                self.review_reply(f.pk, RIGHT, pick != 1, False)
        elif o.status == M.REPLIED:
            satisfaction = ["satisfied", "unsatisfied", "unsatisfied", "basically"][pick]
            self.rate(opinion, satisfaction, pick == 1)
        elif o.status == M.CLOSED:
            self.request_rehandle(opinion)

    @rule(activity=activities, picks=st.lists(st.integers(0, 3), min_size=1, max_size=4))
    def progress_activity(self, activity, picks):
        for pick in picks:
            self._progress_activity(activity, pick)
            self.check_everything()

    def _progress_activity(self, activity, pick):
        act = self.a[activity]
        if act.status in (M.DRAFT, M.RETURNED):
            self.submit_activity(activity, RIGHT)
        elif act.status == M.SUBMITTED:
            if pick == 0 and act.reporter is not None:
                self.return_activity(activity, RIGHT)
            elif pick == 1:
                self.set_attendance(activity, RIGHT, tuple(sorted(act.participants))[:1])
            else:
                self.confirm_activity(activity, RIGHT)
        elif act.status == M.CONFIRMED and pick == 0:
            self.unconfirm_activity(activity, RIGHT)

    # --- liaison activities --------------------------------------------------------------------
    @rule(
        target=activities,
        actor=actors,
        reporter=members,
        co=co_lists,
        kind=activity_types,
        days_ago=st.integers(0, 20),
    )
    def log_activity(self, actor, reporter, co, kind, days_ago):
        actor = self.resolve(actor, M.MEMBER_USER.get(reporter, "member_A1"))
        a = M.ACTORS[actor]
        if a.member != reporter:
            verdict = DENIED
        elif not M.valid_co_members(reporter, co):
            verdict = REFUSED
        else:
            verdict = OK
        day = timezone.localdate() - datetime.timedelta(days=days_ago)
        activity = self.attempt(
            verdict,
            lambda: liaison.activity_save(
                by=self.user(actor),
                reporter=self.world.members[reporter],
                type=kind,
                title="走访养殖户",
                occurred_on=day,
                summary="了解饲草料储备。",
                people_reached=5,
                co_members=[self.world.members[m] for m in co],
            ),
        )
        if activity is None:
            return multiple()
        people = {reporter, *co}
        self.a[activity.pk] = M.ActivityModel(
            activity.pk,
            M.member_committee(reporter),
            reporter,
            people,
            M.DRAFT,
            events=1,
            occurred_on=day,
            attended=set(people),
        )
        return activity.pk

    @rule(target=activities, actor=actors, committee=committees, people=co_lists)
    def organise_activity(self, actor, committee, people):
        actor = self.resolve(actor, f"staff_{committee}")
        if not M.ACTORS[actor].office_of(committee):
            verdict = DENIED
        elif not people or any(M.member_committee(m) != committee for m in people):
            verdict = REFUSED
        else:
            verdict = OK
        day = timezone.localdate()
        activity = self.attempt(
            verdict,
            lambda: liaison.activity_organise(
                by=self.user(actor),
                committee=self.world.committees[committee],
                type="forum",
                title="界别协商座谈",
                occurred_on=day,
                summary="围绕营商环境开展座谈。",
                members=[self.world.members[m] for m in people],
            ),
        )
        if activity is None:
            return multiple()
        self.a[activity.pk] = M.ActivityModel(
            activity.pk,
            committee,
            None,
            set(people),
            M.SUBMITTED,
            events=1,
            occurred_on=day,
            attended=set(people),
        )
        return activity.pk

    @rule(activity=activities, actor=actors, co=co_lists)
    def edit_activity(self, activity, actor, co):
        actor = self.resolve(actor, M.MEMBER_USER.get(self.a[activity].reporter, "staff_A"))
        act = self.a[activity]
        assume(act.reporter is not None)
        a = M.ACTORS[actor]
        if a.member != act.reporter:
            verdict = DENIED
        elif not M.valid_co_members(act.reporter, co) or act.status not in (M.DRAFT, M.RETURNED):
            verdict = REFUSED
        else:
            verdict = OK
        self.attempt(
            verdict,
            lambda: liaison.activity_save(
                by=self.user(actor),
                reporter=self.world.members[act.reporter],
                activity=Activity.objects.get(pk=activity),
                type="survey",
                title="走访养殖户（修改）",
                occurred_on=act.occurred_on,
                summary="了解饲草料储备和防疫情况。",
                co_members=[self.world.members[m] for m in co],
            ),
        )
        if verdict == OK:
            people = {act.reporter, *co}
            # kept participants keep their attendance; new ones attend
            act.attended = (act.attended & people) | (people - act.participants)
            act.participants = people

    @rule(activity=activities, actor=actors)
    def submit_activity(self, activity, actor):
        actor = self.resolve(actor, M.MEMBER_USER.get(self.a[activity].reporter, "staff_A"))
        act = self.a[activity]
        a = M.ACTORS[actor]
        if act.reporter is None or a.member != act.reporter:
            verdict = DENIED
        elif act.status not in (M.DRAFT, M.RETURNED):
            verdict = REFUSED
        else:
            verdict = OK
        self.attempt(
            verdict,
            lambda: liaison.activity_submit(
                activity=Activity.objects.get(pk=activity), by=self.user(actor)
            ),
        )
        if verdict == OK:
            act.status, act.events = M.SUBMITTED, act.events + 1

    def _activity_office_verdict(self, actor: str, act: M.ActivityModel, allowed: bool) -> str:
        if not M.ACTORS[actor].office_of(act.committee):
            return DENIED
        return OK if allowed else REFUSED

    @rule(activity=activities, actor=actors)
    def confirm_activity(self, activity, actor):
        actor = self.resolve(actor, f"staff_{self.a[activity].committee}")
        act = self.a[activity]
        verdict = self._activity_office_verdict(actor, act, act.status == M.SUBMITTED)
        self.attempt(
            verdict,
            lambda: liaison.activity_confirm(
                activity=Activity.objects.get(pk=activity), by=self.user(actor)
            ),
        )
        if verdict == OK:
            act.status, act.events = M.CONFIRMED, act.events + 1

    @rule(activity=activities, actor=actors)
    def return_activity(self, activity, actor):
        actor = self.resolve(actor, f"staff_{self.a[activity].committee}")
        act = self.a[activity]
        allowed = act.status == M.SUBMITTED and act.reporter is not None
        verdict = self._activity_office_verdict(actor, act, allowed)
        self.attempt(
            verdict,
            lambda: liaison.activity_return(
                activity=Activity.objects.get(pk=activity), by=self.user(actor), reason="照片不清"
            ),
        )
        if verdict == OK:
            act.status, act.events = M.RETURNED, act.events + 1

    @rule(activity=activities, actor=actors)
    def unconfirm_activity(self, activity, actor):
        actor = self.resolve(actor, f"staff_{self.a[activity].committee}")
        act = self.a[activity]
        verdict = self._activity_office_verdict(actor, act, act.status == M.CONFIRMED)
        self.attempt(
            verdict,
            lambda: liaison.activity_unconfirm(
                activity=Activity.objects.get(pk=activity), by=self.user(actor), reason="误确认"
            ),
        )
        if verdict == OK:
            act.status, act.events, act.is_public = M.SUBMITTED, act.events + 1, False

    @rule(activity=activities, actor=actors, attended=co_lists)
    def set_attendance(self, activity, actor, attended):
        actor = self.resolve(actor, f"staff_{self.a[activity].committee}")
        act = self.a[activity]
        verdict = self._activity_office_verdict(actor, act, act.status == M.SUBMITTED)
        self.attempt(
            verdict,
            lambda: liaison.activity_set_attendance(
                activity=Activity.objects.get(pk=activity),
                by=self.user(actor),
                attended=[self.world.members[m].pk for m in attended],
            ),
        )
        if verdict == OK:
            act.attended = act.participants & set(attended)
            act.events += 1

    @rule(activity=activities, actor=actors, public=st.booleans())
    def set_public(self, activity, actor, public):
        actor = self.resolve(actor, f"staff_{self.a[activity].committee}")
        act = self.a[activity]
        allowed = act.status == M.CONFIRMED if public else True
        verdict = self._activity_office_verdict(actor, act, allowed)
        self.attempt(
            verdict,
            lambda: liaison.activity_set_public(
                activity=Activity.objects.get(pk=activity), by=self.user(actor), public=public
            ),
        )
        if verdict == OK and act.is_public != public:
            act.is_public, act.events = public, act.events + 1

    # --- invariants ----------------------------------------------------------------------------
    def check_everything(self):
        self.nothing_unexpected_was_created()
        self.opinions_match_the_model_and_their_logs()
        self.forwardings_and_bulletins_match_the_model()
        self.activities_match_the_model_and_their_logs()
        self.ledger_rebuild_equals_the_incremental_ledger()

    @invariant()
    def nothing_unexpected_was_created(self):
        assert self._row_counts() == (
            len(self.o),
            len(self.f),
            len(self.b),
            sum(len(b.items) for b in self.b.values()),
            len(self.a),
        )

    @invariant()
    def opinions_match_the_model_and_their_logs(self):
        rows = Opinion.objects.filter(pk__in=self.o).annotate(n=Count("events"))
        logs: dict[int, list[tuple[str, str]]] = {pk: [] for pk in self.o}
        for pk, from_status, to_status in (
            # the opinion's own history; a forwarding's steps carry the forwarding's states
            OpinionEvent.objects.filter(opinion__in=self.o, forwarding=None)
            .order_by("created_at", "pk")
            .values_list("opinion_id", "from_status", "to_status")
        ):
            logs[pk].append((from_status, to_status))
        for row in rows:
            o = self.o[row.pk]
            assert (row.status, row.n) == (o.status, o.events), row.pk
            assert (row.is_spam, row.adoption_level) == (o.is_spam, o.level), row.pk
            assert replay(logs[row.pk], "") == row.status
            edges = {(f, t) for f, t in logs[row.pk] if f or t}
            assert edges <= M.OPINION_EDGES, edges - M.OPINION_EDGES
            assert row.committee_id == self.world.committees[o.committee].pk

    @invariant()
    def forwardings_and_bulletins_match_the_model(self):
        for pk, status in Forwarding.objects.filter(pk__in=self.f).values_list("pk", "status"):
            assert status == self.f[pk].status, pk
        for bulletin in Bulletin.objects.filter(pk__in=self.b).prefetch_related("items"):
            b = self.b[bulletin.pk]
            assert bulletin.status == b.status, bulletin.pk
            assert sorted(i.opinion_id for i in bulletin.items.all()) == sorted(b.items)

    @invariant()
    def activities_match_the_model_and_their_logs(self):
        logs: dict[int, list[tuple[str, str]]] = {pk: [] for pk in self.a}
        for pk, from_status, to_status in (
            ActivityEvent.objects.filter(activity__in=self.a)
            .order_by("created_at", "pk")
            .values_list("activity_id", "from_status", "to_status")
        ):
            logs[pk].append((from_status, to_status))
        keys = self.world.member_keys
        for activity in Activity.objects.filter(pk__in=self.a).prefetch_related("participants"):
            act = self.a[activity.pk]
            assert (activity.status, len(logs[activity.pk])) == (act.status, act.events)
            assert activity.is_public == act.is_public
            people = {keys[p.member_id] for p in activity.participants.all()}
            attended = {keys[p.member_id] for p in activity.participants.all() if p.attended}
            assert (people, attended) == (act.participants, act.attended), activity.pk
            assert replay(logs[activity.pk], "") == activity.status
            edges = {(f, t) for f, t in logs[activity.pk] if f or t}
            assert edges <= M.ACTIVITY_EDGES, edges - M.ACTIVITY_EDGES

    @invariant()
    def ledger_rebuild_equals_the_incremental_ledger(self):
        # The rebuild is a function of the sources and the entries: when neither changed since
        # the last check, its result cannot have changed either (this keeps the test fast).
        inputs = (
            LedgerEntry.objects.count(),
            LedgerEntry.objects.active().count(),
            sorted((o.pk, o.status, o.co, o.level) for o in self.o.values() if o.author),
            sorted(
                (a.pk, a.status, sorted(a.participants), sorted(a.attended))
                for a in self.a.values()
            ),
        )
        if inputs == self.ledger_checked:
            return
        self.ledger_checked = inputs
        before = _ledger_snapshot()
        with transaction.atomic():
            for year in YEARS:
                ledger_rebuild(year=year)
            after = _ledger_snapshot()
            transaction.set_rollback(True)
        assert before == after


def _ledger_snapshot():
    """Active entries (member, year, source, item, points) and non-zero yearly totals."""
    entries = sorted(
        LedgerEntry.objects.active()
        .filter(year__in=YEARS)
        .values_list("member_id", "year", "source_key", "item", "points")
    )
    totals = {
        (member, year): total
        for member, year, total in MemberYearScore.objects.filter(year__in=YEARS).values_list(
            "member_id", "year", "total"
        )
        if total != Decimal(0)
    }
    return entries, totals


# --- the test --------------------------------------------------------------------------------
def machine_settings() -> settings:
    slow = [HealthCheck.too_slow, HealthCheck.filter_too_much]
    if os.environ.get("HYPOTHESIS_PROFILE") == "ci-long":
        return settings(settings.get_profile("ci-long"), deadline=None, suppress_health_check=slow)
    # HYPOTHESIS_NO_SHRINK=1 while debugging: report the first failing run as found (shrinking a
    # long stateful run can take minutes).
    phases = [Phase.explicit, Phase.reuse, Phase.generate]
    if not os.environ.get("HYPOTHESIS_NO_SHRINK"):
        phases.append(Phase.shrink)
    return settings(
        max_examples=30,
        stateful_step_count=25,
        derandomize=True,
        deadline=None,
        suppress_health_check=slow,
        phases=phases,
    )


@pytest.mark.django_db
def test_opinion_forwarding_activity_ledger_lifecycle(ref):
    with time_machine.travel(START, tick=False) as clock:
        LifecycleMachine.world = World(ref)
        LifecycleMachine.clock = clock
        run_state_machine_as_test(LifecycleMachine, settings=machine_settings())
