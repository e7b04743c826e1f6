"""The forward form's searchable 协办单位 picker (a plain multiple select without JavaScript), the
one word 协办 for co-handling, and a leader's way from the overdue list to the item's 批示 page
with its handling."""

import datetime
import re

from django.urls import reverse

from opinions import services
from opinions.models import Forwarding
from tests.opinions.factories import DepartmentFactory


def test_the_co_handler_picker_is_a_searchable_select(
    client, distinct_adopted, staff_dalate, dalate
):
    for name in ("达拉特旗住房和城乡建设局", "达拉特旗财政局", "达拉特旗交通运输局"):
        DepartmentFactory(committee=dalate, name=name)
    client.force_login(staff_dalate)
    page = client.get(reverse("opinions:desk_detail", args=[distinct_adopted.pk])).content.decode()
    select = re.search(r'<select name="forward-co"[^>]*>.*?</select>', page, re.S).group(0)
    assert " multiple" in select and "data-picker=" in select and 'id="id_forward-co"' in select
    assert '<label class="form-label" for="id_forward-co">协办单位（可多选）</label>' in page
    names = re.findall(r"<option[^>]*>([^<]+)</option>", select)
    assert names == ["达拉特旗财政局", "达拉特旗交通运输局", "达拉特旗住房和城乡建设局"]  # pinyin
    assert 'data-keywords="dalateqicaizhengju dltqczj"' in select
    assert "会办" not in page


def test_forwarding_with_co_handlers_from_the_plain_select(
    client, distinct_adopted, staff_dalate, dept_lead, dept_co, dalate
):
    other = DepartmentFactory(committee=dalate, name="达拉特旗财政局")
    client.force_login(staff_dalate)
    due = datetime.date.today() + datetime.timedelta(days=30)
    response = client.post(
        reverse("opinions:desk_action", args=[distinct_adopted.pk, "forward"]),
        {
            "forward-lead": dept_lead.pk,
            "forward-co": [dept_co.pk, other.pk],  # what the browser sends for a multiple select
            "forward-due_date": due.isoformat(),
            "forward-comment": "请研究办理。",
            "forward-expected_status": "adopted",
        },
    )
    assert response.status_code == 302
    roles = dict(distinct_adopted.forwardings.values_list("department__name", "role"))
    assert roles == {dept_lead.name: "lead", dept_co.name: "co", other.name: "co"}
    assert Forwarding.Role.CO.label == "协办"


def test_a_leader_opens_an_overdue_item_on_the_instruction_page(
    client, distinct_forwarded, leader_dalate, staff_dalate, django_assert_max_num_queries
):
    Forwarding.objects.filter(opinion=distinct_forwarded).update(
        due_date=datetime.date.today() - datetime.timedelta(days=2)
    )
    instruction_url = reverse("opinions:instruction", args=[distinct_forwarded.pk])
    client.force_login(leader_dalate)
    overdue = client.get(reverse("opinions:overdue")).content.decode()
    assert f'href="{instruction_url}"' in overdue
    assert reverse("opinions:desk_detail", args=[distinct_forwarded.pk]) not in overdue
    page = client.get(instruction_url).content.decode()
    handling = re.search(r'id="handling".*?</ul>', page, re.S).group(0)
    assert "达拉特旗住房和城乡建设局（主办）" in handling
    assert "达拉特旗交通运输局（协办）" in handling
    assert handling.count("text-danger") == 2 and 'id="instruction-form"' in page
    # the office still opens the review desk from the same list
    client.force_login(staff_dalate)
    overdue = client.get(reverse("opinions:overdue")).content.decode()
    assert reverse("opinions:desk_detail", args=[distinct_forwarded.pk]) in overdue
    # the leader's page reads the handling in a fixed number of queries
    client.force_login(leader_dalate)
    with django_assert_max_num_queries(40) as two:
        client.get(instruction_url)
    for name in ("达拉特旗财政局", "达拉特旗民政局", "达拉特旗教育局"):
        extra = DepartmentFactory(committee=distinct_forwarded.committee, name=name)
        Forwarding.objects.create(
            opinion=distinct_forwarded,
            department=extra,
            role=Forwarding.Role.CO,
            due_date=services.default_due_date(),
        )
    with django_assert_max_num_queries(len(two.captured_queries)):
        page = client.get(instruction_url).content.decode()
    assert "达拉特旗民政局（协办）" in page
