"""The duty shift's and the swap's transition tables (workstations.workflows), row by row through
the services: from every state outside a row's sources the service refuses with TransitionError
and changes nothing; from every source a permitted actor succeeds and the one event carries
from/to/actor; a refused actor gets PermissionDenied. The pages follow the same tables, and a
shift's check-in reaches liaison through a signal (workstations imports no liaison module)."""

import datetime
import pathlib

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from core.workflow import TransitionError, replay
from liaison.models import Activity
from tests.workstations.factories import DutyShiftFactory
from workstations import services, signals
from workstations.models import DutyShift, ShiftEvent, ShiftSwap
from workstations.services import ShiftError
from workstations.views import SHIFT_STEPS, SWAP_DECISIONS
from workstations.workflows import MARKS, SHIFT, SWAP

pytestmark = pytest.mark.usefixtures("frozen_now")  # 2026-06-15
TODAY = datetime.date(2026, 6, 15)
SHIFT_STATES = sorted(DutyShift.Status.values)
SWAP_STATES = sorted(ShiftSwap.Status.values)
SHIFT_ROWS = [(t.action, s) for t in SHIFT.transitions for s in SHIFT_STATES]
SWAP_ROWS = [(t.action, s) for t in SWAP.transitions for s in SWAP_STATES]
STAFF_ROWS = {"mark_missed", "mark_excused", "cancel"}
MARK_OF = {action: status for status, action in MARKS.items()}


def _day(action):
    # a shift is checked in on the day, marked missed after it, swapped before it
    return {
        "mark_missed": TODAY - datetime.timedelta(days=1),
        "request_swap": TODAY + datetime.timedelta(days=3),
    }.get(action, TODAY)


def _call_shift(action, shift, by, colleague):
    if action in STAFF_ROWS:
        return services.shift_mark(shift=shift, by=by, status=MARK_OF[action], comment="说明")
    return {
        "check_in": lambda: services.shift_check_in(shift=shift, by=by),
        "record": lambda: services.shift_record(shift=shift, by=by, visitors_count=4, notes="4人"),
        "matter": lambda: services.shift_raise_matter(
            shift=shift, by=by, title="路灯损坏", content="主干道路灯损坏。"
        ),
        "request_swap": lambda: services.swap_request(
            shift=shift, by=by, to_member=colleague, reason="出差"
        ),
    }[action]()


def test_the_tables_cover_every_state_and_the_old_error_name_is_the_kernels():
    assert SHIFT.states() == set(SHIFT_STATES)
    assert SWAP.states() == set(SWAP_STATES)
    assert ShiftError is TransitionError
    assert {step.action for step in SHIFT_STEPS.values()} <= set(SHIFT.actions)
    assert set(SWAP_DECISIONS) == set(SWAP.actions) - {"withdraw"}  # the office's rows


@pytest.mark.parametrize("action, state", SHIFT_ROWS)
def test_each_shift_row_from_each_state(action, state, workstation, duty_members, office):
    shift = DutyShiftFactory(
        workstation=workstation, member=duty_members[0], date=_day(action), status=state
    )
    transition = SHIFT[action]
    by = office if action in STAFF_ROWS else duty_members[0].user
    if state not in transition.sources:
        if transition.target == state:
            return  # marking a shift as what it is: a no-op (test_marking_twice_is_a_no_op)
        if action == "check_in" and state == DutyShift.Status.SERVED:
            return  # checking in twice: a no-op (test_shifts.py)
        with pytest.raises(TransitionError):
            _call_shift(action, shift, by, duty_members[1])
        assert DutyShift.objects.get(pk=shift.pk).status == state
        assert not shift.events.exists()
        return
    _call_shift(action, shift, by, duty_members[1])
    shift.refresh_from_db()
    event = shift.events.get()
    assert event.kind == transition.kind and event.actor == by
    if transition.target is None:
        assert shift.status == state and (event.from_status, event.to_status) == ("", "")
    else:
        assert shift.status == transition.target
        assert (event.from_status, event.to_status) == (state, transition.target)


@pytest.mark.parametrize("action", SHIFT.actions)
def test_a_refused_actor_gets_permission_denied(
    action, workstation, duty_members, staff_zhungeer, office
):
    source = sorted(SHIFT[action].sources)[0]
    shift = DutyShiftFactory(
        workstation=workstation, member=duty_members[0], date=_day(action), status=source
    )
    refused = [duty_members[1].user, staff_zhungeer]  # a colleague; another committee's staff
    if action in STAFF_ROWS:
        refused.append(duty_members[0].user)  # the member on duty does not mark their own shift
    if SHIFT[action].perm == "workstations.own_shift":
        refused.append(office)  # only the member on duty raises matters and asks for swaps
    for by in refused:
        with pytest.raises(PermissionDenied):
            _call_shift(action, shift, by, duty_members[2])
    assert DutyShift.objects.get(pk=shift.pk).status == source
    assert not shift.events.exists()


def test_marking_twice_is_a_no_op(workstation, duty_members, office):
    shift = DutyShiftFactory(workstation=workstation, member=duty_members[0], date=TODAY)
    services.shift_mark(shift=shift, by=office, status="excused")
    services.shift_mark(shift=shift, by=office, status="excused")
    assert shift.events.count() == 1


@pytest.fixture
def swap_of(workstation, duty_members):
    def make(state):
        shift = DutyShiftFactory(
            workstation=workstation,
            member=duty_members[0],
            date=TODAY + datetime.timedelta(days=3),
        )
        return ShiftSwap.objects.create(
            shift=shift,
            from_member=duty_members[0],
            to_member=duty_members[1],
            reason="出差",
            status=state,
        )

    return make


def _decide(action, swap, by):
    service = {
        "approve": services.swap_approve,
        "reject": services.swap_reject,
        "withdraw": services.swap_withdraw,
    }[action]
    return service(swap=swap, by=by, comment="意见")


def _actor(action, office, duty_members):
    """Who runs the row: the office decides, the member who asked withdraws."""
    return duty_members[0].user if action == "withdraw" else office


@pytest.mark.parametrize("action, state", SWAP_ROWS)
def test_each_swap_row_from_each_state(action, state, swap_of, office, duty_members):
    swap = swap_of(state)
    transition = SWAP[action]
    by = _actor(action, office, duty_members)
    if state not in transition.sources:
        with pytest.raises(TransitionError):
            _decide(action, swap, by)
        assert ShiftSwap.objects.get(pk=swap.pk).status == state
        assert not swap.events.exists()
        return
    _decide(action, swap, by)
    swap.refresh_from_db()
    assert swap.status == transition.target
    assert swap.decided_by == (None if action == "withdraw" else office)
    event = swap.events.get()
    assert event.shift_id == swap.shift_id and event.kind == transition.kind
    assert (event.from_status, event.to_status, event.actor) == (state, transition.target, by)
    expected_member = duty_members[1] if action == "approve" else duty_members[0]
    assert DutyShift.objects.get(pk=swap.shift_id).member == expected_member


@pytest.mark.parametrize("action", sorted(SWAP_DECISIONS))
def test_a_refused_actor_may_not_decide_a_swap(action, swap_of, duty_members, staff_zhungeer):
    swap = swap_of(ShiftSwap.Status.PENDING)
    for by in (duty_members[0].user, duty_members[1].user, staff_zhungeer):
        with pytest.raises(PermissionDenied):
            _decide(action, swap, by)
    assert ShiftSwap.objects.get(pk=swap.pk).status == ShiftSwap.Status.PENDING


def test_only_the_member_who_asked_withdraws_a_swap(swap_of, duty_members, office, staff_zhungeer):
    swap = swap_of(ShiftSwap.Status.PENDING)
    for by in (duty_members[1].user, office, staff_zhungeer):
        with pytest.raises(PermissionDenied):
            services.swap_withdraw(swap=swap, by=by)
    assert ShiftSwap.objects.get(pk=swap.pk).status == ShiftSwap.Status.PENDING


def test_a_member_withdraws_a_pending_swap_from_the_shift_page(client, swap_of, duty_members):
    swap = swap_of(ShiftSwap.Status.PENDING)
    client.force_login(duty_members[0].user)
    page = client.get(reverse("workstations:shift_detail", args=[swap.shift_id]))
    url = reverse("workstations:swap_withdraw", args=[swap.shift_id, swap.pk])
    assert url in page.content.decode() and "撤回申请" in page.content.decode()
    response = client.post(url)
    assert response.status_code == 302
    assert ShiftSwap.objects.get(pk=swap.pk).status == ShiftSwap.Status.WITHDRAWN
    assert (
        url
        not in client.get(
            reverse("workstations:shift_detail", args=[swap.shift_id])
        ).content.decode()
    )
    # the colleague asked to take the shift sees no button and may not post it (not their shift)
    client.force_login(duty_members[1].user)
    assert client.post(url).status_code == 404


def test_a_swap_whose_shift_changed_is_refused(swap_of, office):
    swap = swap_of(ShiftSwap.Status.PENDING)
    DutyShift.objects.filter(pk=swap.shift_id).update(status=DutyShift.Status.CANCELLED)
    with pytest.raises(TransitionError, match="该值班已变更"):
        services.swap_approve(swap=swap, by=office)


def test_swap_request_event_points_at_the_swap(workstation, duty_members):
    shift = DutyShiftFactory(
        workstation=workstation, member=duty_members[0], date=TODAY + datetime.timedelta(days=3)
    )
    swap = services.swap_request(
        shift=shift, by=duty_members[0].user, to_member=duty_members[1], reason="出差"
    )
    event = shift.events.get()
    assert event.swap == swap and event.kind == "swap_requested"
    assert event.data == {"swap": swap.pk, "to_member": duty_members[1].pk}


def test_the_shift_log_replays_to_the_current_status(workstation, duty_members, office):
    shift = services.shift_plan(
        workstation=workstation,
        member=duty_members[0],
        date=TODAY,
        starts_at=datetime.time(14, 0),
        ends_at=datetime.time(17, 0),
        by=office,
    )
    services.shift_mark(shift=shift, by=office, status="excused")
    services.shift_mark(shift=shift, by=office, status="cancelled")
    services.shift_mark(shift=shift, by=office, status="excused")
    events = list(shift.events.filter(swap__isnull=True).order_by("created_at", "pk"))
    edges = [(e.from_status, e.to_status) for e in events[1:]]
    assert replay(edges, events[0].to_status) == DutyShift.objects.get(pk=shift.pk).status


# --- the layering: a check-in reaches liaison through a signal --------------------------------
def test_workstations_imports_no_liaison_module():
    root = pathlib.Path(signals.__file__).parent
    for path in root.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "from liaison" not in text and "import liaison" not in text, path


def test_check_in_signals_the_served_shift_in_its_transaction(workstation, duty_members):
    shift = DutyShiftFactory(workstation=workstation, member=duty_members[0], date=TODAY)
    received = []

    def receiver(sender, *, shift, by, at, **kwargs):
        received.append((shift.pk, shift.status, by, at))
        raise RuntimeError("a failing receiver rolls the check-in back")

    signals.shift_served.connect(receiver, dispatch_uid="test-served")
    try:
        with pytest.raises(RuntimeError):
            services.shift_check_in(shift=shift, by=duty_members[0].user)
    finally:
        signals.shift_served.disconnect(dispatch_uid="test-served")
    assert received and received[0][:3] == (shift.pk, "served", duty_members[0].user)
    assert DutyShift.objects.get(pk=shift.pk).status == DutyShift.Status.PLANNED
    assert not ShiftEvent.objects.exists() and not Activity.objects.exists()


# --- the pages follow the tables ------------------------------------------------------------
def test_the_shift_page_refuses_an_action_outside_the_table(client, workstation, duty_members):
    shift = DutyShiftFactory(workstation=workstation, member=duty_members[0], date=TODAY)
    client.force_login(duty_members[0].user)
    url = reverse("workstations:shift_action", args=[shift.pk, "cancel"])
    assert client.post(url).status_code == 404


def test_the_swap_page_refuses_a_decision_outside_the_table(client, swap_of, office):
    swap = swap_of(ShiftSwap.Status.PENDING)
    client.force_login(office)
    url = reverse("workstations:swap_decide", args=[swap.pk, "withdraw"])
    assert client.post(url).status_code == 404
    url = reverse("workstations:swap_decide", args=[swap.pk, "approve"])
    assert client.post(url).status_code == 302
    assert ShiftSwap.objects.get(pk=swap.pk).status == ShiftSwap.Status.APPROVED


def test_staff_may_check_in_for_the_member_from_the_page(client, workstation, duty_members, office):
    shift = DutyShiftFactory(workstation=workstation, member=duty_members[0], date=TODAY)
    client.force_login(office)
    body = client.get(reverse("workstations:shift_detail", args=[shift.pk])).content.decode()
    assert "签到" in body and "申请换班" not in body
    url = reverse("workstations:shift_action", args=[shift.pk, "check-in"])
    assert client.post(url).status_code == 302
    assert Activity.objects.get(shift=shift).status == Activity.Status.CONFIRMED


def test_matter_event_names_the_opinion(workstation, duty_members):
    shift = DutyShiftFactory(workstation=workstation, member=duty_members[0], date=TODAY)
    services.shift_check_in(shift=shift, by=duty_members[0].user)
    opinion = services.shift_raise_matter(
        shift=shift, by=duty_members[0].user, title="路灯损坏", content="主干道路灯损坏。"
    )
    event = shift.events.get(kind="matter")
    assert event.data == {"opinion": opinion.pk, "code": opinion.tracking_code}
    assert list(Activity.objects.get(shift=shift).opinions.all()) == [opinion]
