"""The kernel pieces the apps share instead of repeating them: the event models' metaclass, the
field factories, the action pages' steps, the optional picker, the drafts list's queue."""

import pytest
from django import forms
from django.apps import apps
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.fields import member_fk, unique_while_null
from core.forms import optional_choice
from core.models import Event
from core.views import Step, run_step, service_step
from core.workflow import TransitionError
from tests.members.factories import MemberUserFactory


def _concrete_events():
    return [m for m in apps.get_models() if issubclass(m, Event)]


def test_every_event_model_has_its_kinds_as_choices_and_one_name():
    events = _concrete_events()
    assert len(events) >= 10
    for model in events:
        assert model._meta.get_field("kind").choices == list(model.Kind.choices), model
        assert str(model._meta.verbose_name_plural) == str(model._meta.verbose_name), model
        kind = model.Kind.values[0]
        assert model(kind=kind).get_kind_display() == model.Kind(kind).label


def test_an_event_model_that_declares_its_kind_or_plural_keeps_them():
    class Declared(Event):
        class Kind(models.TextChoices):
            DONE = "done", _("完成")

        kind = models.CharField(max_length=30, choices=Kind.choices)

        class Meta(Event.Meta):
            abstract = True
            app_label = "core"
            verbose_name = _("记录")
            verbose_name_plural = _("记录们")

    assert Declared._meta.get_field("kind").max_length == 30
    assert str(Declared.Meta.verbose_name_plural) == "记录们"


def test_the_field_factories_deconstruct_as_the_hand_written_declarations():
    written = models.ForeignKey(
        "members.Member", verbose_name=_("委员"), on_delete=models.CASCADE, related_name="x"
    )
    assert member_fk("x").deconstruct() == written.deconstruct()
    protected = models.ForeignKey(
        "members.Member", verbose_name=_("主讲"), on_delete=models.PROTECT, related_name="+"
    )
    assert member_fk("+", _("主讲"), on_delete=models.PROTECT).deconstruct() == (
        protected.deconstruct()
    )
    constraint = models.UniqueConstraint(
        fields=["a", "b"], condition=models.Q(ended_on__isnull=True), name="uniq_current"
    )
    assert unique_while_null(["a", "b"], "ended_on", "uniq_current") == constraint


def test_optional_choice_offers_no_rows_until_the_form_sets_them():
    field = optional_choice(apps.get_model("org", "Committee"), _("政协"), _("不选"))
    assert field.required is False
    assert field.empty_label == "不选"
    assert field.queryset.model._meta.label == "org.Committee"
    assert field.queryset.query.is_empty()


class _ReasonForm(forms.Form):
    reason = forms.CharField(max_length=10)


def _request(data=None):
    request = RequestFactory().post("/", data or {})
    request.user = "the user"
    request._messages = CookieStorage(request)
    return request


def test_service_step_calls_the_service_with_the_record_the_user_and_the_data():
    calls = []
    step = service_step(
        _ReasonForm,
        lambda **kwargs: calls.append(kwargs),
        "已退回。",
        record="activity",
        public=True,
    )
    request = _request()
    step.call(request, "the activity", {"reason": "不实"})
    assert calls == [
        {"activity": "the activity", "by": "the user", "public": True, "reason": "不实"}
    ]


def _again(form):
    return HttpResponse(status=400)


def test_run_step_answers_bad_input_with_the_form_again():
    called = []
    step = Step(_ReasonForm, lambda *args: called.append(args), "ok")
    request = _request({"reason": ""})
    response = run_step(request, step, "record", _ReasonForm(request.POST), _again)
    assert response.status_code == 400
    assert called == []


def test_run_step_puts_a_service_refusal_about_a_field_on_the_form():
    def refuse(request, record, data):
        raise ValidationError({"reason": "理由太笼统。"})

    request = _request({"reason": "不实"})
    form = _ReasonForm(request.POST)
    response = run_step(request, Step(_ReasonForm, refuse, "ok"), "record", form, _again)
    assert response.status_code == 400
    assert form.errors["reason"] == ["理由太笼统。"]


def test_run_step_says_how_it_went_and_leaves_the_redirect_to_the_caller():
    def faster(request, record, data):
        raise TransitionError("已被他人处理。")

    request = _request()
    assert run_step(request, Step(None, faster, "ok"), "record", None, _again) is None
    assert (
        run_step(request, Step(None, lambda *a: None, "已确认。"), "record", None, _again) is None
    )
    assert [str(m) for m in request._messages] == ["已被他人处理。", "已确认。"]


@pytest.mark.parametrize(("asked", "shown"), [("submitted", "submitted"), ("bogus", "")])
def test_a_members_drafts_list_shows_the_queue_it_listed(client, dalate, asked, shown):
    member = MemberUserFactory(committee=dalate)
    client.force_login(member.user)
    response = client.get(reverse("liaison:activity_mine"), {"queue": asked})
    assert response.status_code == 200
    assert response.context["queue"] == shown
