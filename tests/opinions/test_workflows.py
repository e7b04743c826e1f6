"""The opinion, forwarding and bulletin transition tables (opinions.workflows): every row runs
from every source it lists and from no other state, writes one event with from/to status and
actor, and refuses an actor without the row's permission."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from core.workflow import TransitionError, Workflow, replay
from opinions import services
from opinions.models import (
    Bulletin,
    BulletinEvent,
    BulletinItem,
    Channel,
    Forwarding,
    Opinion,
    OpinionEvent,
    Satisfaction,
    Status,
)
from opinions.workflows import BULLETIN, FORWARDING, OPINION
from tests.utils import issue_bulletin

pytestmark = pytest.mark.django_db

HANDLE = "opinions.handle_opinion"


@pytest.fixture
def actors(staff_dalate, member_user, dept_lead_user, leader_dalate):
    """The permitted actor of each permission of the tables (``None``: citizen or task)."""
    return {
        HANDLE: staff_dalate,
        "opinions.edit_own_item": member_user,
        "opinions.handle_forwarding": dept_lead_user,
        "opinions.manage_bulletin": staff_dalate,
        # the bulletin fixture was compiled by staff_dalate: a leader of its committee signs it
        "opinions.sign_bulletin": leader_dalate,
        "opinions.compile_opinion": leader_dalate,
        "opinions.record_instruction": leader_dalate,
        None: None,
    }


@pytest.fixture
def refused(
    staff_zhungeer, staff_dalate, other_member_user, dept_co_user, leader, make_user, zhungeer
):
    """For each permission: users who hold the record in no way that permits the action."""
    leader_zhungeer = make_user("leader", zhungeer, username="leader_zhungeer")
    return {
        HANDLE: [staff_zhungeer, leader, dept_co_user, other_member_user],
        "opinions.edit_own_item": [other_member_user, staff_zhungeer, leader],
        "opinions.handle_forwarding": [dept_co_user, staff_zhungeer, leader],
        "opinions.manage_bulletin": [staff_zhungeer, leader, dept_co_user],
        # its compiler (staff without the grant anyway), another committee's leader and office,
        # the municipal leader (who sees the issue but does not sign a banner's)
        "opinions.sign_bulletin": [staff_dalate, leader_zhungeer, staff_zhungeer, leader],
        "opinions.compile_opinion": [staff_zhungeer, leader_zhungeer, dept_co_user, leader],
        # a leader who does not see the item, other roles
        "opinions.record_instruction": [leader_zhungeer, staff_zhungeer, dept_co_user],
    }


@pytest.fixture
def opinion(dalate, member_user, staff_dalate):
    """A member's item whose state the tests set directly; every guard passes by default."""
    return Opinion.objects.create(
        committee=dalate,
        channel=Channel.MEMBER,
        author=member_user.member,
        created_by=member_user,
        title="牧区饮水安全问题",
        content="部分嘎查饮水井水质不达标。",
        suggestion="更新净化设备。",
        tracking_code="JY-2026-900001",
        adoption_level="banner",
        satisfaction=Satisfaction.UNSATISFIED,
        status=Status.SUBMITTED,
    )


@pytest.fixture
def forwarding(opinion, dept_lead):
    return Forwarding.objects.create(
        opinion=opinion,
        department=dept_lead,
        role=Forwarding.Role.LEAD,
        due_date=timezone.localdate() + datetime.timedelta(days=15),
    )


@pytest.fixture
def bulletin(dalate, staff_dalate):
    """A draft issue compiled by staff_dalate holding one item (guards pass by default)."""
    issue = Bulletin.objects.create(committee=dalate, year=2026, created_by=staff_dalate)
    item_opinion = Opinion.objects.create(
        committee=dalate,
        channel=Channel.MEMBER,
        title="嘎查道路硬化",
        content="道路泥泞。",
        tracking_code="JY-2026-900002",
        status=Status.ADOPTED,
    )
    BulletinItem.objects.create(
        bulletin=issue, opinion=item_opinion, editorial_title="道路", editorial_body="正文"
    )
    return issue


def _set(obj, status, **fields):
    type(obj).objects.filter(pk=obj.pk).update(status=status, **fields)
    obj.refresh_from_db()
    return obj


def _opinion_fields(action):
    return {"is_spam": action == "unspam"}


def _forwarding_fields(action):
    co = action in ("give_opinion", "waive_opinion")  # a co-handler's rows
    return {
        "signed_at": None if action == "refuse_return_unsigned" else timezone.now(),
        "role": Forwarding.Role.CO if co else Forwarding.Role.LEAD,
    }


CASES: list[tuple[Workflow[Any], str, str, Callable[[str], dict]]] = [
    *((OPINION, "opinion", t.action, _opinion_fields) for t in OPINION.transitions),
    *((FORWARDING, "forwarding", t.action, _forwarding_fields) for t in FORWARDING.transitions),
    *((BULLETIN, "bulletin", t.action, lambda action: {}) for t in BULLETIN.transitions),
]
IDS = [f"{record}-{action}" for _, record, action, _ in CASES]


@pytest.mark.parametrize(("workflow", "record", "action", "fields"), CASES, ids=IDS)
def test_every_row_runs_from_its_sources_and_from_no_other_state(
    request, actors, workflow, record, action, fields
):
    obj = request.getfixturevalue(record)
    transition = workflow[action]
    actor = actors[transition.perm]
    choices = type(obj).Status if record != "opinion" else Status
    assert transition.sources <= set(choices.values)  # the table names real states only
    for source in choices.values:
        _set(obj, source, **fields(action))
        before = obj.events.count()
        if source not in transition.sources:
            with pytest.raises(TransitionError):
                workflow.run(obj, action, by=actor)
            assert obj.events.count() == before
            continue
        result = workflow.run(obj, action, by=actor)
        assert obj.events.count() == before + 1, (source, action)
        event = result.event
        assert event.kind == transition.kind
        assert event.actor == actor
        if transition.target is None:
            assert (event.from_status, event.to_status) == ("", "")
            assert workflow.state_of(result.obj) == source
        else:
            assert (event.from_status, event.to_status) == (source, transition.target)
            assert workflow.state_of(result.obj) == transition.target


@pytest.mark.parametrize(
    ("workflow", "record", "action", "fields"),
    [case for case in CASES if case[0][case[2]].perm is not None],
    ids=[i for i, case in zip(IDS, CASES, strict=True) if case[0][case[2]].perm is not None],
)
def test_an_actor_without_the_rows_permission_is_refused(
    request, refused, workflow, record, action, fields
):
    obj = request.getfixturevalue(record)
    transition = workflow[action]
    _set(obj, sorted(transition.sources)[0], **fields(action))
    for user in refused[transition.perm]:
        assert not workflow.can(obj, action, user)
        with pytest.raises(PermissionDenied):
            workflow.run(obj, action, by=user)
    assert obj.events.count() == 0


def test_the_desk_buttons_come_from_the_table(opinion, staff_dalate, staff_zhungeer):
    assert [t.action for t in OPINION.available(opinion, staff_dalate)] == [
        "assign",
        "return",
        "reject",
        "merge",
        "receive_merge",
        "adopt",
        "convert",
        "spam",
    ]
    assert OPINION.available(opinion, staff_zhungeer) == []


# --- through the services ---------------------------------------------------------------------
def test_services_refuse_the_wrong_actor(
    distinct_forwarded, staff_zhungeer, dept_co_user, dept_lead_user, public_opinion, leader
):
    lead = distinct_forwarded.forwardings.get(role=Forwarding.Role.LEAD)
    with pytest.raises(PermissionDenied):
        services.opinion_adopt(opinion=public_opinion, by=staff_zhungeer, level="banner")
    with pytest.raises(PermissionDenied):
        services.opinion_add_note(opinion=public_opinion, by=leader, comment="备注")
    with pytest.raises(PermissionDenied):
        services.forwarding_sign(forwarding=lead, by=dept_co_user)
    with pytest.raises(PermissionDenied):
        services.forwarding_decide_return(forwarding=lead, by=dept_lead_user, accept=True)
    public_opinion.refresh_from_db()
    lead.refresh_from_db()
    assert public_opinion.status == Status.SUBMITTED and lead.status == Forwarding.Status.NEW


def _co_opinion_given(opinion, user):
    co = opinion.forwardings.get(role=Forwarding.Role.CO)
    services.forwarding_sign(forwarding=co, by=user)
    services.forwarding_give_opinion(forwarding=co, by=user, text="同意主办单位意见。")


def test_forwarding_steps_carry_from_and_to(
    distinct_forwarded, dept_lead_user, dept_co_user, staff_dalate
):
    _co_opinion_given(distinct_forwarded, dept_co_user)
    lead = distinct_forwarded.forwardings.get(role=Forwarding.Role.LEAD)
    services.forwarding_sign(forwarding=lead, by=dept_lead_user)
    reply = services.forwarding_reply(
        forwarding=lead, by=dept_lead_user, text="已解决。", resolution="solved"
    )
    services.reply_review(reply=reply, by=staff_dalate, accept=True)
    steps = [(e.kind, e.from_status, e.to_status, e.actor) for e in lead.events.all()]
    assert steps == [
        ("signed", "new", "signed", dept_lead_user),
        ("reply_submitted", "signed", "replied", dept_lead_user),
        ("reply_accepted", "replied", "accepted", staff_dalate),
    ]
    assert all(e.opinion_id == distinct_forwarded.pk for e in lead.events.all())
    assert replay([(e.from_status, e.to_status) for e in lead.events.all()], "new") == (
        Forwarding.Status.ACCEPTED
    )


def test_the_opinions_own_events_replay_to_its_status(
    distinct_forwarded, dept_lead_user, dept_co_user, staff_dalate
):
    _co_opinion_given(distinct_forwarded, dept_co_user)
    lead = distinct_forwarded.forwardings.get(role=Forwarding.Role.LEAD)
    services.forwarding_sign(forwarding=lead, by=dept_lead_user)
    reply = services.forwarding_reply(
        forwarding=lead, by=dept_lead_user, text="已解决。", resolution="solved"
    )
    services.reply_review(reply=reply, by=staff_dalate, accept=True)
    opinion = Opinion.objects.get(pk=distinct_forwarded.pk)
    services.opinion_rate(
        opinion=opinion, satisfaction=Satisfaction.UNSATISFIED, comment="没解决", rehandle=True
    )
    opinion.refresh_from_db()
    own = opinion.events.filter(forwarding=None)
    assert replay([(e.from_status, e.to_status) for e in own], "") == opinion.status
    assert opinion.status == Status.FORWARDED
    lead.refresh_from_db()
    assert lead.status == Forwarding.Status.SIGNED
    assert lead.events.last().kind == OpinionEvent.Kind.REOPENED


def test_bulletin_edits_and_sign_off_are_events(
    distinct_adopted, staff_dalate, dalate, leader_dalate
):
    bulletin = services.bulletin_create(by=staff_dalate, committee=dalate)
    item = services.bulletin_add_item(bulletin=bulletin, opinion=distinct_adopted, by=staff_dalate)
    services.bulletin_update_item(
        item=item, by=staff_dalate, editorial_title="新标题", editorial_body="正文"
    )
    issue_bulletin(bulletin, by=staff_dalate, signer=leader_dalate)
    kinds = [(e.kind, e.from_status, e.to_status) for e in bulletin.events.all()]
    assert kinds == [
        (BulletinEvent.Kind.ITEM_ADDED, "", ""),
        (BulletinEvent.Kind.ITEM_EDITED, "", ""),
        (BulletinEvent.Kind.SUBMITTED, "draft", "compiled"),
        (BulletinEvent.Kind.ISSUED, "compiled", "issued"),
    ]
    compiled = distinct_adopted.events.get(kind=OpinionEvent.Kind.COMPILED)
    assert (compiled.from_status, compiled.to_status, compiled.actor) == (
        "adopted",
        "compiled",
        leader_dalate,  # compiled by the sign-off
    )
    with pytest.raises(TransitionError, match="已签发"):
        services.bulletin_remove_item(item=item, by=staff_dalate)
