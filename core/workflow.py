"""Declarative state machines: one transition table per workflow, one runner for all of them.

A workflow (an opinion, a forwarding, a bulletin, an activity, a duty shift, a swap, a year's
evaluation…) declares its transitions once::

    OPINION = Workflow(
        model=Opinion, event_model=OpinionEvent, event_fk="opinion",
        denied=_("只有政协机关工作人员可以办理。"),
        transitions=[
            Transition("adopt", sources={"pending", "processing"}, target="adopted",
                       perm="opinions.handle_opinion", label=_("采用")),
            …
        ],
    )

and every service that changes the state calls ``OPINION.run(obj, "adopt", by=user, …)``. The
runner, in one transaction:

1. locks the row (``select_for_update``) and works on the fresh copy;
2. checks the actor: ``rules.has_perm(transition.perm, user, obj)`` — the same ``rules`` predicate the
   views use, which resolves the object's committee itself (``PermissionDenied`` otherwise);
3. checks the state: optimistic ``expected_status`` first (someone else was faster), then the
   table's sources and the transition's own guard (``TransitionError`` otherwise);
4. applies the caller's field changes and the target status, validates and saves;
5. writes exactly one event row with kind, actor, from/to status, comment and data;
6. calls ``after`` (still inside the transaction: outbox rows, ledger facts) and schedules
   ``on_commit`` work for after the commit.

The kernel imports no project app: the caller passes its models and permission names.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

import rules
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.utils.functional import Promise
from django.utils.translation import gettext as _

M = TypeVar("M", bound=models.Model)
AnyUser = Any
Text = str | Promise


class TransitionError(Exception):
    """The record is not in a state that allows this action (often: someone else was faster)."""

    def __init__(self, message: Text) -> None:
        super().__init__(str(message))
        self.message = str(message)


@dataclass(frozen=True)
class Transition:
    """One row of a transition table.

    ``sources``: the states the action may start from. ``target``: the state it leads to, or
    ``None`` when the action records something without changing the state (a note, attendance).
    ``targets``: instead of one ``target``, the states the caller may choose from at run time
    (``run(…, target=…)``; a grade set by an evaluation or an adjustment).
    ``perm``: the permission (a ``rules`` name, checked on the object) the actor needs; ``None``
    only for actions anyone holding the record may take (the caller has checked ownership).
    ``guard``: an extra condition on the locked record, returning an error message or ``None``.
    ``kind``: the event kind written (defaults to the action's name). ``label``: the verb shown on
    buttons and in refusals ("采用"); without one, the event kind's own label (a ``TextChoices``
    member's) when the button and the timeline say the same, else the action's name.

    A table reads a row left to right (action, from, to, label, event kind) and names ``perm``;
    a row whose button says what its event says names only the kind (``kind=Kind.SIGNED``);
    a module whose rows mostly share one rule binds it once (``functools.partial(Transition,
    perm=…)``) so that each row stays one line.
    """

    action: str
    sources: frozenset[str]
    target: str | None
    perm: str | None
    label: Text = ""
    kind: str = ""
    guard: Callable[[Any], Text | None] | None = None
    targets: frozenset[str] = frozenset()

    def __init__(
        self,
        action: str,
        sources: Iterable[str],
        target: str | None,
        label: Text = "",
        kind: str = "",
        *,
        perm: str | None,
        guard: Callable[[Any], Text | None] | None = None,
        targets: Iterable[str] = (),
    ) -> None:
        if target is not None and targets:
            raise ValueError(f"{action!r}: give a target or the targets to choose from, not both")
        object.__setattr__(self, "action", action)
        object.__setattr__(self, "sources", frozenset(sources))
        object.__setattr__(self, "target", target)
        object.__setattr__(self, "perm", perm)
        object.__setattr__(self, "label", label or getattr(kind, "label", "") or action)
        object.__setattr__(self, "kind", kind or action)
        object.__setattr__(self, "guard", guard)
        object.__setattr__(self, "targets", frozenset(targets))

    def allows(self, state: str) -> bool:
        return state in self.sources


@dataclass
class Result(Generic[M]):
    obj: M
    event: Any
    transition: Transition
    from_status: str


@dataclass
class Workflow(Generic[M]):
    """A model's transition table and the one function that runs it."""

    model: type[M]
    event_model: type[models.Model]
    event_fk: str
    transitions: list[Transition]
    status_field: str = "status"
    denied: Text = ""
    # what the record is called in the "someone else was faster" message ("该建言")
    noun: Text = ""
    _table: dict[str, Transition] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._table = {}
        for transition in self.transitions:
            if transition.action in self._table:
                raise ValueError(f"duplicate action {transition.action!r} in {self.model!r}")
            self._table[transition.action] = transition

    # --- reading the table ---------------------------------------------------------------
    def __getitem__(self, action: str) -> Transition:
        return self._table[action]

    def __contains__(self, action: object) -> bool:
        return action in self._table

    @property
    def actions(self) -> list[str]:
        return list(self._table)

    def state_of(self, obj: M) -> str:
        return str(getattr(obj, self.status_field))

    def states(self) -> set[str]:
        """Every state the table mentions."""
        found: set[str] = set()
        for t in self.transitions:
            found |= t.sources | t.targets
            if t.target is not None:
                found.add(t.target)
        return found

    def edges(self) -> set[tuple[str, str, str]]:
        """``(from, action, to)`` for every state-changing row: what the event log may show."""
        return {
            (source, t.action, target)
            for t in self.transitions
            for target in ({t.target} if t.target is not None else t.targets)
            for source in t.sources
        }

    def refusal(self, obj: M, action: str) -> str | None:
        """Why ``action`` cannot start from ``obj``'s current state (``None`` if it can)."""
        transition = self._table[action]
        if not transition.allows(self.state_of(obj)):
            return _("当前状态“%(status)s”下不能%(action)s。") % {
                "status": self._display(obj),
                "action": transition.label,
            }
        if transition.guard is not None:
            message = transition.guard(obj)
            if message:
                return str(message)
        return None

    def can(self, obj: M, action: str, user: AnyUser = None) -> bool:
        """May ``action`` run on ``obj`` now (and, given a user, by that user)?"""
        if action not in self._table or self.refusal(obj, action) is not None:
            return False
        perm = self._table[action].perm
        return user is None or perm is None or _allowed(user, perm, obj)

    def available(self, obj: M, user: AnyUser) -> list[Transition]:
        """The transitions ``user`` may run on ``obj`` now, in table order (the buttons to show)."""
        return [t for t in self.transitions if self.can(obj, t.action, user)]

    def allowed_actions(self, obj: M, user: AnyUser) -> set[str]:
        """The names of the actions ``user`` may take on ``obj`` now (which buttons a page shows)."""
        return {t.action for t in self.available(obj, user)}

    # --- running it ----------------------------------------------------------------------
    def lock(self, obj: M) -> M:
        locked: M = self.model._default_manager.select_for_update().get(pk=obj.pk)
        return locked

    def edit_locked(
        self, obj: M, changes: Mapping[str, Any], *, editable: Iterable[str], refusal: str
    ) -> M:
        """Write ``changes`` to a record locked by the caller (``lock``) — its details, never its
        state — while it is in one of the ``editable`` states; in another state
        ``TransitionError(refusal % {"status": the state's label})``."""
        if getattr(obj, self.status_field) not in set(editable):
            label = getattr(obj, f"get_{self.status_field}_display")()
            raise TransitionError(refusal % {"status": label})
        for name, value in changes.items():
            setattr(obj, name, value)
        obj.full_clean()
        obj.save()
        return obj

    def check_actor(self, obj: M, action: str, by: AnyUser) -> None:
        perm = self._table[action].perm
        if perm is None:
            return
        if by is None or not _allowed(by, perm, obj):
            raise PermissionDenied(self.denied or _("您无权进行此操作。"))

    def check_state(self, obj: M, action: str, expected_status: str | None = None) -> None:
        if expected_status and self.state_of(obj) != expected_status:
            raise TransitionError(
                _("%(noun)s刚刚已被他人处理（当前状态：%(status)s），请查看最新情况后再操作。")
                % {"noun": self.noun or _("该记录"), "status": self._display(obj)}
            )
        message = self.refusal(obj, action)
        if message:
            raise TransitionError(message)

    def run(
        self,
        obj: M,
        action: str,
        *,
        by: AnyUser,
        system: bool = False,
        expected_status: str | None = None,
        target: str | None = None,
        comment: str = "",
        data: Mapping[str, Any] | None = None,
        changes: Mapping[str, Any] | None = None,
        apply: Callable[[M], None] | None = None,
        validate: bool = False,
        after: Callable[[M, Any], None] | None = None,
        on_commit: Callable[[M, Any], None] | None = None,
        event_fields: Mapping[str, Any] | None = None,
    ) -> Result[M]:
        """Run ``action`` on ``obj``: lock, check actor and state, apply, save, write one event.

        ``by`` is the acting user; ``system=True`` (a scheduled task) skips the actor check and
        records no actor. ``changes`` are field values set with the new state; ``apply`` may
        change the locked record further (and raise ``ValidationError``). ``after`` runs in the
        transaction once the event exists; ``on_commit`` runs after the commit. ``target`` is
        the state chosen for a transition declared with ``targets`` (required there, refused
        elsewhere).
        """
        transition = self._table[action]
        if transition.targets:
            if target not in transition.targets:
                raise ValueError(f"{action!r}: target {target!r} not in {set(transition.targets)}")
        elif target is not None:
            raise ValueError(f"{action!r} has a fixed target")
        target = target or transition.target
        with transaction.atomic():
            locked = self.lock(obj)
            if not system:
                self.check_actor(locked, action, by)
            self.check_state(locked, action, expected_status)
            from_status = self.state_of(locked)
            for name, value in (changes or {}).items():
                setattr(locked, name, value)
            if apply is not None:
                apply(locked)
            to_status = from_status
            if target is not None:
                setattr(locked, self.status_field, target)
                to_status = target
            if validate:
                locked.full_clean()
            locked.save()
            event = self.event_model._default_manager.create(
                **{self.event_fk: locked},
                kind=transition.kind,
                actor=None if system else _actor(by),
                from_status=from_status if target is not None else "",
                to_status=to_status if target is not None else "",
                comment=comment,
                **({"data": dict(data)} if data is not None else {}),
                **(event_fields or {}),
            )
            if after is not None:
                after(locked, event)
            if on_commit is not None:
                callback = on_commit
                transaction.on_commit(lambda: callback(locked, event))
        # the caller's instance follows the saved state, as with a plain save()
        for concrete in self.model._meta.concrete_fields:
            setattr(obj, concrete.attname, getattr(locked, concrete.attname))
        return Result(obj=locked, event=event, transition=transition, from_status=from_status)

    def record(
        self,
        obj: M,
        *,
        kind: str,
        by: AnyUser,
        to_status: str = "",
        comment: str = "",
        data: Mapping[str, Any] | None = None,
        **event_fields: Any,
    ) -> Any:  # an instance of ``event_model`` (as ``Result.event``)
        """An event of ``obj`` that is not a transition — its first state (``to_status`` only),
        a note, a reveal — in the table's event model, with the actor as ``run`` records it."""
        return self.event_model._default_manager.create(
            **{self.event_fk: obj},
            kind=kind,
            actor=_actor(by),
            to_status=to_status,
            comment=comment,
            data=dict(data or {}),
            **event_fields,
        )

    def _display(self, obj: M) -> str:
        getter = getattr(obj, f"get_{self.status_field}_display", None)
        return str(getter()) if callable(getter) else self.state_of(obj)


def _actor(by: AnyUser) -> Any:
    """The event's actor: the signed-in user, never an anonymous visitor."""
    return by if (by is not None and getattr(by, "is_authenticated", False)) else None


def _allowed(user: AnyUser, perm: str, obj: Any) -> bool:
    """The rule itself, without Django's shortcut that grants a superuser every permission: a
    transition is a business rule (only the author submits their own item; the department
    replies), which the system administrator's account does not bypass. The rules give the
    administrator the office's rights where the office has them."""
    return bool(rules.has_perm(perm, user, obj))  # type: ignore[no-untyped-call]  # rules has no stubs


def replay(edges: Iterable[tuple[str, str]], initial: str) -> str:
    """The state a record reaches by following its events' ``(from, to)`` pairs from
    ``initial``; raises ``ValueError`` when an event does not start where the last one ended
    (the invariant the stateful tests check: the event log explains the current state)."""
    state = initial
    for from_status, to_status in edges:
        if not from_status and not to_status:
            continue
        if from_status != state:
            raise ValueError(f"event from {from_status!r} but the record was {state!r}")
        state = to_status
    return state
