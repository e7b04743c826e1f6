"""Workstation pages: who may and who may not, scope (404 outside it), bad input, query counts,
labels."""

import datetime
import re

import pytest
from django.urls import reverse

from members.models import Member
from org.models import Region, Sector
from tests.members.factories import MemberFactory, MemberUserFactory
from tests.utils import queries_for, unlabelled_controls
from tests.workstations.factories import (
    AssignmentFactory,
    DutyShiftFactory,
    WorkstationFactory,
)
from workstations.models import DutyShift, ShiftSwap, Workstation
from workstations.services import assignment_end

pytestmark = pytest.mark.usefixtures("frozen_now")
TODAY = datetime.date(2026, 6, 15)
MAX_QUERIES = 14


def _get(client, user, url):
    if user is not None:
        client.force_login(user)
    return client.get(url)


# --- who may -----------------------------------------------------------------------------
@pytest.mark.parametrize("role", ["anonymous", "citizen", "member", "staff_other", "staff"])
def test_public_directory_and_detail_open_to_all(client, roles_for_workstation, workstation, role):
    user = roles_for_workstation[role]
    assert _get(client, user, reverse("workstations:directory")).status_code == 200
    assert (
        _get(client, user, reverse("workstations:detail", args=[workstation.pk])).status_code == 200
    )


@pytest.mark.parametrize(
    "role, expected",
    [
        ("anonymous", 302),
        ("citizen", 403),
        ("member", 403),
        ("staff_other", 404),
        ("staff", 200),
    ],
)
def test_rota_and_edit_pages(client, roles_for_workstation, workstation, role, expected):
    user = roles_for_workstation[role]
    for url in (
        reverse("workstations:rota", args=[workstation.pk, 2026, 6]),
        reverse("workstations:update", args=[workstation.pk]),
    ):
        response = _get(client, user, url)
        assert response.status_code == expected, url
        if expected == 302:
            assert "/accounts/login/" in response["Location"]


def test_municipal_staff_see_a_banner_rota_but_cannot_change_it(
    client, staff_municipal, workstation
):
    client.force_login(staff_municipal)
    response = client.get(reverse("workstations:rota", args=[workstation.pk, 2026, 6]))
    assert response.status_code == 200
    assert "生成值班表" not in response.content.decode()
    assert client.get(reverse("workstations:update", args=[workstation.pk])).status_code == 403


@pytest.mark.parametrize(
    "role, expected",
    [
        ("anonymous", 302),
        ("citizen", 403),
        ("member", 403),
        ("staff_other", 200),
        ("staff", 200),
    ],
)
def test_create_and_swap_desk(client, roles_for_workstation, role, expected):
    user = roles_for_workstation[role]
    for name in ("workstations:create", "workstations:swaps"):
        assert _get(client, user, reverse(name)).status_code == expected


@pytest.mark.parametrize(
    "role, expected",
    [
        ("anonymous", 302),
        ("citizen", 403),
        ("member", 200),
        ("staff", 403),
    ],
)
def test_my_shifts(client, roles_for_workstation, role, expected):
    user = roles_for_workstation[role]
    assert _get(client, user, reverse("workstations:my_shifts")).status_code == expected


def test_shift_detail_own_or_scope_only(
    client, workstation, duty_members, staff_dalate, staff_zhungeer
):
    shift = DutyShiftFactory(workstation=workstation, member=duty_members[0], date=TODAY)
    url = reverse("workstations:shift_detail", args=[shift.pk])
    assert _get(client, duty_members[0].user, url).status_code == 200
    assert _get(client, duty_members[1].user, url).status_code == 404  # a colleague's shift
    assert _get(client, staff_zhungeer, url).status_code == 404  # outside scope
    assert _get(client, staff_dalate, url).status_code == 200
    client.logout()
    assert client.get(url).status_code == 302


def test_colleague_cannot_check_in_for_another(client, workstation, duty_members):
    shift = DutyShiftFactory(workstation=workstation, member=duty_members[0], date=TODAY)
    client.force_login(duty_members[1].user)
    url = reverse("workstations:shift_action", args=[shift.pk, "check-in"])
    assert client.post(url).status_code == 404
    shift.refresh_from_db()
    assert shift.status == DutyShift.Status.PLANNED


def test_staff_outside_scope_cannot_decide_swaps(client, workstation, duty_members, staff_zhungeer):
    shift = DutyShiftFactory(
        workstation=workstation, member=duty_members[0], date=TODAY + datetime.timedelta(days=2)
    )
    swap = ShiftSwap.objects.create(
        shift=shift, from_member=duty_members[0], to_member=duty_members[1], reason="x"
    )
    client.force_login(staff_zhungeer)
    response = client.post(reverse("workstations:swap_decide", args=[swap.pk, "approve"]))
    assert response.status_code == 404
    swap.refresh_from_db()
    assert swap.status == ShiftSwap.Status.PENDING


# --- forms and bad input -------------------------------------------------------------------
def test_staff_create_workstation_and_bad_input(client, staff_dalate, dalate):
    client.force_login(staff_dalate)
    url = reverse("workstations:create")
    response = client.get(url)
    assert unlabelled_controls(response.content.decode()) == []
    # a 界别委员之家 without a sector, and a founding date in the future
    response = client.post(
        url,
        {
            "committee": dalate.pk,
            "kind": "sector_home",
            "name": "教育界别委员之家",
            "status": "active",
            "established_on": "2030-01-01",
        },
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "须选择界别" in body and "不能晚于今天" in body
    assert not Workstation.objects.filter(name="教育界别委员之家").exists()
    response = client.post(
        url,
        {
            "committee": dalate.pk,
            "kind": "home",
            "name": "王爱召镇委员之家",
            "status": "active",
            "rules": "<script>alert(1)</script>",
        },
    )
    workstation = Workstation.objects.get(name="王爱召镇委员之家")
    assert response.status_code == 302
    detail = client.get(reverse("workstations:detail", args=[workstation.pk])).content.decode()
    assert "<script>alert(1)</script>" not in detail and "&lt;script&gt;" in detail


def test_staff_create_online_workstation(client, staff_dalate, dalate):
    """The model requires a 线上入口 for a 线上委员之家; the form must let staff enter one."""
    client.force_login(staff_dalate)
    url = reverse("workstations:create")
    assert 'name="online_url"' in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "committee": dalate.pk,
            "kind": "online",
            "name": "达拉特旗线上委员之家",
            "online_url": "https://zx.dlt.gov.cn/wyzj/",
            "status": "active",
        },
    )
    workstation = Workstation.objects.get(name="达拉特旗线上委员之家")
    assert response.status_code == 302
    assert response["Location"] == reverse("workstations:detail", args=[workstation.pk])
    assert workstation.kind == Workstation.Kind.ONLINE
    assert workstation.online_url == "https://zx.dlt.gov.cn/wyzj/"
    detail = client.get(response["Location"]).content.decode()
    assert 'href="https://zx.dlt.gov.cn/wyzj/"' in detail


def test_online_workstation_without_url_is_a_field_error(client, staff_dalate, dalate):
    client.force_login(staff_dalate)
    response = client.post(
        reverse("workstations:create"),
        {"committee": dalate.pk, "kind": "online", "name": "线上委员之家", "status": "active"},
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["online_url"] == ["线上委员之家须填写线上入口地址。"]
    assert form.non_field_errors() == []
    assert not Workstation.objects.filter(name="线上委员之家").exists()


def test_region_and_sector_of_another_committee_are_field_errors(client, admin, dalate, zhungeer):
    # The administrator may pick any committee, so only Workstation.clean keeps the region and
    # the sector in the workstation's committee; its answer lands on the fields.
    client.force_login(admin)
    response = client.post(
        reverse("workstations:create"),
        {
            "committee": dalate.pk,
            "kind": "sector_home",
            "name": "教育界别委员之家",
            "status": "active",
            "region": Region.objects.filter(committee=zhungeer, level="township").first().pk,
            "sector": Sector.objects.filter(committee=zhungeer).first().pk,
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "region": ["所在地区不属于该政协组织。"],
        "sector": ["所选界别不属于该政协组织。"],
    }
    assert not Workstation.objects.filter(name="教育界别委员之家").exists()


def test_rota_page_forms_labelled_and_bad_dates_get_messages(
    client, staff_dalate, workstation, duty_members
):
    client.force_login(staff_dalate)
    url = reverse("workstations:rota", args=[workstation.pk, 2026, 6])
    assert unlabelled_controls(client.get(url).content.decode()) == []
    plan = reverse("workstations:shift_plan", args=[workstation.pk, 2026, 6])
    response = client.post(
        plan,
        {
            "plan-member": duty_members[0].pk,
            "plan-date": "2026-06-01",
            "plan-starts_at": "09:00",
            "plan-ends_at": "12:00",
            "plan-kind": "duty",
        },
    )
    assert response.status_code == 400
    assert "不能为已经过去的日期排班" in response.content.decode()
    response = client.post(
        plan,
        {
            "plan-member": duty_members[0].pk,
            "plan-date": "2026-06-20",
            "plan-starts_at": "12:00",
            "plan-ends_at": "09:00",
            "plan-kind": "duty",
        },
    )
    assert response.status_code == 400
    assert "结束时间须晚于开始时间" in response.content.decode()
    generate = reverse("workstations:rota_generate", args=[workstation.pk, 2026, 7])
    response = client.post(
        generate,
        {
            "gen-pattern": "monthly",
            "gen-days": "10，abc",
            "gen-starts_at": "09:00",
            "gen-ends_at": "12:00",
            "gen-kind": "duty",
        },
    )
    assert response.status_code == 400
    assert "1 到 31" in response.content.decode()
    assert DutyShift.objects.count() == 0
    response = client.post(
        generate,
        {
            "gen-pattern": "monthly",
            "gen-days": "10,20",
            "gen-starts_at": "09:00",
            "gen-ends_at": "12:00",
            "gen-kind": "reception",
        },
    )
    assert response.status_code == 302
    assert DutyShift.objects.filter(kind="reception").count() == 2


def test_member_shift_page_swap_and_matter_forms(client, workstation, duty_members):
    shift = DutyShiftFactory(
        workstation=workstation, member=duty_members[0], date=TODAY + datetime.timedelta(days=5)
    )
    client.force_login(duty_members[0].user)
    url = reverse("workstations:shift_detail", args=[shift.pk])
    body = client.get(url).content.decode()
    assert unlabelled_controls(body) == [] and "申请换班" in body
    swap_url = reverse("workstations:shift_action", args=[shift.pk, "swap"])
    response = client.post(swap_url, {"swap-to_member": duty_members[1].pk, "swap-reason": ""})
    assert response.status_code == 400
    response = client.post(swap_url, {"swap-to_member": duty_members[1].pk, "swap-reason": "出差"})
    assert response.status_code == 302
    assert ShiftSwap.objects.filter(status="pending").count() == 1


def test_bad_month_in_url_is_404_not_500(client, staff_dalate, workstation):
    client.force_login(staff_dalate)
    assert (
        client.get(reverse("workstations:rota", args=[workstation.pk, 2026, 13])).status_code == 404
    )


# --- query counts ----------------------------------------------------------------------------
def _populate(committee, n):
    for _ in range(n):
        ws = WorkstationFactory(committee=committee)
        for member in MemberFactory.create_batch(2, committee=committee):
            AssignmentFactory(workstation=ws, member=member)


def test_directory_query_count_constant(client, ref):
    """As rendered (a query string: only the bare URL is served to visitors from its shell),
    then as served from the shell."""
    url, rendered = reverse("workstations:directory"), {"kind": ""}
    _populate(ref["dalate"], 2)
    small, _ = queries_for(client, url, rendered)
    _populate(ref["zhungeer"], 25)
    large, sql = queries_for(client, url, rendered)
    assert small == large, "\n".join(sql)
    assert large <= MAX_QUERIES
    filtered, _ = queries_for(client, url, {"committee": ref["dalate"].pk, "kind": "home"})
    assert filtered <= large + 1
    assert queries_for(client, url)[0] == 0


def test_detail_query_count_constant(client, workstation):
    url = reverse("workstations:detail", args=[workstation.pk])
    AssignmentFactory(workstation=workstation)
    small, _ = queries_for(client, url)
    for member in MemberFactory.create_batch(10, committee=workstation.committee):
        AssignmentFactory(workstation=workstation, member=member)
        DutyShiftFactory(
            workstation=workstation,
            member=member,
            date=TODAY + datetime.timedelta(days=member.pk % 9),
        )
    large, sql = queries_for(client, url)
    assert small == large, "\n".join(sql)


def test_rota_month_query_count_constant(client, staff_dalate, workstation):
    client.force_login(staff_dalate)
    url = reverse("workstations:rota", args=[workstation.pk, 2026, 7])
    members = [MemberFactory(committee=workstation.committee) for _ in range(6)]
    for member in members:
        AssignmentFactory(workstation=workstation, member=member)
    DutyShiftFactory(workstation=workstation, member=members[0], date=datetime.date(2026, 7, 1))
    small, _ = queries_for(client, url)
    for day in range(2, 31):
        DutyShiftFactory(
            workstation=workstation, member=members[day % 6], date=datetime.date(2026, 7, day)
        )
    large, sql = queries_for(client, url)
    assert small == large, "\n".join(sql)
    assert large <= MAX_QUERIES + 4


def test_my_shifts_query_count_constant(client, workstation):
    member = MemberUserFactory(committee=workstation.committee)
    client.force_login(member.user)
    url = reverse("workstations:my_shifts")
    DutyShiftFactory(workstation=workstation, member=member, date=TODAY)
    small, _ = queries_for(client, url)
    for i in range(1, 30):
        other = WorkstationFactory(committee=workstation.committee)
        DutyShiftFactory(workstation=other, member=member, date=TODAY + datetime.timedelta(days=i))
    large, sql = queries_for(client, url)
    assert small == large, "\n".join(sql)
    assert Member.objects.count() >= 1


# --- the public directory's filters ------------------------------------------------------
def _listed(client, **query):
    response = client.get(reverse("workstations:directory"), query)
    assert response.status_code == 200
    return {ws.name for ws in response.context["workstations"]}, response.content.decode()


def test_directory_filters_by_township_name_and_banner(client, ref):
    dalate, zhungeer = ref["dalate"], ref["zhungeer"]
    township = Region.objects.filter(committee=dalate, level="township").first()
    village = township.children.first()
    other = Region.objects.filter(committee=dalate, level="township").exclude(pk=township.pk)[0]
    WorkstationFactory(committee=dalate, region=township, name="镇上的委员之家")
    WorkstationFactory(committee=dalate, region=village, name="村里的委员之家", address="幸福路")
    WorkstationFactory(committee=dalate, region=other, name="别处的委员之家")
    WorkstationFactory(committee=zhungeer, name="准格尔的委员之家")

    names, html = _listed(client, township=township.pk)
    assert names == {"镇上的委员之家", "村里的委员之家"}  # the township and its villages
    chosen = f'<option value="{township.pk}" selected>{dalate.short_name}·{township.name}</option>'
    assert chosen in html
    assert _listed(client, q="幸福")[0] == {"村里的委员之家"}
    assert _listed(client, committee=zhungeer.pk)[0] == {"准格尔的委员之家"}
    _names, html = _listed(client, committee=zhungeer.pk)
    assert f'<option value="{zhungeer.pk}" selected>{zhungeer.name}</option>' in html
    # an unknown choice is a form error (django-filter lists nothing), not a 500
    assert _listed(client, township="999999")[0] == set()


def test_directory_escapes_names(client, ref):
    WorkstationFactory(committee=ref["dalate"], name="<script>x</script>之家")
    html = client.get(reverse("workstations:directory")).content.decode()
    assert "<script>x</script>" not in html and "&lt;script&gt;x&lt;/script&gt;之家" in html


def test_directory_member_counts_follow_assignments(client, ref, staff_dalate):
    """The counts are kept once per process until an assignment changes (core.memo)."""
    workstation = WorkstationFactory(committee=ref["dalate"], name="计数的委员之家")
    first, _second = (
        AssignmentFactory(workstation=workstation, member=member)
        for member in MemberFactory.create_batch(2, committee=ref["dalate"])
    )
    url = reverse("workstations:directory")

    def shown():
        for query in ({}, {"kind": ""}):  # as visitors get it (its shell) and as rendered
            listed = client.get(url, query).content.decode()
            yield re.search(r"计数的委员之家.*?(\d+) 位委员", listed, re.S).group(1)

    assert set(shown()) == {"2"}
    assignment_end(assignment=first, by=staff_dalate)
    assert set(shown()) == {"1"}
