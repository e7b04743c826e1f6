"""典型经验 written up from consultation events and their outcomes: staff pick an event that has
taken place and/or one of its outcomes (their own committee's; a municipal office any
committee's); the public 典型经验 pages link them to the event's public page (to the outcome's
place on it once the minutes are published), and name them without a link where the event has
no public page."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from consultations import services
from showcases import services as showcases
from showcases.models import Showcase
from tests.consultations.factories import ConsultationFactory
from tests.utils import queries_for

pytestmark = pytest.mark.usefixtures("frozen_now")

FORM = {
    "title": "协商议事室里议出停车难的解法",
    "summary": "树林召镇协商议事会议定了小区停车方案，三个月落实。",
    "body": "第一段。\n\n第二段。",
}


def _an_hour_ago():
    return timezone.now() - datetime.timedelta(hours=1)


def _held(event, office, *, publish_minutes=True):
    services.consultation_step(consultation=event, by=office, action="hold")
    services.minutes_save(consultation=event, by=office, text="纪要全文", public_summary="公开摘要")
    if publish_minutes:
        services.consultation_step(consultation=event, by=office, action="publish_minutes")
    outcome = services.outcome_add(
        consultation=event, by=office, recommendation="增设夜间共享停车位", submitted_to="镇政府"
    )
    event.refresh_from_db()
    return outcome


def _publish(office, **links):
    showcase = showcases.showcase_create(by=office, committee=office.committee, **FORM, **links)
    return showcases.showcase_publish(showcase=showcase, by=office)


# --- what may be picked -----------------------------------------------------------------------
def test_an_event_that_took_place_and_its_outcome(held_event, office):
    outcome = _held(held_event, office)
    showcase = _publish(office, consultation=held_event, outcome=outcome)
    assert (showcase.consultation, showcase.outcome) == (held_event, outcome)


def test_an_event_still_ahead_is_refused(event, office):
    with pytest.raises(ValidationError) as caught:
        showcases.showcase_create(by=office, committee=office.committee, consultation=event, **FORM)
    assert "已召开" in caught.value.message_dict["consultation"][0]
    assert not Showcase.objects.exists()


def test_another_committees_event_and_outcome_are_refused(office, office_out, zhungeer):
    start = _an_hour_ago()
    theirs = ConsultationFactory(committee=zhungeer, starts_at=start)
    outcome = _held(theirs, office_out)
    with pytest.raises(ValidationError) as caught:
        showcases.showcase_create(
            by=office,
            committee=office.committee,
            consultation=theirs,
            outcome=outcome,
            **FORM,
        )
    assert {"consultation", "outcome"} <= set(caught.value.message_dict)


def test_the_outcome_must_be_of_the_chosen_event(held_event, office, dalate):
    outcome = _held(held_event, office)
    other = ConsultationFactory(committee=dalate, starts_at=held_event.starts_at)
    services.consultation_step(consultation=other, by=office, action="hold")
    with pytest.raises(ValidationError) as caught:
        showcases.showcase_create(
            by=office, committee=office.committee, consultation=other, outcome=outcome, **FORM
        )
    assert "不属于所选协商活动" in caught.value.message_dict["outcome"][0]


def test_a_municipal_office_may_pick_any_committees_event(held_event, office, staff_municipal):
    outcome = _held(held_event, office)
    showcase = showcases.showcase_create(
        by=staff_municipal,
        committee=staff_municipal.committee,
        consultation=held_event,
        outcome=outcome,
        **FORM,
    )
    assert showcase.consultation == held_event


# --- the public pages -------------------------------------------------------------------------
def test_public_pages_link_the_event_and_the_outcome(client, held_event, office):
    outcome = _held(held_event, office)
    showcase = _publish(office, consultation=held_event, outcome=outcome)
    event_page = reverse("consultations:public_detail", args=[held_event.pk])
    for url in (reverse("showcase:detail", args=[showcase.pk]), reverse("showcase:list")):
        body = client.get(url).content.decode()
        assert f'href="{event_page}"' in body, url
        assert f'href="{event_page}#outcome-{outcome.pk}"' in body, url
    # the anchor exists on the event's public page
    assert f'id="outcome-{outcome.pk}"' in client.get(event_page).content.decode()


def test_no_link_where_the_event_has_no_public_page(client, dalate, office):
    internal = ConsultationFactory(
        committee=dalate,
        title="内部界别协商会",
        is_public=False,
        capacity=0,
        starts_at=_an_hour_ago(),
    )
    outcome = _held(internal, office)
    showcase = _publish(office, consultation=internal, outcome=outcome)
    body = client.get(reverse("showcase:detail", args=[showcase.pk])).content.decode()
    assert "内部界别协商会" in body
    assert reverse("consultations:public_detail", args=[internal.pk]) not in body


def test_outcome_link_waits_for_the_published_minutes(client, held_event, office):
    outcome = _held(held_event, office, publish_minutes=False)
    showcase = _publish(office, outcome=outcome)
    body = client.get(reverse("showcase:detail", args=[showcase.pk])).content.decode()
    assert held_event.title in body
    assert f"#outcome-{outcome.pk}" not in body


# --- the staff's form -------------------------------------------------------------------------
def test_written_up_from_the_event_page(client, held_event, office):
    outcome = _held(held_event, office)
    client.force_login(office)
    page = client.get(reverse("consultations:detail", args=[held_event.pk])).content.decode()
    event_link = f"{reverse('showcase:new')}?consultation={held_event.pk}"
    outcome_link = f"{reverse('showcase:new')}?outcome={outcome.pk}"
    assert event_link in page and outcome_link in page
    form = client.get(event_link).content.decode()
    assert f'<option value="{held_event.pk}" selected>' in form
    response = client.post(
        reverse("showcase:new"),
        {
            **FORM,
            "committee": office.committee_id,
            "consultation": held_event.pk,
            "outcome": outcome.pk,
        },
    )
    assert response.status_code == 302
    showcase = Showcase.objects.get()
    assert (showcase.consultation, showcase.outcome) == (held_event, outcome)
    # the edit page keeps the links
    edit = client.get(reverse("showcase:edit", args=[showcase.pk])).content.decode()
    assert f'<option value="{outcome.pk}" selected>' in edit


def test_no_write_up_link_before_the_event(client, event, office):
    client.force_login(office)
    page = client.get(reverse("consultations:detail", args=[event.pk])).content.decode()
    assert f"?consultation={event.pk}" not in page


@pytest.mark.parametrize(
    "bad",
    [{"consultation": "abc"}, {"consultation": "99999999"}, {"outcome": "-1"}],
)
def test_hostile_links_get_a_message(client, office, bad):
    client.force_login(office)
    response = client.post(
        reverse("showcase:new"), {**FORM, "committee": office.committee_id, **bad}
    )
    assert response.status_code == 200
    assert "提交的内容有误" in response.content.decode()
    assert not Showcase.objects.exists()


def test_public_list_query_count_is_constant(client, dalate, office):
    def grow(n):
        for i in range(n):
            event = ConsultationFactory(
                committee=dalate, starts_at=_an_hour_ago(), title=f"协商{i}"
            )
            outcome = _held(event, office)
            _publish(office, consultation=event, outcome=outcome)

    grow(2)
    few, _ = queries_for(client, reverse("showcase:list"))
    grow(5)
    many, _ = queries_for(client, reverse("showcase:list"))
    assert many == few
    showcase = Showcase.objects.first()
    detail = reverse("showcase:detail", args=[showcase.pk])
    assert queries_for(client, detail)[0] <= few
