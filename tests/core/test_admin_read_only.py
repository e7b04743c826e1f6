"""The admin cannot bypass the services: statuses, grades and shift states are read-only in every
admin, ledger entries, year scores and event timelines cannot be added, changed or deleted there
(entries are reversed, never deleted), and every changelist still opens."""

from __future__ import annotations

import datetime

import pytest
from django.contrib import admin as django_admin
from django.forms import MultiWidget
from django.urls import reverse

from accounts.models import User
from ledger import services as ledger
from ledger.models import Grade, LedgerEntry, MemberYearScore
from liaison.models import Activity
from members.models import Member
from tests.members.factories import MemberFactory
from tests.workstations.factories import ActivityFactory, DutyShiftFactory, WorkstationFactory
from workstations.models import DutyShift, ShiftEvent, ShiftSwap, Workstation

pytestmark = pytest.mark.usefixtures("frozen_now")  # 2026-06-15


@pytest.fixture
def superuser(make_user, client):
    user = make_user(User.Role.ADMIN, None, username="root", is_staff=True, is_superuser=True)
    client.force_login(user)
    return user


def _bound_data(form, data):
    for bf in form:
        if bf.is_hidden and bf.name in ("DELETE",):
            continue
        value = bf.value()
        widget = bf.field.widget
        if isinstance(widget, MultiWidget):
            parts = widget.decompress(value)
            for i, part in enumerate(parts):
                data[f"{bf.html_name}_{i}"] = "" if part is None else str(part)
        elif isinstance(value, bool):
            if value:
                data[bf.html_name] = "on"
        elif isinstance(value, list | tuple):
            data[bf.html_name] = [str(v) for v in value]
        else:
            data[bf.html_name] = "" if value is None else str(value)


def _change_form_data(response) -> dict:
    """The data the admin change form shows, as the browser would post it back unchanged."""
    data: dict = {}
    _bound_data(response.context["adminform"].form, data)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        _bound_data(formset.management_form, data)
        for form in formset.forms:
            _bound_data(form, data)
    return data


def _objects(dalate):
    member = MemberFactory(committee=dalate)
    colleague = MemberFactory(committee=dalate)
    workstation = WorkstationFactory(committee=dalate)
    shift = DutyShiftFactory(workstation=workstation, member=member)
    swap = ShiftSwap.objects.create(
        shift=shift, from_member=member, to_member=colleague, reason="出差"
    )
    activity = ActivityFactory(reporter=member, status=Activity.Status.SUBMITTED)
    return {
        "member": (member, "status", Member.Status.LEFT),
        "workstation": (workstation, "status", Workstation.Status.CLOSED),
        "dutyshift": (shift, "status", DutyShift.Status.SERVED),
        "shiftswap": (swap, "status", ShiftSwap.Status.APPROVED),
        "activity": (activity, "status", Activity.Status.CONFIRMED),
    }


@pytest.mark.parametrize("name", ["member", "workstation", "dutyshift", "shiftswap", "activity"])
def test_admin_change_form_cannot_change_the_status(client, superuser, dalate, name):
    obj, field, target = _objects(dalate)[name]
    before = getattr(obj, field)
    opts = obj._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert field not in page.context["adminform"].form.fields
    data = _change_form_data(page)
    data[field] = target
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    obj.refresh_from_db()
    assert getattr(obj, field) == before


def test_year_score_grade_cannot_be_changed_in_the_admin(client, superuser, dalate):
    member = MemberFactory(committee=dalate)
    score = MemberYearScore.objects.create(
        committee=dalate, member=member, year=2026, grade=Grade.BASIC
    )
    url = reverse("admin:ledger_memberyearscore_change", args=[score.pk])
    assert client.get(url).status_code == 200  # shown read-only
    response = client.post(
        url, {"member": member.pk, "year": 2026, "grade": Grade.EXCELLENT, "committee": dalate.pk}
    )
    assert response.status_code == 403
    score.refresh_from_db()
    assert score.grade == Grade.BASIC
    delete = reverse("admin:ledger_memberyearscore_delete", args=[score.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403


def test_ledger_entry_cannot_be_deleted_or_added_in_the_admin(client, superuser, dalate):
    entry = ledger.ledger_record(
        member=MemberFactory(committee=dalate),
        source_type=LedgerEntry.Source.INSTRUCTION,
        source_key="instruction:admin-test",
        points_kind="leader_instruction",
        when=datetime.date(2026, 6, 1),
        description="批示",
    )
    delete = reverse("admin:ledger_ledgerentry_delete", args=[entry.pk])
    assert client.get(delete).status_code == 403
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert client.get(reverse("admin:ledger_ledgerentry_add")).status_code == 403
    changelist = reverse("admin:ledger_ledgerentry_changelist")
    response = client.post(
        changelist, {"action": "delete_selected", "_selected_action": [entry.pk], "post": "yes"}
    )
    assert response.status_code == 200  # the changelist again: no such action offered
    assert response.context["action_form"] is None  # delete_selected is not offered
    assert LedgerEntry.objects.filter(pk=entry.pk).exists()


def test_shift_events_are_read_only_in_the_admin(client, superuser, dalate):
    shift = DutyShiftFactory(workstation=WorkstationFactory(committee=dalate))
    event = ShiftEvent.objects.create(shift=shift, kind=ShiftEvent.Kind.values[0])
    assert client.get(reverse("admin:workstations_shiftevent_add")).status_code == 403
    delete = reverse("admin:workstations_shiftevent_delete", args=[event.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert ShiftEvent.objects.filter(pk=event.pk).exists()


def test_every_admin_changelist_still_opens(client, superuser, dalate):
    _objects(dalate)
    for model in django_admin.site._registry:
        opts = model._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        assert client.get(url).status_code == 200, url
