"""A citizen signs up on a phone to observe an open day and sees the entry code with its QR;
staff check the code in at the door from a phone, once."""

import datetime
import re

import pytest
import time_machine
from django.utils import timezone
from playwright.sync_api import expect

from consultations import services
from consultations.models import Observer
from tests.consultations.factories import ConsultationFactory
from tests.members.factories import TEST_PASSWORD, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_citizen_signs_up_and_staff_check_in(page, live_server, ref, shoot):
    dalate = ref["dalate"]
    staff = UserFactory(username="staff_dalate_door", role="staff", committee=dalate)
    start = timezone.now() + datetime.timedelta(days=2)
    event = ConsultationFactory(
        committee=dalate,
        title="政协开放日：走进达拉特旗政协",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
        capacity=20,
    )
    services.consultation_step(consultation=event, by=staff, action="open")

    page.goto(f"{live_server.url}/consultations/")
    page.get_by_role("link", name="政协开放日：走进达拉特旗政协").click()
    expect(page.locator("h1")).to_contain_text("政协开放日")
    page.locator("#id_name").fill("乌云其木格")
    page.locator("#id_phone").fill("13947712345")
    page.get_by_label(re.compile("我同意")).check()
    shoot("e2e-consultation-01-signup")
    page.get_by_role("button", name="提交报名").click()
    expect(page.locator("main")).to_contain_text("报名成功")
    observer = Observer.objects.get()
    code = page.get_by_test_id("entry-code")
    expect(code).to_have_text(observer.entry_code)
    expect(page.locator(".qr svg")).to_be_visible()
    expect(page.locator("main")).to_contain_text("139****2345")
    shoot("e2e-consultation-02-entry-code")

    # the door, on the day: staff open the code's page from a phone and check the visitor in
    with time_machine.travel(start - datetime.timedelta(minutes=30), tick=True):
        page.context.clear_cookies()
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("#id_login", "staff_dalate_door")
        page.fill("#id_password", TEST_PASSWORD)
        page.locator("main form button[type=submit]").click()
        page.goto(f"{live_server.url}/consultations/check-in/?code={observer.entry_code}")
        expect(page.locator("main")).to_contain_text("乌****（139****2345）")
        page.get_by_role("button", name="核验入场").click()
        expect(page.locator("main")).to_contain_text("核验通过")
        shoot("e2e-consultation-03-checked-in")
        page.locator("#id_code").fill(observer.entry_code)
        page.get_by_role("button", name="核验入场").click()
        expect(page.locator("main")).to_contain_text("使用过")
    observer.refresh_from_db()
    assert observer.status == "checked_in"
