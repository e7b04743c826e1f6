"""The transition-table kernel on plain objects (the apps' tests run it against their models)."""

from types import SimpleNamespace

import pytest
import rules
from django.db import models

from core.workflow import Transition, TransitionError, Workflow, replay


class _Model:  # stands in for a model class: the table only needs it as a label here
    pass


class _Event:
    pass


def _workflow():
    return Workflow(
        model=_Model,
        event_model=_Event,
        event_fk="thing",
        transitions=[
            Transition("submit", sources={"draft"}, target="pending", perm=None, label="提交"),
            Transition(
                "adopt",
                sources={"pending"},
                target="adopted",
                perm="app.handle",
                label="采用",
                guard=lambda obj: "缺少内容" if not obj.content else None,
            ),
            Transition("note", sources={"pending", "adopted"}, target=None, perm="app.handle"),
        ],
    )


class _User:
    """Holds the permissions the test's rule grants; Django's has_perm is never asked (a
    superuser's shortcut must not bypass a transition's rule)."""

    is_superuser = True  # ignored by the runner

    def __init__(self, *perms):
        self.perms = set(perms)

    def has_perm(self, perm, obj=None):
        return True


@rules.predicate
def _holds_handle(user, obj):
    return "app.handle" in getattr(user, "perms", ())


@pytest.fixture(autouse=True)
def _rule():
    rules.add_perm("app.handle", _holds_handle)
    yield
    rules.remove_perm("app.handle")


def test_table_reads():
    wf = _workflow()
    assert wf.actions == ["submit", "adopt", "note"]
    assert wf.states() == {"draft", "pending", "adopted"}
    assert wf.edges() == {("draft", "submit", "pending"), ("pending", "adopt", "adopted")}
    assert "adopt" in wf and "delete" not in wf


def test_a_row_without_a_label_says_what_its_event_kind_says():
    class Kind(models.TextChoices):
        SIGNED = "signed", "签收"

    assert Transition("sign", {"new"}, "signed", kind=Kind.SIGNED, perm=None).label == "签收"
    assert Transition("sign", {"new"}, "signed", "签", Kind.SIGNED, perm=None).label == "签"
    assert Transition("sign", {"new"}, "signed", kind="signed", perm=None).label == "sign"


def test_duplicate_action_is_refused():
    with pytest.raises(ValueError):
        Workflow(
            model=_Model,
            event_model=_Event,
            event_fk="x",
            transitions=[
                Transition("a", sources={"x"}, target="y", perm=None),
                Transition("a", sources={"y"}, target="x", perm=None),
            ],
        )


def test_state_guard_and_permission():
    wf = _workflow()
    obj = SimpleNamespace(status="pending", content="有内容")
    assert wf.can(obj, "adopt", _User("app.handle"))
    assert not wf.can(obj, "adopt", _User())
    assert not wf.can(obj, "submit", _User("app.handle"))
    assert [t.action for t in wf.available(obj, _User("app.handle"))] == ["adopt", "note"]
    obj.content = ""
    assert wf.refusal(obj, "adopt") == "缺少内容"
    with pytest.raises(TransitionError):
        wf.check_state(obj, "adopt")
    obj.content = "x"
    with pytest.raises(TransitionError, match="刚刚已被他人处理"):
        wf.check_state(obj, "adopt", expected_status="draft")
    with pytest.raises(TransitionError, match="不能提交"):
        wf.check_state(obj, "submit")


def test_replay_follows_the_log():
    assert replay([("draft", "pending"), ("", ""), ("pending", "adopted")], "draft") == "adopted"
    with pytest.raises(ValueError):
        replay([("draft", "pending"), ("draft", "pending")], "draft")


def test_the_stale_message_names_the_record():
    wf = _workflow()
    wf.noun = "该建言"
    obj = SimpleNamespace(status="pending", content="x")
    with pytest.raises(TransitionError, match="^该建言刚刚已被他人处理"):
        wf.check_state(obj, "adopt", expected_status="draft")


def test_an_event_outside_the_table_goes_to_its_event_model_with_a_signed_in_actor_only():
    written = []

    class _Manager:
        def create(self, **fields):
            written.append(fields)
            return fields

    wf = _workflow()
    wf.event_model = type("_RecordedEvent", (), {"_default_manager": _Manager()})
    thing = SimpleNamespace(status="draft")
    staff = SimpleNamespace(is_authenticated=True)
    anonymous = SimpleNamespace(is_authenticated=False)

    wf.record(thing, kind="created", by=staff, to_status="draft", notified_at="now")
    wf.record(thing, kind="note", by=anonymous, comment="备注", data={"a": 1})
    wf.record(thing, kind="created", by=None)

    assert written[0] == {
        "thing": thing,
        "kind": "created",
        "actor": staff,
        "to_status": "draft",
        "comment": "",
        "data": {},
        "notified_at": "now",
    }
    assert written[1]["actor"] is None and written[1]["data"] == {"a": 1}
    assert written[2]["actor"] is None
