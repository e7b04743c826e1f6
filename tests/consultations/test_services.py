"""Consultation services and their transition tables (consultations.workflows): every row from
every state (outside its sources → TransitionError and nothing changes; inside → exactly one
event with from/to), the actor's rule (another committee's staff → PermissionDenied), the
ledger (attendance and unexcused absence counted once, corrected when staff correct the
record), topics linked to opinions both ways, outcomes' follow-up, reminders."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from consultations import services
from consultations.models import (
    Consultation,
    ConsultationEvent,
    Invitation,
    Minutes,
    Outcome,
    Topic,
)
from consultations.services import materials as material_services
from consultations.workflows import CONSULTATION, INVITATION, OUTCOME, STEP_ACTIONS
from core.workflow import TransitionError, replay
from ledger.models import LedgerEntry
from notifications.models import OutboxMessage
from opinions.models import OpinionEvent, Status
from tests.consultations.factories import (
    ConsultationFactory,
    InvitationFactory,
    pdf_upload,
    stored_material,
)
from tests.members.factories import MemberFactory
from tests.opinions.factories import OpinionFactory

pytestmark = pytest.mark.usefixtures("frozen_now")
C = Consultation.Status
STATES = sorted(C.values)


def _ready(consultation, state):
    """Put ``consultation`` in ``state`` for a table test (the runner checks the rest)."""
    consultation.status = state
    if state in {C.HELD, C.MINUTES, C.CLOSED}:
        consultation.starts_at = timezone.now() - datetime.timedelta(hours=3)
        consultation.ends_at = consultation.starts_at + datetime.timedelta(hours=2)
        Minutes.objects.create(consultation=consultation, text="纪要", public_summary="摘要")
    else:
        consultation.starts_at = timezone.now() - datetime.timedelta(minutes=5)
    consultation.save()


def _call(action, consultation, by, member):
    if action in STEP_ACTIONS:
        return services.consultation_step(
            consultation=consultation, by=by, action=action, comment="说明"
        )
    return {
        "edit": lambda: services.consultation_update(
            consultation=consultation, by=by, title="修改后的活动名称"
        ),
        "invite": lambda: services.invitations_send(
            consultation=consultation, by=by, members=[member]
        ),
        "attendance": lambda: services.attendance_record(
            consultation=consultation,
            by=by,
            rows={InvitationFactory(consultation=consultation).pk: ("attended", True)},
        ),
        "save_minutes": lambda: services.minutes_save(
            consultation=consultation, by=by, text="纪要全文", public_summary="摘要"
        ),
        "add_outcome": lambda: services.outcome_add(
            consultation=consultation, by=by, recommendation="建议", submitted_to="市住建局"
        ),
        "add_material": lambda: material_services.material_add(
            consultation=consultation, by=by, upload=pdf_upload()
        ),
        "change_material": lambda: material_services.material_set_public(
            material=stored_material(consultation), by=by, is_public=True
        ),
        "remove_material": lambda: material_services.material_remove(
            material=stored_material(consultation), by=by
        ),
    }[action]()


def test_the_table_covers_every_state():
    assert CONSULTATION.states() == set(STATES)
    assert INVITATION.states() == set(Invitation.Rsvp.values)
    assert OUTCOME.states() == set(Outcome.Status.values)


@pytest.mark.parametrize(
    "action, state", [(t.action, s) for t in CONSULTATION.transitions for s in STATES]
)
def test_each_row_from_each_state(action, state, dalate, office, invitees):
    consultation = ConsultationFactory(committee=dalate)
    _ready(consultation, state)
    transition = CONSULTATION[action]
    before = consultation.events.count()
    if state not in transition.sources:
        with pytest.raises(TransitionError):
            _call(action, consultation, office, invitees[0])
        assert Consultation.objects.get(pk=consultation.pk).status == state
        assert consultation.events.count() == before
        return
    _call(action, consultation, office, invitees[0])
    consultation.refresh_from_db()
    events = list(consultation.events.filter(invitation=None, observer=None))
    assert len(events) == before + 1
    event = events[-1]
    assert event.actor == office
    if transition.target is not None:
        assert (event.from_status, event.to_status) == (state, transition.target)
        assert consultation.status == transition.target
    else:
        assert (event.from_status, event.to_status) == ("", "")
        assert consultation.status == state


@pytest.mark.parametrize("action", [t.action for t in CONSULTATION.transitions])
def test_another_committees_staff_is_refused(action, dalate, office_out, invitees):
    consultation = ConsultationFactory(committee=dalate)
    _ready(consultation, sorted(CONSULTATION[action].sources)[0])
    with pytest.raises(PermissionDenied):
        _call(action, consultation, office_out, invitees[0])


def test_lifecycle_events_replay_to_the_status(dalate, office, invitees):
    start = timezone.now() + datetime.timedelta(days=2)
    consultation = services.consultation_create(
        by=office,
        committee=dalate,
        kind=Consultation.Kind.GRASSROOTS,
        title="树林召镇基层协商议事会",
        address="树林召镇政府三楼会议室",
        leading_body="树林召镇党委",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
        is_public=True,
        capacity=10,
    )
    services.consultation_step(consultation=consultation, by=office, action="open")
    services.invitations_send(consultation=consultation, by=office, members=invitees)
    Consultation.objects.filter(pk=consultation.pk).update(
        starts_at=timezone.now() - datetime.timedelta(hours=1)
    )
    consultation.refresh_from_db()
    services.consultation_step(consultation=consultation, by=office, action="hold")
    with pytest.raises(TransitionError, match="公开摘要"):
        services.consultation_step(consultation=consultation, by=office, action="publish_minutes")
    services.minutes_save(
        consultation=consultation, by=office, text="会议纪要全文", public_summary="公开摘要"
    )
    services.consultation_step(consultation=consultation, by=office, action="publish_minutes")
    services.consultation_step(consultation=consultation, by=office, action="close")
    consultation.refresh_from_db()
    assert consultation.status == C.CLOSED
    assert consultation.minutes.published_at == timezone.now()
    own = consultation.events.filter(invitation=None, observer=None, outcome=None)
    pairs = [(e.from_status, e.to_status) for e in own.exclude(kind="created")]
    assert replay(pairs, C.PLANNED) == C.CLOSED


def test_create_refuses_bad_input_and_other_committees(dalate, zhungeer, office):
    start = timezone.now() + datetime.timedelta(days=2)
    base = dict(
        kind="open_day",
        title="开放日",
        leading_body="政协办公室",
        starts_at=start,
        ends_at=start - datetime.timedelta(hours=1),
    )
    with pytest.raises(ValidationError) as caught:
        services.consultation_create(by=office, committee=dalate, **base)
    assert {"ends_at", "address"} <= set(caught.value.message_dict)
    with pytest.raises(PermissionDenied):
        services.consultation_create(
            by=office, committee=zhungeer, **{**base, "ends_at": start, "address": "x"}
        )
    assert not Consultation.objects.exists()


def test_cancel_needs_a_reason_and_tells_the_invited(event, office, invitees):
    services.invitations_send(consultation=event, by=office, members=invitees)
    with pytest.raises(ValidationError):
        services.consultation_step(consultation=event, by=office, action="cancel")
    services.consultation_step(consultation=event, by=office, action="cancel", comment="天气原因")
    notices = OutboxMessage.objects.filter(cause__startswith="consultation-cancelled:")
    assert notices.filter(channel="in_app").count() == 2


# --- invitations ------------------------------------------------------------------------------
def test_invitations_notify_and_skip_those_already_invited(event, office, invitees):
    created = services.invitations_send(consultation=event, by=office, members=invitees)
    assert len(created) == 2
    assert OutboxMessage.objects.filter(cause__startswith="consultation-invite:").exists()
    with pytest.raises(ValidationError):
        services.invitations_send(consultation=event, by=office, members=invitees)
    assert event.invitations.count() == 2


def test_members_of_another_banner_cannot_be_invited(event, office, zhungeer):
    from tests.members.factories import MemberFactory

    outsider = MemberFactory(committee=zhungeer, level="banner")
    with pytest.raises(ValidationError):
        services.invitations_send(consultation=event, by=office, members=[outsider])


def test_invitee_answers_own_invitation_only(event, office, invitees):
    mine, theirs = services.invitations_send(consultation=event, by=office, members=invitees)
    me = invitees[0].user
    with pytest.raises(ValidationError):
        services.invitation_respond(invitation=mine, by=me, accept=False, reason="  ")
    services.invitation_respond(invitation=mine, by=me, accept=False, reason="外出开会")
    mine.refresh_from_db()
    assert (mine.rsvp, mine.decline_reason) == ("declined", "外出开会")
    services.invitation_respond(invitation=mine, by=me, accept=True)
    assert Invitation.objects.get(pk=mine.pk).rsvp == "accepted"
    with pytest.raises(PermissionDenied):
        services.invitation_respond(invitation=theirs, by=me, accept=True)
    event_rows = ConsultationEvent.objects.filter(invitation=mine).order_by("pk")
    assert [(e.kind, e.from_status, e.to_status) for e in event_rows] == [
        ("declined", "pending", "declined"),
        ("accepted", "declined", "accepted"),
    ]
    assert all(e.consultation_id == event.pk for e in event_rows)


def test_no_answer_once_the_event_took_place(held_event, office, invitees):
    (invitation,) = services.invitations_send(
        consultation=held_event, by=office, members=invitees[:1]
    )
    services.consultation_step(consultation=held_event, by=office, action="hold")
    with pytest.raises(TransitionError):
        services.invitation_respond(invitation=invitation, by=invitees[0].user, accept=True)


# --- attendance and the ledger ----------------------------------------------------------------
def _entries(member):
    return LedgerEntry.objects.active().filter(member=member, source_type="consultation")


def test_attendance_awards_once_and_follows_corrections(held_event, office, invitees):
    a, b = services.invitations_send(consultation=held_event, by=office, members=invitees)
    services.consultation_step(consultation=held_event, by=office, action="hold")
    rows = {a.pk: ("attended", True), b.pk: ("absent", True)}
    assert services.attendance_record(consultation=held_event, by=office, rows=rows) == 2
    # the same record again, and again through the hook itself: nothing more
    assert services.attendance_record(consultation=held_event, by=office, rows=rows) == 0
    services.records._ledger_sync(Invitation.objects.get(pk=a.pk), held_event)
    (attended,) = _entries(invitees[0])
    assert attended.item == "consultation_attended" and attended.points == Decimal("2")
    assert "发言" in attended.description
    (absent,) = _entries(invitees[1])
    assert absent.item == "consultation_absence" and absent.points == Decimal("-2")
    assert Invitation.objects.get(pk=b.pk).spoke is False  # nobody speaks in absentia
    # staff correct the record: the absence was excused, the attendance a mistake
    services.attendance_record(
        consultation=held_event,
        by=office,
        rows={a.pk: ("excused", False), b.pk: ("attended", False)},
    )
    assert not _entries(invitees[0]).exists()
    assert [e.item for e in _entries(invitees[1])] == ["consultation_attended"]
    # and back: one entry again, never two
    services.attendance_record(consultation=held_event, by=office, rows={a.pk: ("attended", False)})
    services.attendance_record(consultation=held_event, by=office, rows={a.pk: ("attended", True)})
    assert _entries(invitees[0]).count() == 1


def test_attendance_refuses_unknown_values(held_event, office, invitees):
    (a,) = services.invitations_send(consultation=held_event, by=office, members=invitees[:1])
    services.consultation_step(consultation=held_event, by=office, action="hold")
    with pytest.raises(ValidationError):
        services.attendance_record(consultation=held_event, by=office, rows={a.pk: ("x", False)})
    assert Invitation.objects.get(pk=a.pk).attendance == "unknown"


# --- topics -----------------------------------------------------------------------------------
def test_topic_from_opinions_links_both_ways(dalate, zhungeer, office):
    ours = [OpinionFactory(committee=dalate, status=Status.ADOPTED) for _ in range(2)]
    topic = services.topic_create(
        by=office,
        committee_id=dalate.pk,
        source=Topic.Source.OPINIONS,
        title="关于城区停车难的协商议题",
        opinions=ours,
    )
    assert set(topic.opinions.all()) == set(ours)
    for opinion in ours:
        opinion.refresh_from_db()
        assert list(opinion.consultation_topics.all()) == [topic]
        assert opinion.topic_reference == topic.title  # the desk's old field still reads
        assert OpinionEvent.objects.filter(opinion=opinion, kind="converted").count() == 1
    theirs = OpinionFactory(committee=zhungeer, status=Status.ADOPTED)
    with pytest.raises(ValidationError):
        services.topic_link_opinions(topic=topic, by=office, opinions=[theirs])
    closed = OpinionFactory(committee=dalate, status=Status.CLOSED)
    with pytest.raises(ValidationError, match=closed.tracking_code):
        services.topic_link_opinions(topic=topic, by=office, opinions=[closed])
    assert topic.opinions.count() == 2


def test_topic_sources_need_their_reference(dalate, office):
    with pytest.raises(ValidationError):
        services.topic_create(by=office, committee_id=dalate.pk, source="proposal", title="议题")
    with pytest.raises(ValidationError):
        services.topic_create(by=office, committee_id=dalate.pk, source="opinions", title="议题")
    assert not Topic.objects.exists()


# --- outcomes ---------------------------------------------------------------------------------
def test_outcome_followed_up_to_closed(held_event, office, office_out):
    services.consultation_step(consultation=held_event, by=office, action="hold")
    outcome = services.outcome_add(
        consultation=held_event, by=office, recommendation="增设停车泊位", submitted_to="市住建局"
    )
    with pytest.raises(ValidationError):
        services.outcome_follow_up(outcome=outcome, by=office, action="decide", status="closed")
    with pytest.raises(TransitionError):
        services.outcome_follow_up(outcome=outcome, by=office, action="implement")
    with pytest.raises(PermissionDenied):
        services.outcome_follow_up(outcome=outcome, by=office_out, action="note", note="x")
    today = timezone.localdate()
    services.outcome_follow_up(
        outcome=outcome, by=office, action="decide", status="partly", note="部分采纳"
    )
    services.outcome_follow_up(outcome=outcome, by=office, action="implement", note="已建成")
    services.outcome_follow_up(outcome=outcome, by=office, action="close")
    outcome.refresh_from_db()
    assert (outcome.status, outcome.decided_on, outcome.implemented_on, outcome.closed_on) == (
        "closed",
        today,
        today,
        today,
    )
    steps = [(e.from_status, e.to_status) for e in outcome.events.filter(kind="follow_up")]
    assert steps == [("submitted", "partly"), ("partly", "implemented"), ("implemented", "closed")]
    with pytest.raises(ValidationError):
        services.outcome_follow_up(
            outcome=outcome, by=office, action="note", on=today + datetime.timedelta(days=1)
        )


# --- reminders --------------------------------------------------------------------------------
def test_reminders_once_per_invitation(event, office, invitees):
    services.invitations_send(consultation=event, by=office, members=invitees)
    far = timezone.now() - datetime.timedelta(days=2)
    assert services.consultation_reminders_send(now=far) == 0
    near = event.starts_at - datetime.timedelta(hours=30)
    services.consultation_reminders_send(now=near)
    services.consultation_reminders_send(now=near)
    reminders = OutboxMessage.objects.filter(
        cause__startswith="consultation-reminder:", channel="in_app"
    )
    assert reminders.count() == 2


def test_stale_outcomes_remind_the_office_once(held_event, office, office_out):
    services.consultation_step(consultation=held_event, by=office, action="hold")
    outcome = services.outcome_add(
        consultation=held_event, by=office, recommendation="建议", submitted_to="市民政局"
    )
    assert services.outcome_reminders_send() == 0
    later = timezone.now() + datetime.timedelta(days=31)
    assert services.outcome_reminders_send(now=later) == 1  # the committee's office only
    services.outcome_reminders_send(now=later)
    notices = OutboxMessage.objects.filter(cause__startswith="outcome-stale:", channel="in_app")
    assert list(notices.values_list("user", flat=True)) == [office.pk]
    services.outcome_follow_up(outcome=outcome, by=office, action="decide", status="not_adopted")
    services.outcome_follow_up(outcome=outcome, by=office, action="close")
    assert services.outcome_reminders_send(now=later) == 0


def test_update_keeps_places_taken_fills_new_ones_and_tells_the_invited(dalate, office, invitees):
    event = ConsultationFactory(committee=dalate, capacity=1)
    services.invitations_send(consultation=event, by=office, members=invitees)
    services.consultation_step(consultation=event, by=office, action="open")
    first, second, third = (
        services.observer_sign_up(
            consultation=event, name="群众", phone=f"1390000000{n}", consent=True
        )
        for n in range(3)
    )
    with pytest.raises(ValidationError) as caught:
        services.consultation_update(consultation=event, by=office, capacity=0)
    assert "capacity" in caught.value.message_dict
    services.consultation_update(consultation=event, by=office, capacity=2)
    statuses = [o.status for o in event.observers.order_by("pk")]
    assert statuses == ["confirmed", "confirmed", "waitlisted"]
    later = event.starts_at + datetime.timedelta(days=1)
    services.consultation_update(
        consultation=event, by=office, starts_at=later, ends_at=later + datetime.timedelta(hours=2)
    )
    changed = OutboxMessage.objects.filter(
        cause__startswith="consultation-changed:", channel="in_app"
    )
    assert changed.count() == 2
    assert [e.kind for e in event.events.filter(kind="edited")] == ["edited"] * 2
    with pytest.raises(TypeError):
        services.consultation_update(consultation=event, by=office, committee=dalate)


@pytest.mark.parametrize(
    "action, state",
    [(t.action, s) for t in OUTCOME.transitions for s in sorted(Outcome.Status.values)],
)
def test_each_outcome_row_from_each_state(action, state, held_event, office):
    Consultation.objects.filter(pk=held_event.pk).update(status=C.HELD)
    outcome = Outcome.objects.create(
        consultation=held_event, recommendation="建议", submitted_to="市民政局", status=state
    )
    transition = OUTCOME[action]
    kwargs = {"status": "adopted"} if transition.targets else {}

    def call():
        return services.outcome_follow_up(
            outcome=outcome, by=office, action=action, note="跟踪说明", **kwargs
        )

    if state not in transition.sources:
        with pytest.raises(TransitionError):
            call()
        assert Outcome.objects.get(pk=outcome.pk).status == state
        assert not outcome.events.exists()
        return
    call()
    (event,) = outcome.events.all()
    target = transition.target or ("adopted" if transition.targets else None)
    if target is None:
        assert (event.from_status, event.to_status) == ("", "")
    else:
        assert (event.from_status, event.to_status) == (state, target)
    assert Outcome.objects.get(pk=outcome.pk).status == (target or state)


@pytest.mark.parametrize(
    "action, state",
    [(t.action, s) for t in INVITATION.transitions for s in sorted(Invitation.Rsvp.values)],
)
def test_each_invitation_row_from_each_state(action, state, event, invitees, office):
    transition = INVITATION[action]
    on_behalf = action.startswith("record_")
    # the office answers for a member without an account; a member answers for themselves
    member = MemberFactory(committee=event.committee) if on_behalf else invitees[0]
    invitation = InvitationFactory(consultation=event, member=member, rsvp=state)

    def call():
        if on_behalf:
            return services.invitation_record_answer(
                invitation=invitation, by=office, accept=action == "record_accept", reason="出差"
            )
        return services.invitation_respond(
            invitation=invitation, by=invitees[0].user, accept=action == "accept", reason="出差"
        )

    if state not in transition.sources:
        with pytest.raises(TransitionError):
            call()
        assert Invitation.objects.get(pk=invitation.pk).rsvp == state
        assert not invitation.events.exists()
        return
    call()
    (row,) = invitation.events.all()
    assert (row.from_status, row.to_status, row.consultation_id) == (
        state,
        transition.target,
        event.pk,
    )
