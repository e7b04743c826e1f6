"""Stateful property test of the 委员讲堂 order: a Hypothesis ``RuleBasedStateMachine`` places
orders and runs every action of the table with random actors (staff of the order's committee and
of another, the member it is dispatched to and another member, the requester), and checks after
every step that

1. each order's status and member are what an independent model of the table says — an action
   the model refuses raises ``PermissionDenied`` (the wrong actor, asked first) or
   ``TransitionError`` (the wrong state) and changes nothing;
2. replaying each order's event log gives its status;
3. a delivered or rated order has exactly one confirmed 委员讲堂 activity and the member exactly
   one active ledger entry for it; nothing else has either.
"""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    invariant,
    rule,
    run_state_machine_as_test,
)

from core.workflow import TransitionError, replay
from lectures import services
from lectures.models import LectureOrder
from ledger.models import LedgerEntry
from liaison.models import Activity
from tests.lectures.factories import approved_offering, placed_order
from tests.members.factories import MemberUserFactory, UserFactory

START = datetime.datetime(2026, 6, 15, 2, 0, tzinfo=datetime.UTC)
ACTORS = ["staff_in", "staff_out", "lecturer", "colleague"]
RIGHT = "right"  # the actor the rules want for the action (so that long paths get walked)
MEMBERS = ["lecturer", "colleague"]
OPEN = {"new", "dispatched", "accepted", "scheduled"}
# action → (sources, target); the model of lectures.workflows.ORDER, written out independently
TABLE = {
    "dispatch": ({"new", "dispatched"}, "dispatched"),
    "accept": ({"dispatched"}, "accepted"),
    "decline": ({"dispatched"}, "new"),
    "schedule": ({"accepted", "scheduled"}, "scheduled"),
    "deliver": ({"scheduled"}, "delivered"),
    "rate": ({"delivered"}, "rated"),
    "cancel": (OPEN, "cancelled"),
    "withdraw": (OPEN, "cancelled"),
}


class World:
    def __init__(self, ref):
        dalate, zhungeer = ref["dalate"], ref["zhungeer"]
        self.users = {
            "staff_in": UserFactory(username="lm_staff_in", role="staff", committee=dalate),
            "staff_out": UserFactory(username="lm_staff_out", role="staff", committee=zhungeer),
        }
        self.members = {
            "lecturer": MemberUserFactory(committee=dalate, name="讲师甲"),
            "colleague": MemberUserFactory(committee=dalate, name="委员乙"),
        }
        for key, member in self.members.items():
            self.users[key] = member.user
        self.offering = approved_offering(self.members["lecturer"], self.users["staff_in"])


def allowed(actor: str, action: str, status: str, member: str | None) -> bool:
    """Who may run ``action`` (the rules, modelled): staff of the committee dispatch, deliver
    and cancel; the member it is dispatched to answers; either agrees the date; anyone with the
    private link rates."""
    if action in ("dispatch", "deliver", "cancel"):
        return actor == "staff_in"
    if action in ("accept", "decline"):
        return member is not None and actor == member
    if action == "schedule":
        return actor == "staff_in" or (member is not None and actor == member)
    return True  # rate, withdraw: the requester, by the private link


class OrderMachine(RuleBasedStateMachine):
    world: World
    done: dict[str, int]  # actions that succeeded, over all examples
    orders = Bundle("orders")

    def __init__(self):
        super().__init__()
        self._atomic = transaction.atomic()
        self._atomic.__enter__()
        self.model: dict[int, dict] = {}

    def teardown(self):
        transaction.set_rollback(True)
        self._atomic.__exit__(None, None, None)

    @rule(target=orders)
    def place(self):
        order, _token = placed_order(self.world.offering)
        self.model[order.pk] = {"status": "new", "member": None}
        return order.pk

    @rule(
        pk=orders,
        action=st.sampled_from(sorted(TABLE)),
        actor=st.sampled_from([RIGHT, RIGHT, *ACTORS]),
        to=st.sampled_from(MEMBERS),
    )
    def act(self, pk, action, actor, to):
        state = self.model[pk]
        if actor == RIGHT:
            actor = state["member"] if action in ("accept", "decline") else "staff_in"
            actor = actor or "lecturer"
        order = LectureOrder.objects.get(pk=pk)
        user = None if action in ("rate", "withdraw") else self.world.users[actor]
        today = datetime.date(2026, 6, 15)
        calls = {
            "dispatch": lambda: services.order_dispatch(
                order=order, by=user, member=self.world.members[to]
            ),
            "accept": lambda: services.order_accept(order=order, by=user),
            "decline": lambda: services.order_decline(order=order, by=user, reason="没空"),
            "schedule": lambda: services.order_schedule(order=order, by=user, agreed_on=today),
            "deliver": lambda: services.order_deliver(
                order=order, by=user, delivered_on=today, people_reached=5, summary="好"
            ),
            "rate": lambda: services.order_rate(order=order, rating="satisfied"),
            "cancel": lambda: services.order_cancel(order=order, by=user, reason="不需要了"),
            "withdraw": lambda: services.order_withdraw(order=order),
        }
        sources, target = TABLE[action]
        if action not in ("rate", "withdraw") and not allowed(
            actor, action, state["status"], state["member"]
        ):
            with pytest.raises(PermissionDenied):
                calls[action]()
            return
        if state["status"] not in sources:
            with pytest.raises(TransitionError):
                calls[action]()
            return
        if action == "dispatch" and state["status"] == "dispatched" and state["member"] == to:
            with pytest.raises(ValidationError):  # already with that member
                calls[action]()
            return
        calls[action]()
        event(f"{action}: done")
        self.done[action] = self.done.get(action, 0) + 1
        state["status"] = target
        if action == "dispatch":
            state["member"] = to
        elif action == "decline":
            state["member"] = None

    @rule(pk=orders, to=st.sampled_from(MEMBERS), accept=st.sampled_from([True, True, True, False]))
    def advance(self, pk, to, accept):
        """The order's next step along the happy path, by the actor the rules want."""
        following = {
            "new": "dispatch",
            "dispatched": "accept",
            "accepted": "schedule",
            "scheduled": "deliver",
            "delivered": "rate",
        }
        action = following.get(self.model[pk]["status"])
        if action == "accept" and not accept:
            action = "decline"
        if action is not None:
            self.act(pk=pk, action=action, actor=RIGHT, to=to)

    @invariant()
    def orders_match_the_model(self):
        members = {m.pk: key for key, m in self.world.members.items()}
        for order in LectureOrder.objects.filter(pk__in=self.model).prefetch_related("events"):
            expected = self.model[order.pk]
            assert order.status == expected["status"], order.pk
            assert members.get(order.member_id) == expected["member"], order.pk
            edges = [(e.from_status, e.to_status) for e in order.events.all()]
            assert replay(edges, "") == order.status

    @invariant()
    def delivered_orders_have_one_activity_and_one_entry(self):
        delivered = {pk for pk, s in self.model.items() if s["status"] in ("delivered", "rated")}
        origins = set(Activity.objects.exclude(origin="").values_list("origin", flat=True))
        assert origins == {f"lecture:{pk}" for pk in delivered}
        keys = list(
            LedgerEntry.objects.active()
            .filter(source_key__startswith="lecture:")
            .values_list("source_key", flat=True)
        )
        assert sorted(keys) == sorted(f"lecture:{pk}" for pk in delivered)


@pytest.mark.django_db
def test_lecture_order_machine(ref):
    with time_machine.travel(START, tick=False):
        OrderMachine.world = World(ref)
        OrderMachine.done = {}
        run_state_machine_as_test(
            OrderMachine,
            settings=settings(
                max_examples=25,
                stateful_step_count=20,
                derandomize=True,
                deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
            ),
        )
    # the machine walked the whole table, not just its first rows
    assert set(OrderMachine.done) == set(TABLE), OrderMachine.done
