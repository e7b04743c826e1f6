"""Stateful property test of public observers: a Hypothesis ``RuleBasedStateMachine`` signs
citizens up, cancels, approves and rejects (as the event's own office or another committee's)
on two events — one confirming at once, one needing approval — and checks after every step that

1. no event holds more places than it has, and nobody waits while a place is free;
2. every registration's status is what an independent model says (first come, first served,
   the first waiting moves up when a place frees);
3. each registration's event log replays (signed up → …) to its status;
4. a refused step (another committee's staff, a state the table does not start from, the same
   phone twice) changes nothing.
"""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from accounts.models import User
from consultations import services
from consultations.models import Observer
from core.workflow import TransitionError, replay
from tests.consultations.factories import ConsultationFactory
from tests.members.factories import UserFactory

S = Observer.Status
START = datetime.datetime(2026, 6, 15, 10, tzinfo=datetime.UTC)
PHONES = [f"1390000{n:04d}" for n in range(8)]
HOLDING = {S.PENDING, S.CONFIRMED}


class ObserverMachine(RuleBasedStateMachine):
    world: dict

    def __init__(self):
        super().__init__()
        self._atomic = transaction.atomic()
        self._atomic.__enter__()
        office = self.world["office"]
        self.events = []
        for approval in (False, True):
            event = ConsultationFactory(
                committee=self.world["committee"], capacity=1, needs_approval=approval
            )
            services.consultation_step(consultation=event, by=office, action="open")
            self.events.append(event)
        # the model: per event, the registrations in sign-up order: [pk, phone, status]
        self.model: dict[int, list[list]] = {e.pk: [] for e in self.events}

    def teardown(self):
        transaction.set_rollback(True)
        self._atomic.__exit__(None, None, None)

    # --- the model ---------------------------------------------------------------------------
    def taken(self, event) -> int:
        return sum(1 for _pk, _phone, status in self.model[event.pk] if status in HOLDING)

    def first_status(self, event) -> str:
        return S.PENDING if event.needs_approval else S.CONFIRMED

    def move_up(self, event) -> None:
        for row in self.model[event.pk]:
            if row[2] == S.WAITLISTED:
                row[2] = self.first_status(event)
                return

    def row(self, event, index):
        rows = self.model[event.pk]
        return rows[index % len(rows)] if rows else None

    # --- rules -------------------------------------------------------------------------------
    @rule(which=st.integers(0, 1), phone=st.sampled_from(PHONES))
    def sign_up(self, which, phone):
        event = self.events[which]
        live = {p for _pk, p, status in self.model[event.pk] if status in HOLDING | {S.WAITLISTED}}
        if phone in live:
            with pytest.raises(ValidationError):
                services.observer_sign_up(
                    consultation=event, name="群众", phone=phone, consent=True
                )
            return
        observer = services.observer_sign_up(
            consultation=event, name="群众", phone=phone, consent=True
        )
        expected = self.first_status(event) if self.taken(event) < event.capacity else S.WAITLISTED
        assert observer.status == expected
        self.model[event.pk].append([observer.pk, phone, expected])

    @rule(which=st.integers(0, 1), index=st.integers(0, 20))
    def cancel(self, which, index):
        event = self.events[which]
        row = self.row(event, index)
        if row is None:
            return
        observer = Observer.objects.get(pk=row[0])
        if row[2] not in HOLDING | {S.WAITLISTED}:
            with pytest.raises(TransitionError):
                services.observer_cancel(observer=observer)
            return
        services.observer_cancel(observer=observer)
        held = row[2] in HOLDING
        row[2] = S.CANCELLED
        if held:
            self.move_up(event)

    @rule(index=st.integers(0, 20), approve=st.booleans(), outsider=st.booleans())
    def decide(self, index, approve, outsider):
        event = self.events[1]
        row = self.row(event, index)
        if row is None:
            return
        observer = Observer.objects.get(pk=row[0])
        by = self.world["outsider" if outsider else "office"]
        if outsider:
            with pytest.raises(PermissionDenied):
                services.observer_decide(observer=observer, by=by, approve=approve)
            return
        if row[2] != S.PENDING:
            with pytest.raises(TransitionError):
                services.observer_decide(observer=observer, by=by, approve=approve)
            return
        services.observer_decide(observer=observer, by=by, approve=approve)
        row[2] = S.CONFIRMED if approve else S.REJECTED
        if not approve:
            self.move_up(event)

    # --- invariants --------------------------------------------------------------------------
    @invariant()
    def places_and_statuses(self):
        for event in self.events:
            rows = self.model[event.pk]
            stored = dict(event.observers.values_list("pk", "status"))
            assert stored == {pk: status for pk, _phone, status in rows}
            taken = sum(1 for s in stored.values() if s in HOLDING)
            assert taken <= event.capacity
            if any(s == S.WAITLISTED for s in stored.values()):
                assert taken == event.capacity
            for pk, status in stored.items():
                observer = Observer.objects.get(pk=pk)
                assert (observer.entry_code is not None) == (status == S.CONFIRMED)
                log = list(observer.events.order_by("pk"))
                assert log[0].kind == "signed_up"
                edges = [(e.from_status, e.to_status) for e in log[1:]]
                assert replay(edges, log[0].to_status) == status


@pytest.mark.django_db
def test_observer_registrations(ref):
    committee = ref["dalate"]
    with time_machine.travel(START, tick=False):
        ObserverMachine.world = {
            "committee": committee,
            "office": UserFactory(role=User.Role.STAFF, committee=committee),
            "outsider": UserFactory(role=User.Role.STAFF, committee=ref["zhungeer"]),
        }
        run_state_machine_as_test(
            ObserverMachine,
            settings=settings(
                max_examples=25,
                stateful_step_count=30,
                derandomize=True,
                deadline=None,
                suppress_health_check=[HealthCheck.too_slow],
            ),
        )
