"""The 旗区 → 苏木乡镇/嘎查村 picker of 我要建言 and 政协信箱 in a phone browser: with JavaScript the
place select fills with the chosen 旗区's 苏木乡镇 and 嘎查村; without it a citizen picks a 苏木乡镇
from their 旗区's group, and a page sent back lists that 旗区's places."""

import re

import pytest
from playwright.sync_api import expect

from opinions.models import Opinion
from org.models import Region
from tests.opinions.factories import categories_ensure

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _fill_matter(page):
    page.fill("#id_title", "村里通往镇上的道路需要硬化")
    page.fill("#id_content", "情况：雨天道路泥泞。分析：缺少资金。建议：纳入村村通工程。")
    page.select_option("#id_category", label="城乡建设")
    page.fill("#id_submitter_name", "王先生")
    page.fill("#id_submitter_phone", "13947700001")
    page.check("#id_consent")


def _receipt(page):
    expect(page).to_have_url(re.compile(r"/opinions/receipt/$"))
    code = page.locator("#tracking-code").inner_text().strip()
    return Opinion.objects.get(tracking_code=code)


@pytest.mark.parametrize("path", ["/opinions/submit/", "/opinions/mailbox/"])
def test_choosing_a_banner_lists_its_townships_and_villages(
    page, live_server, ref, settings, shoot, path
):
    settings.SUBMISSION_MIN_SECONDS = 0
    categories_ensure()
    dalate, zhungeer = ref["dalate"], ref["zhungeer"]
    village = (
        Region.objects.filter(committee=dalate, level=Region.Level.VILLAGE)
        .select_related("parent")
        .first()
    )
    zhungeer_township = Region.objects.filter(
        committee=zhungeer, level=Region.Level.TOWNSHIP
    ).first()
    label = f"{village.parent.name} · {village.name}"

    page.goto(f"{live_server.url}{path}")
    region = page.locator("#id_region")
    # before a 旗区 is chosen: the 苏木乡镇 only, by 旗区
    expect(region.locator(f"optgroup[label='{zhungeer.short_name}']")).to_have_count(1)
    expect(region.locator("option", has_text=label)).to_have_count(0)

    page.select_option("#id_committee", label=dalate.short_name)
    expect(region.locator("option", has_text=label)).to_have_count(1)
    expect(region.locator("optgroup")).to_have_count(0)
    expect(region).not_to_contain_text(zhungeer_township.name)
    count = Region.objects.filter(committee=dalate).exclude(level=Region.Level.BANNER).count()
    expect(region.locator("option")).to_have_count(count + 1)  # and 不限
    page.select_option("#id_region", label=label)
    _fill_matter(page)
    shoot(f"e2e-region-picker-{path.strip('/').replace('/', '-')}")

    # choosing another 旗区 and back: the list follows, a place of the first is not kept
    page.select_option("#id_committee", label=zhungeer.short_name)
    expect(region).to_contain_text(zhungeer_township.name)
    expect(region).to_have_value("")
    page.select_option("#id_committee", label=dalate.short_name)
    expect(region.locator("option", has_text=label)).to_have_count(1)
    page.select_option("#id_region", label=label)

    page.get_by_role("button", name="提交", exact=True).click()
    opinion = _receipt(page)
    assert opinion.committee == dalate and opinion.region == village


def test_without_javascript_a_citizen_can_still_name_the_place(
    browser, browser_context_args, live_server, ref, settings
):
    settings.SUBMISSION_MIN_SECONDS = 0
    categories_ensure()
    dalate, zhungeer = ref["dalate"], ref["zhungeer"]
    context = browser.new_context(**browser_context_args, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/opinions/submit/")
    region = page.locator("#id_region")

    # a 苏木乡镇 picked from another 旗区's group by mistake: refused by name, and the page sent
    # back lists the chosen 旗区's places, 嘎查村 included
    wrong = Region.objects.filter(committee=zhungeer, level=Region.Level.TOWNSHIP).first()
    page.select_option("#id_committee", label=dalate.short_name)
    page.select_option("#id_region", value=str(wrong.pk))
    _fill_matter(page)
    page.get_by_role("button", name="提交", exact=True).click()
    expect(page.locator("main")).to_contain_text("所选苏木乡镇/嘎查村不在该旗区内。")
    expect(region.locator("optgroup")).to_have_count(0)
    village = (
        Region.objects.filter(committee=dalate, level=Region.Level.VILLAGE)
        .select_related("parent")
        .first()
    )
    page.select_option("#id_region", label=f"{village.parent.name} · {village.name}")
    page.check("#id_consent")
    page.get_by_role("button", name="提交", exact=True).click()
    opinion = _receipt(page)
    assert opinion.region == village

    # and straight away, a 苏木乡镇 from the 旗区's own group
    page.goto(f"{live_server.url}/opinions/submit/")
    township = Region.objects.filter(committee=dalate, level=Region.Level.TOWNSHIP).last()
    page.select_option("#id_committee", label=dalate.short_name)
    group = region.locator(f"optgroup[label='{dalate.short_name}']")
    expect(group.locator("option", has_text=township.name)).to_have_count(1)
    page.select_option("#id_region", value=str(township.pk))
    _fill_matter(page)
    page.get_by_role("button", name="提交", exact=True).click()
    assert _receipt(page).region == township
    context.close()
