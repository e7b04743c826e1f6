"""The pages of issue 12's handling fixes, looked at at 1280 and 375 px: the department's item
with its photos and the reply-letter upload, the co-handler's 协办意见 form, the leader's 批示 form
and the bulletin sign-off. Screenshots go to SHOTS (outside the repository) when it is set."""

import io
import os
import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from playwright.sync_api import expect

from core.uploads import clean_upload
from opinions import services
from opinions.models import AdoptionLevel, Channel, Forwarding
from tests.e2e.conftest import SCREENSHOTS
from tests.members.factories import TEST_PASSWORD, UserFactory
from tests.opinions.factories import DepartmentFactory, categories_ensure

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SHOTS = Path(os.environ.get("SHOTS", str(SCREENSHOTS)))
WIDTHS = {"1280": {"width": 1280, "height": 900}, "375": {"width": 375, "height": 812}}


def photo() -> SimpleUploadedFile:
    out = io.BytesIO()
    image = Image.new("RGB", (640, 480), (90, 140, 200))
    for x in range(0, 640, 40):
        for y in range(300, 480):
            image.putpixel((x, y), (60, 60, 60))
    image.save(out, format="JPEG")
    return SimpleUploadedFile("积水现场.jpg", out.getvalue())


def login(browser, live_server, username, width):
    mobile = width == "375"
    context = browser.new_context(
        viewport=WIDTHS[width],
        device_scale_factor=1,
        is_mobile=mobile,
        has_touch=mobile,
        locale="zh-CN",
        timezone_id="Asia/Shanghai",
    )
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_login", username)
    page.fill("#id_password", TEST_PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))
    return context, page


def shot(page, name, width):
    page.wait_for_load_state("load")
    if width == "375":
        scroll = page.evaluate("document.documentElement.scrollWidth")
        assert scroll <= 375, f"{name}: {scroll}px wide on a 375px screen"
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)


def test_handling_pages_at_both_widths(browser, live_server, ref, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    categories = categories_ensure()
    dalate = ref["dalate"]
    staff = UserFactory(username="staff_dalate", role="staff", committee=dalate, name="李干事")
    UserFactory(username="leader_dalate", role="leader", committee=dalate, name="巴雅尔图")
    lead_department = DepartmentFactory(committee=dalate, name="达拉特旗住房和城乡建设局")
    co_department = DepartmentFactory(committee=dalate, name="达拉特旗交通运输局")
    lead_user = UserFactory(
        username="dept_zhujian",
        role="department",
        committee=dalate,
        department=lead_department,
        name="住建局办公室",
    )
    co_user = UserFactory(
        username="dept_jiaotong",
        role="department",
        committee=dalate,
        department=co_department,
        name="交通运输局办公室",
    )
    opinion, _key = services.opinion_submit_public(
        channel=Channel.WEB,
        committee=dalate,
        title="树林召镇排水管网改造",
        content="情况：每逢大雨，树林召镇新区三条街道积水严重。\n分析：排水管网建于上世纪九十年代，管径偏小。\n建议：分期改造排水管网，先修积水最严重的路段。",
        category=categories[5],
        submitter_name="欧阳娜仁花",
        submitter_phone="13687654321",
        submitter_email="",
        consent=True,
        uploads=[clean_upload(photo())],
    )
    services.opinion_adopt(opinion=opinion, by=staff, level=AdoptionLevel.BANNER)
    services.opinion_forward(
        opinion=opinion,
        by=staff,
        lead=lead_department,
        co=[co_department],
        due_date=services.default_due_date(),
        cover_note="请研究办理并按期答复。",
    )
    lead = opinion.forwardings.get(role=Forwarding.Role.LEAD)
    co = opinion.forwardings.get(role=Forwarding.Role.CO)
    services.forwarding_sign(forwarding=lead, by=lead_user)
    services.forwarding_sign(forwarding=co, by=co_user)
    # a compiled bulletin waiting for the leader's sign-off
    other, _ = services.opinion_submit_public(
        channel=Channel.WEB,
        committee=dalate,
        title="王爱召镇冬季供暖不达标",
        content="部分小区室温不足16度，建议供热公司加大供热量。",
        category=categories[2],
        submitter_name="张三",
        submitter_phone="13912345678",
        submitter_email="",
        consent=True,
    )
    services.opinion_adopt(opinion=other, by=staff, level=AdoptionLevel.BANNER)
    bulletin = services.bulletin_create(by=staff, committee=dalate)
    services.bulletin_add_item(bulletin=bulletin, opinion=other, by=staff)
    services.bulletin_submit(bulletin=bulletin, by=staff)

    for width in WIDTHS:
        context, page = login(browser, live_server, "dept_zhujian", width)
        page.goto(f"{live_server.url}/opinions/dept/{lead.pk}/")
        expect(page.locator("#opinion-attachments img")).to_be_visible()
        expect(page.locator("#reply-form input[type=file]")).to_be_attached()
        assert "欧阳娜仁花" not in page.content() and "13687654321" not in page.content()
        shot(page, "dept-item-reply-upload", width)
        context.close()

        context, page = login(browser, live_server, "dept_jiaotong", width)
        page.goto(f"{live_server.url}/opinions/dept/{co.pk}/")
        expect(page.locator("#co-opinion-form textarea")).to_be_visible()
        shot(page, "co-opinion-form", width)
        context.close()

        context, page = login(browser, live_server, "leader_dalate", width)
        page.goto(f"{live_server.url}/opinions/instructions/{opinion.pk}/")
        expect(page.locator("#instruction-form")).to_be_visible()
        shot(page, "leader-instruction-form", width)
        page.goto(f"{live_server.url}/opinions/bulletins/{bulletin.pk}/")
        expect(page.locator("#sign-off-form")).to_be_visible()
        shot(page, "bulletin-sign-off", width)
        context.close()
