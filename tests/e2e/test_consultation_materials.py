"""Staff run an event from a phone: upload a meeting material, make it public, record the answer
of a member without an account; a citizen downloads the public material from the event's page;
the office writes the event up as 典型经验 and the public page links back to the event.
Screenshots at 375 px (the phone) and 1280 px (a desk)."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from consultations import services
from consultations.models import Invitation
from showcases import services as showcases
from tests.consultations.factories import MINIMAL_PDF, ConsultationFactory, stored_material
from tests.e2e.conftest import SCREENSHOTS
from tests.e2e.test_accessibility import check
from tests.members.factories import TEST_PASSWORD, MemberFactory, MemberUserFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
DESK = {"width": 1280, "height": 900}


def _wide(page, name):
    """The same page at 1280 px, then back to the phone."""
    phone = page.viewport_size
    page.set_viewport_size(DESK)
    page.screenshot(path=str(SCREENSHOTS / f"{name}-1280.png"), full_page=True)
    page.set_viewport_size(phone)


def _login(page, live_server, username):
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_login", username)
    page.fill("#id_password", TEST_PASSWORD)
    page.locator("main form button[type=submit]").click()


def test_materials_answers_and_write_up(page, live_server, ref, shoot, tmp_path):
    dalate = ref["dalate"]
    staff = UserFactory(username="staff_dalate_materials", role="staff", committee=dalate)
    start = timezone.now() + datetime.timedelta(days=2)
    event = ConsultationFactory(
        committee=dalate,
        title="树林召镇老旧小区停车难协商议事会",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
        capacity=20,
    )
    services.consultation_step(consultation=event, by=staff, action="open")
    offline = MemberFactory(committee=dalate, name="巴图")
    online = MemberUserFactory(committee=dalate, name="萨仁")
    services.invitations_send(consultation=event, by=staff, members=[offline, online])
    agenda = tmp_path / "协商议程.pdf"
    agenda.write_bytes(MINIMAL_PDF)

    _login(page, live_server, "staff_dalate_materials")
    page.goto(f"{live_server.url}/consultations/manage/{event.pk}/")
    page.locator("#id_file").set_input_files(str(agenda))
    page.locator("#id_title").fill("协商议程和停车改造方案")
    page.get_by_label("公开（显示在活动的公开页面上，任何人可下载）").check()
    page.get_by_role("button", name="上传", exact=True).click()
    expect(page.locator("main")).to_contain_text("已上传会议材料")
    expect(page.get_by_role("link", name="协商议程和停车改造方案")).to_be_visible()

    # the member without an account said yes on the phone
    page.locator("summary", has_text="代为登记回复").click()
    page.get_by_role("button", name="登记参加").click()
    expect(page.locator("main")).to_contain_text("已代巴图登记：参加")
    shoot("e2e-materials-01-staff-event")
    _wide(page, "e2e-materials-01-staff-event")
    assert Invitation.objects.get(member=offline).rsvp == "accepted"

    # a bad file is a message, not an error page
    bad = tmp_path / "议程.pdf"
    bad.write_bytes(b"<html><script>alert(1)</script></html>")
    page.locator("#id_file").set_input_files(str(bad))
    page.get_by_role("button", name="上传", exact=True).click()
    expect(page.locator("main")).to_contain_text("不是支持的文件")
    shoot("e2e-materials-02-bad-upload")

    # the citizen's view of the event
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/consultations/{event.pk}/")
    link = page.get_by_role("link", name="协商议程和停车改造方案")
    expect(link).to_be_visible()
    shoot("e2e-materials-03-public-event")
    _wide(page, "e2e-materials-03-public-event")
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename == "协商议程.pdf"

    # the invited member with an account sees the material on their page
    online.user.set_password(TEST_PASSWORD)
    online.user.save()
    _login(page, live_server, online.user.username)
    page.goto(f"{live_server.url}/consultations/mine/")
    expect(page.get_by_role("link", name="协商议程和停车改造方案")).to_be_visible()
    shoot("e2e-materials-04-member-page")
    _wide(page, "e2e-materials-04-member-page")

    # after the event: written up as 典型经验, linked from the public page
    services.consultation_step(consultation=event, by=staff, action="cancel", comment="演示")
    held = ConsultationFactory(
        committee=dalate,
        title="康巴什社区协商议事会",
        starts_at=timezone.now() - datetime.timedelta(hours=3),
        ends_at=timezone.now() - datetime.timedelta(hours=1),
    )
    services.consultation_step(consultation=held, by=staff, action="hold")
    services.minutes_save(consultation=held, by=staff, text="纪要", public_summary="议定三件事。")
    services.consultation_step(consultation=held, by=staff, action="publish_minutes")
    outcome = services.outcome_add(
        consultation=held, by=staff, recommendation="夜间开放机关停车场", submitted_to="区住建局"
    )
    _login(page, live_server, "staff_dalate_materials")
    page.goto(f"{live_server.url}/consultations/showcases/new/?consultation={held.pk}")
    shoot("e2e-materials-05-showcase-form")
    _wide(page, "e2e-materials-05-showcase-form")
    showcase = showcases.showcase_create(
        by=staff,
        committee=dalate,
        title="社区协商议出停车新办法",
        summary="康巴什社区协商议事会推动机关停车场夜间开放。",
        body="正文。",
        consultation=held,
        outcome=outcome,
    )
    showcases.showcase_publish(showcase=showcase, by=staff)
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/dianxing/{showcase.pk}/")
    expect(page.get_by_role("link", name="康巴什社区协商议事会", exact=True)).to_be_visible()
    shoot("e2e-materials-06-showcase")
    _wide(page, "e2e-materials-06-showcase")
    page.get_by_role("link", name="康巴什社区协商议事会：已报送").click()
    expect(page.locator(f"#outcome-{outcome.pk}")).to_be_visible()


@pytest.mark.parametrize("width", [375, 1280])
def test_touched_pages_have_no_serious_violations(
    browser, browser_context_args, live_server, ref, settings, width
):
    """axe-core on the staff event page (materials, an answer to record), the public event page
    with a material, the member's page and a 典型经验 linked to an event."""
    settings.REQUIRE_MFA = False
    dalate = ref["dalate"]
    staff = UserFactory(username=f"staff_axe_{width}", role="staff", committee=dalate)
    start = timezone.now() + datetime.timedelta(days=2)
    event = ConsultationFactory(
        committee=dalate, starts_at=start, ends_at=start + datetime.timedelta(hours=2)
    )
    services.consultation_step(consultation=event, by=staff, action="open")
    services.invitations_send(
        consultation=event, by=staff, members=[MemberFactory(committee=dalate, name="巴图")]
    )
    stored_material(event, title="会议议程", is_public=True)
    held = ConsultationFactory(
        committee=dalate,
        starts_at=timezone.now() - datetime.timedelta(hours=3),
        ends_at=timezone.now() - datetime.timedelta(hours=1),
    )
    services.consultation_step(consultation=held, by=staff, action="hold")
    showcase = showcases.showcase_create(
        by=staff, committee=dalate, title="经验", summary="摘要", body="正文", consultation=held
    )
    showcases.showcase_publish(showcase=showcase, by=staff)
    problems = []
    for username, paths in (
        (None, [f"/consultations/{event.pk}/", f"/dianxing/{showcase.pk}/", "/dianxing/"]),
        (
            staff.username,
            [f"/consultations/manage/{event.pk}/", f"/consultations/manage/{held.pk}/"],
        ),
    ):
        context = browser.new_context(
            **{**browser_context_args, "viewport": {"width": width, "height": 900}},
            bypass_csp=True,
        )
        context.username = username
        problems += check(context, live_server.url, paths)
        context.close()
    assert not problems, "\n".join(problems)
