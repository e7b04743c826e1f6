"""Issue 16 in a browser: on Mongolian pages (traditional script, written vertically), at 375 and
1280 px, a citizen submits 我要建言 written in Mongolian script, gets the code and tracks it; the
vendored Noto Sans Mongolian is the font actually used; the content is vertical; axe-core finds
no serious violation. Screenshots: test-results/e2e-mn-<page>-<width>.png."""

import re

import pytest
from playwright.sync_api import expect

from opinions.models import Opinion
from tests.e2e.conftest import SCREENSHOTS
from tests.e2e.test_accessibility import BLOCKING, violations
from tests.opinions.factories import categories_ensure

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TITLE = "ᠭᠠᠵᠠᠷ\u202fᠤᠨ ᠵᠠᠮ ᠢ ᠰᠠᠢᠵᠢᠷᠠᠭᠤᠯᠬᠤ ᠰᠠᠨᠠᠯ"
CONTENT = "ᠪᠢᠳᠡᠨ\u202fᠦ ᠭᠠᠴᠠᠭ\u180eᠠ ᠶᠢᠨ ᠵᠠᠮ ᠮᠠᠭᠤ᠂ ᠬᠤᠷ\u180eᠠ ᠣᠷᠣᠬᠤ ᠳᠤ ᠤᠰᠤ ᠬᠤᠷᠠᠨ᠎ᠠ᠃ ᠭ\u180bᠠᠵᠠᠷ"
SUBMIT = "ᠲᠤᠰᠢᠶᠠᠬᠤ"  # 提交
LOOK_UP = "ᠪᠠᠶᠢᠴᠠᠭᠠᠬᠤ"  # 查询
MONGOLIAN = re.compile("[\u1800-\u18af]")

FONT_LOADED = """async () => {
  await document.fonts.ready;
  await document.fonts.load('16px "Noto Sans Mongolian"', 'ᠮᠣᠩᠭᠣᠯ');
  const faces = [...document.fonts].filter(f => f.family.replace(/"/g, '') === 'Noto Sans Mongolian');
  return {
    check: document.fonts.check('16px "Noto Sans Mongolian"', 'ᠮᠣᠩᠭᠣᠯ'),
    loaded: faces.some(f => f.status === 'loaded'),
  };
}"""


# What stands below the vertical column's bottom edge: the column scrolls sideways only, so
# anything there is cut off (a grid row that does not wrap into the next column).
CUT_OFF = """() => {
  const column = document.querySelector('main > div');
  const bottom = column.getBoundingClientRect().bottom + 2;
  return [...column.querySelectorAll('*')]
    .filter(el => el.getClientRects().length && el.getBoundingClientRect().bottom > bottom)
    .map(el => el.tagName + '.' + el.className).slice(0, 5);
}"""


def assert_mongolian_page(page, name, width):
    page.wait_for_load_state("load")
    assert page.evaluate("document.documentElement.lang") == "mn-Mong"
    font = page.evaluate(FONT_LOADED)
    assert font == {"check": True, "loaded": True}, f"{name}: Noto Sans Mongolian not loaded"
    mode = page.evaluate("getComputedStyle(document.querySelector('main > div')).writingMode")
    assert mode == "vertical-lr", name
    # the page never scrolls sideways as a whole: the vertical content scrolls inside <main>
    assert page.evaluate("document.documentElement.scrollWidth") <= width, name
    assert page.evaluate(CUT_OFF) == [], f"{name}: content cut off below the column"
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"e2e-mn-{name}-{width}.png"))


@pytest.mark.parametrize("width", [375, 1280])
def test_citizen_submits_in_mongolian_and_tracks(
    browser, browser_context_args, live_server, ref, settings, width
):
    settings.SUBMISSION_MIN_SECONDS = 0
    categories_ensure()
    dalate = ref["dalate"]
    dalate.refresh_from_db()
    context = browser.new_context(
        **{**browser_context_args, "viewport": {"width": width, "height": 800}}, bypass_csp=True
    )
    page = context.new_page()

    # the switch on the home page: the page stays, the cookie remembers
    page.goto(f"{live_server.url}/opinions/submit/")
    toggler = page.locator("header .navbar-toggler")
    if toggler.is_visible():  # the phone's collapsed menu holds the switch
        toggler.click()
    page.locator("button[name=language][value=mn]").click()
    expect(page).to_have_url(re.compile(r"/opinions/submit/$"))
    cookies = {c["name"]: c["value"] for c in context.cookies()}
    assert cookies[settings.LANGUAGE_COOKIE_NAME] == "mn"
    expect(page.locator("h1")).to_have_text("ᠰᠠᠨᠠᠯ ᠥᠭᠬᠦ")

    page.goto(f"{live_server.url}/")
    assert_mongolian_page(page, "home", width)
    page.goto(f"{live_server.url}/opinions/submit/")
    page.fill("#id_title", TITLE)
    page.fill("#id_content", CONTENT)
    page.select_option("#id_category", index=1)
    page.select_option("#id_committee", label=dalate.short_name_mn)
    page.fill("#id_submitter_name", "ᠪᠠᠲᠤ")
    page.fill("#id_submitter_phone", "13947712345")
    page.check("#id_consent")
    assert_mongolian_page(page, "submit", width)
    page.get_by_role("button", name=SUBMIT, exact=True).click()

    expect(page).to_have_url(re.compile(r"/opinions/receipt/$"))
    code = page.locator("#tracking-code").inner_text().strip()
    key = page.locator("#lookup-key").inner_text().strip()
    assert re.fullmatch(r"JY-\d{4}-\d{6}", code), code
    assert page.locator("#tracking-code").get_attribute("lang") == "zxx"
    assert (
        page.evaluate("getComputedStyle(document.querySelector('#tracking-code')).writingMode")
        == "horizontal-tb"
    )  # the code reads as written, inside the vertical column
    assert_mongolian_page(page, "receipt", width)
    opinion = Opinion.objects.get(tracking_code=code)
    assert (opinion.title, opinion.content, opinion.committee_id) == (TITLE, CONTENT, dalate.pk)

    page.goto(f"{live_server.url}/opinions/track/")
    page.fill("#id_code", code)
    page.fill("#id_key", key)
    page.get_by_role("button", name=LOOK_UP, exact=True).click()
    expect(page.locator("#public-status")).to_have_text(MONGOLIAN)
    assert_mongolian_page(page, "tracking", width)

    # no serious accessibility violation on the Mongolian pages
    problems = []
    for path in ("/", "/opinions/submit/", "/opinions/track/", "/workstations/"):
        page.goto(f"{live_server.url}{path}")
        page.wait_for_load_state("load")
        problems += [
            f"{path} {v['id']}: {v['help']} {v['nodes']}"
            for v in violations(page)
            if v["impact"] in BLOCKING
        ]
    context.close()
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("width", [375, 1280])
def test_the_other_public_pages_in_mongolian(
    browser, browser_context_args, live_server, ref, width
):
    """Every other public page in Mongolian: the font loaded, vertical, nothing cut off, the page
    not wider than the screen, no serious axe-core violation; the menu (behind its toggler) in
    Mongolian script only."""
    from org.models import Region
    from tests.workstations.factories import WorkstationFactory

    categories_ensure()
    sumu = Region.objects.get(name="展旦召苏木")
    for n in range(8):  # enough cards to fill more than one column
        WorkstationFactory(committee=ref["dalate"], region=sumu, name=f"展旦召委员之家{n}")
    context = browser.new_context(
        **{**browser_context_args, "viewport": {"width": width, "height": 800}}, bypass_csp=True
    )
    context.add_cookies([{"name": "django_language", "value": "mn", "url": live_server.url}])
    page = context.new_page()
    page.goto(f"{live_server.url}/")
    page.locator("header .navbar-toggler").click()
    menu = page.locator("#mainNav .navbar-nav").first
    expect(menu).to_be_visible()
    assert not re.search("[\u4e00-\u9fff]", menu.inner_text()), menu.inner_text()
    problems = []
    for name, path in [
        ("home", "/"),
        ("directory", "/workstations/"),
        ("consultations", "/consultations/"),
        ("lectures", "/jiangtang/"),
        ("lecture-order", "/jiangtang/order/"),
        ("showcases", "/dianxing/"),
        ("activities", "/members/activities/recent/"),
        ("privacy", "/opinions/privacy/"),
        ("not-found", "/no-such-page/"),
    ]:
        page.goto(f"{live_server.url}{path}")
        assert_mongolian_page(page, name, width)
        problems += [
            f"{path} {v['id']}: {v['help']} {v['nodes']}"
            for v in violations(page)
            if v["impact"] in BLOCKING
        ]
    assert sumu.name_mn in page.goto(f"{live_server.url}/workstations/").text()
    context.close()
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("width", [375, 1280])
def test_a_public_event_page_in_mongolian(browser, browser_context_args, live_server, ref, width):
    """The public event page in Mongolian with what staff wrote in Chinese (title, place, 列席部门,
    agenda): that text is marked lang="zh-CN" and set upright in the vertical layout; the page
    passes the same checks as the others. Screenshot: e2e-mn-event-<width>.png."""
    from django.urls import reverse

    from accounts.models import User
    from consultations import services
    from tests.consultations.factories import ConsultationFactory
    from tests.members.factories import UserFactory
    from tests.opinions.factories import DepartmentFactory

    dalate = ref["dalate"]
    staff = UserFactory(role=User.Role.STAFF, committee=dalate, username="e2e_mn_event_staff")
    event = ConsultationFactory(
        committee=dalate,
        title="树林召镇政协开放日",
        agenda="一、通报议题有关情况\n二、委员和群众代表发言",
    )
    event.departments.set(
        [
            DepartmentFactory(committee=dalate, name="达拉特旗交通运输局"),
            DepartmentFactory(committee=dalate, name="达拉特旗住房和城乡建设局"),
        ]
    )
    services.consultation_step(consultation=event, by=staff, action="open")
    context = browser.new_context(
        **{**browser_context_args, "viewport": {"width": width, "height": 800}}, bypass_csp=True
    )
    context.add_cookies([{"name": "django_language", "value": "mn", "url": live_server.url}])
    page = context.new_page()
    page.goto(live_server.url + reverse("consultations:public_detail", args=[event.pk]))
    assert page.locator("h1 [lang='zh-CN']").inner_text() == "树林召镇政协开放日"
    expect(page.locator("[data-testid=departments] [lang='zh-CN']")).to_have_count(2)
    assert_mongolian_page(page, "event", width)
    problems = [v for v in violations(page) if v["impact"] in BLOCKING]
    context.close()
    assert not problems, problems
