"""Activity rules kept in one place (Activity.clean): the workstations a member may pick and the
date rule, pinned through the member's form, the staff organise form and the service."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from liaison import services
from liaison.models import Activity
from tests.members.factories import MemberFactory, MemberUserFactory
from tests.workstations.factories import AssignmentFactory, WorkstationFactory

pytestmark = pytest.mark.usefixtures("frozen_now")  # 2026-06-15
DAY = datetime.date(2026, 6, 10)
FUTURE = "活动日期不能晚于今天；活动结束后再填报。"
TOO_OLD = "请填写正确的活动日期。"
ENDS_BEFORE = "结束日期不能早于活动日期。"
ENDS_FUTURE = "结束日期不能晚于今天。"


def _post(**overrides):
    data = {
        "type": "survey",
        "title": "走访林原村养殖户",
        "occurred_on": DAY.isoformat(),
        "people_reached": "3",
        "summary": "了解饲草料储备情况。",
        "action": "save",
    }
    data.update(overrides)
    return data


def _save(member, **overrides):
    data = dict(
        by=member.user,
        reporter=member,
        type="survey",
        title="走访林原村养殖户",
        occurred_on=DAY,
        summary="了解饲草料储备情况。",
    )
    data.update(overrides)
    return services.activity_save(**data)


@pytest.fixture
def reporter(dalate):
    return MemberUserFactory(committee=dalate, name="张委员")


# --- workstations ---------------------------------------------------------------------------
def test_form_offers_only_workstations_of_the_members_committee(
    client, reporter, dalate, zhungeer, municipal
):
    own = WorkstationFactory(committee=dalate, name="树林召镇委员之家")
    # Assignments to other committees' workstations do not make them valid for a banner member's
    # activity (Activity.clean refuses them), so the form must not offer them.
    other = AssignmentFactory(
        workstation=WorkstationFactory(committee=zhungeer, name="薛家湾镇委员之家"), member=reporter
    ).workstation
    city = AssignmentFactory(
        workstation=WorkstationFactory(committee=municipal, name="市政协委员会客厅"),
        member=reporter,
    ).workstation
    client.force_login(reporter.user)
    response = client.get(reverse("liaison:activity_new"))
    offered = set(response.context["form"].fields["workstation"].queryset)
    assert offered == {own}
    body = response.content.decode()
    assert own.name in body and other.name not in body and city.name not in body


def test_municipal_member_is_offered_a_banner_workstation_they_serve_at(
    client, municipal, dalate, zhungeer
):
    member = MemberUserFactory(committee=municipal)
    city = WorkstationFactory(committee=municipal)
    served = AssignmentFactory(workstation=WorkstationFactory(committee=dalate), member=member)
    WorkstationFactory(committee=zhungeer)  # neither own nor served: not offered
    client.force_login(member.user)
    response = client.get(reverse("liaison:activity_new"))
    offered = set(response.context["form"].fields["workstation"].queryset)
    assert offered == {city, served.workstation}
    response = client.post(
        reverse("liaison:activity_new"), _post(workstation=served.workstation.pk)
    )
    assert response.status_code == 302
    assert Activity.objects.get().workstation == served.workstation


def test_forged_workstation_of_another_committee_is_a_field_error(client, reporter, zhungeer):
    other = AssignmentFactory(
        workstation=WorkstationFactory(committee=zhungeer), member=reporter
    ).workstation
    client.force_login(reporter.user)
    response = client.post(reverse("liaison:activity_new"), _post(workstation=other.pk))
    assert response.status_code == 200
    form = response.context["form"]
    assert list(form.errors) == ["workstation"]
    assert form.non_field_errors() == []
    assert not Activity.objects.exists()
    # the service refuses it too, from the same rule
    with pytest.raises(ValidationError) as exc:
        _save(reporter, workstation=other)
    assert list(exc.value.message_dict) == ["workstation"]


# --- dates ----------------------------------------------------------------------------------
DATE_CASES = [
    ({"occurred_on": datetime.date(2026, 6, 16)}, {"occurred_on": [FUTURE]}),
    ({"occurred_on": datetime.date(1999, 12, 31)}, {"occurred_on": [TOO_OLD]}),
    ({"ends_on": DAY - datetime.timedelta(days=1)}, {"ends_on": [ENDS_BEFORE]}),
    ({"ends_on": datetime.date(2026, 6, 16)}, {"ends_on": [ENDS_FUTURE]}),
]


@pytest.mark.parametrize("dates, errors", DATE_CASES)
def test_date_rule_through_the_service(reporter, dates, errors):
    with pytest.raises(ValidationError) as exc:
        _save(reporter, **dates)
    assert exc.value.message_dict == errors
    assert not Activity.objects.exists()


@pytest.mark.parametrize("dates, errors", DATE_CASES)
def test_date_rule_through_the_members_form(client, reporter, dates, errors):
    client.force_login(reporter.user)
    response = client.post(
        reverse("liaison:activity_new"), _post(**{k: v.isoformat() for k, v in dates.items()})
    )
    assert response.status_code == 200
    assert response.context["form"].errors == errors
    assert not Activity.objects.exists()


@pytest.mark.parametrize("dates, errors", DATE_CASES)
def test_date_rule_through_the_organise_form(client, staff_dalate, dalate, dates, errors):
    member = MemberFactory(committee=dalate)
    client.force_login(staff_dalate)
    data = _post(
        committee=dalate.pk, members=[member.pk], **{k: v.isoformat() for k, v in dates.items()}
    )
    response = client.post(reverse("liaison:activity_organise"), data)
    assert response.status_code == 200
    assert response.context["form"].errors == errors
    assert not Activity.objects.exists()


def test_today_and_a_multi_day_activity_ending_today_are_accepted(reporter):
    today = datetime.date(2026, 6, 15)
    assert _save(reporter, occurred_on=today).occurred_on == today
    assert _save(reporter, occurred_on=DAY, ends_on=today).ends_on == today


def test_organise_form_offers_only_changeable_committees_workstations_and_answers_on_the_field(
    client, staff_dalate, make_user, dalate, zhungeer
):
    """The staff form offers the workstations of the committees the user may change; one of
    another committee than the activity's (a superuser changes all) is refused by the same rule
    (Activity.clean), on the workstation field."""
    own = WorkstationFactory(committee=dalate)
    other = WorkstationFactory(committee=zhungeer)
    client.force_login(staff_dalate)
    response = client.get(reverse("liaison:activity_organise"))
    assert set(response.context["form"].fields["workstation"].queryset) == {own}
    root = make_user("admin", None, username="root_organise", is_superuser=True)
    client.force_login(root)
    member = MemberFactory(committee=dalate)
    data = _post(committee=dalate.pk, members=[member.pk], workstation=other.pk)
    response = client.post(reverse("liaison:activity_organise"), data)
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["workstation"]
    assert not Activity.objects.exists()
    data["workstation"] = own.pk
    assert client.post(reverse("liaison:activity_organise"), data).status_code == 302
    assert Activity.objects.get().workstation == own


def test_the_edit_page_starts_from_the_fields_the_service_writes(client, reporter, dalate):
    own = WorkstationFactory(committee=dalate)
    activity = _save(reporter, workstation=own, place="林原村", people_reached=9)
    client.force_login(reporter.user)
    form = client.get(reverse("liaison:activity_edit", args=[activity.pk])).context["form"]
    assert form.initial["workstation"] == own.pk
    assert (form.initial["title"], form.initial["place"], form.initial["people_reached"]) == (
        "走访林原村养殖户",
        "林原村",
        9,
    )
    assert form.initial["occurred_on"] == DAY and form.initial["co_members"] == []
