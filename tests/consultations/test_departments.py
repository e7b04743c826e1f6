"""列席部门 (issue 14): an event's invited government departments are links to the committee's
承办单位 (org.Department), picked on the event form from the active ones; the free-text
``department_reps`` stays as the staff's note on who comes. The staff page shows both, the
public page and the API only the departments; the old free text is linked by the migration
where it names departments exactly."""

import datetime
import importlib

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from consultations import services
from consultations.models import Consultation
from tests.consultations.factories import ConsultationFactory
from tests.opinions.factories import DepartmentFactory
from tests.utils import queries_for, unlabelled_controls

pytestmark = pytest.mark.usefixtures("frozen_now")

migration = importlib.import_module("consultations.migrations.0004_event_departments")


@pytest.fixture
def departments(dalate, zhungeer):
    return {
        "zj": DepartmentFactory(committee=dalate, name="达拉特旗住房和城乡建设局"),
        "jt": DepartmentFactory(committee=dalate, name="达拉特旗交通运输局"),
        "retired": DepartmentFactory(committee=dalate, name="达拉特旗撤并局", is_active=False),
        "other": DepartmentFactory(committee=zhungeer, name="准格尔旗交通运输局"),
    }


def _event_data(committee, **extra):
    start = timezone.localtime() + datetime.timedelta(days=5)
    return {
        "committee": committee.pk,
        "kind": "counterpart",
        "title": "城区停车难对口协商",
        "address": "达拉特旗政协三楼会议室",
        "leading_body": "达拉特旗政协",
        "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (start + datetime.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
        "capacity": "0",
        **extra,
    }


def test_the_form_offers_the_committees_active_departments(client, office, dalate, departments):
    client.force_login(office)
    page = client.get(reverse("consultations:create")).content.decode()
    assert not unlabelled_controls(page)
    assert 'for="id_departments">列席部门</label>' in page
    assert "达拉特旗住房和城乡建设局" in page and "达拉特旗交通运输局" in page
    assert "达拉特旗撤并局" not in page and "准格尔旗交通运输局" not in page


def test_staff_create_an_event_inviting_departments(client, office, dalate, departments):
    client.force_login(office)
    url = reverse("consultations:create")
    bad = client.post(url, _event_data(dalate, departments=[departments["other"].pk]))
    assert bad.status_code == 200 and "所选部门不能邀请" in bad.content.decode()
    retired = client.post(url, _event_data(dalate, departments=[departments["retired"].pk]))
    assert retired.status_code == 200 and not Consultation.objects.exists()
    response = client.post(
        url,
        _event_data(
            dalate,
            departments=[departments["zj"].pk, departments["jt"].pk],
            department_reps="王局长、李副局长",
        ),
    )
    event = Consultation.objects.get()
    assert response["Location"] == reverse("consultations:detail", args=[event.pk])
    assert set(event.departments.all()) == {departments["zj"], departments["jt"]}
    assert event.department_reps == "王局长、李副局长"


def test_staff_change_the_departments_of_an_event_ahead(client, office, dalate, departments):
    event = ConsultationFactory(committee=dalate, is_public=False, capacity=0)
    event.departments.set([departments["zj"]])
    departments["zj"].is_active = False
    departments["zj"].save()
    client.force_login(office)
    url = reverse("consultations:edit", args=[event.pk])
    page = client.get(url).content.decode()
    assert "达拉特旗住房和城乡建设局" in page  # retired since, still shown as chosen
    data = _event_data(dalate, title=event.title, departments=[departments["jt"].pk])
    del data["committee"]
    assert client.post(url, data).status_code == 302
    assert list(event.departments.all()) == [departments["jt"]]
    assert "departments" in event.events.get(kind="edited").data["changed"]


def test_the_service_refuses_another_committees_department(office, dalate, departments):
    start = timezone.now() + datetime.timedelta(days=2)
    with pytest.raises(ValidationError) as refused:
        services.consultation_create(
            by=office,
            committee=dalate,
            kind="counterpart",
            title="对口协商",
            address="会议室",
            leading_body="达拉特旗政协",
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=1),
            departments=[departments["other"]],
        )
    assert "departments" in refused.value.message_dict
    assert not Consultation.objects.exists()


def test_staff_and_public_pages_show_the_departments(client, office, dalate, departments):
    event = ConsultationFactory(committee=dalate, department_reps="王局长")
    event.departments.set([departments["zj"], departments["jt"]])
    services.consultation_step(consultation=event, by=office, action="open")
    public = client.get(reverse("consultations:public_detail", args=[event.pk])).content.decode()
    assert "列席部门" in public
    assert "达拉特旗住房和城乡建设局" in public and "达拉特旗交通运输局" in public
    assert "王局长" not in public  # the note on who comes is the staff's
    client.force_login(office)
    staff = client.get(reverse("consultations:detail", args=[event.pk])).content.decode()
    assert "达拉特旗交通运输局" in staff and "王局长" in staff


def test_permission_unchanged(client, office_out, member_user, dalate, departments):
    """Another banner's office cannot edit the event (404); a member cannot create one (403)."""
    event = ConsultationFactory(committee=dalate)
    client.force_login(office_out)
    url = reverse("consultations:edit", args=[event.pk])
    data = _event_data(dalate, departments=[departments["zj"].pk])
    assert client.post(url, data).status_code == 404
    client.force_login(member_user)
    assert client.post(reverse("consultations:create"), data).status_code == 403
    assert not event.departments.exists()


def test_detail_pages_take_constant_queries_as_departments_grow(client, office, dalate):
    event = ConsultationFactory(committee=dalate)
    services.consultation_step(consultation=event, by=office, action="open")
    client.force_login(office)
    urls = [
        reverse("consultations:public_detail", args=[event.pk]),
        reverse("consultations:detail", args=[event.pk]),
        reverse("consultations:edit", args=[event.pk]),
        f"/api/v1/public/events/{event.pk}/",
    ]

    def grow(n):
        event.departments.add(*[DepartmentFactory(committee=dalate) for _ in range(n)])

    grow(1)
    few = [queries_for(client, url)[0] for url in urls]
    grow(8)
    many = [queries_for(client, url)[0] for url in urls]
    assert many == few


def test_the_api_public_event_detail_lists_the_departments(office, dalate, departments):
    event = ConsultationFactory(committee=dalate, department_reps="王局长")
    event.departments.set([departments["zj"]])
    services.consultation_step(consultation=event, by=office, action="open")
    detail = APIClient().get(f"/api/v1/public/events/{event.pk}/").json()
    assert detail["departments"] == ["达拉特旗住房和城乡建设局"]
    assert "王局长" not in str(detail)


def test_the_migration_links_text_that_names_departments_exactly(dalate, departments):
    named = ConsultationFactory(
        committee=dalate, department_reps="达拉特旗住房和城乡建设局、达拉特旗交通运输局"
    )
    people = ConsultationFactory(committee=dalate, department_reps="住建、交通部门负责同志")
    elsewhere = ConsultationFactory(committee=dalate, department_reps="准格尔旗交通运输局")
    migration.link_named_departments(apps, None)
    named.refresh_from_db()
    assert named.department_reps == ""
    assert set(named.departments.all()) == {departments["zj"], departments["jt"]}
    people.refresh_from_db()
    assert people.department_reps == "住建、交通部门负责同志" and not people.departments.exists()
    assert not elsewhere.departments.exists()  # another committee's department: kept as text
    migration.unlink_departments(apps, None)
    named.refresh_from_db()
    assert set(named.department_reps.split("、")) == {
        "达拉特旗住房和城乡建设局",
        "达拉特旗交通运输局",
    }
