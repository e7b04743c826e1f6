"""Issue 16: Mongolian in the traditional script on the public pages.

Every string a public page shows has a Mongolian entry in locale/mn (the compiled catalogue the
site serves), Mongolian pages say so (`lang="mn-Mong"`, the vertical style sheet and its font),
the language switch keeps the page and the cookie remembers it, the rendered shells are kept per
language, and a submission written in Mongolian script goes through 我要建言, the desk, the desk's
search and similar-item detection intact."""

import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.template.loader import get_template
from django.urls import reverse
from django.utils import translation
from django.utils.translation.template import templatize

from opinions.forms.intake import PublicOpinionForm, TrackingForm
from opinions.models import Opinion
from tests.opinions.conftest import public_form_data
from tests.opinions.factories import categories_ensure

MN_MO = Path(settings.BASE_DIR) / "locale" / "mn" / "LC_MESSAGES" / "django.mo"
MONGOLIAN = re.compile("[\u1800-\u18af]")
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]")

# The templates of the pages a citizen uses without signing in; what they include or extend is
# followed below (the base template, partials, the privacy notice …).
PUBLIC_TEMPLATES = [
    "400.html",
    "403.html",
    "404.html",
    "500.html",
    "dashboards/public_home.html",
    "opinions/submit.html",
    "opinions/receipt.html",
    "opinions/track.html",
    "opinions/track_result.html",
    "opinions/privacy.html",
    "opinions/too_many.html",
    "workstations/directory.html",
    "workstations/detail.html",
    "consultations/public_list.html",
    "consultations/public_detail.html",
    "lectures/menu.html",
    "lectures/order_form.html",
    "lectures/track.html",
    "showcases/list.html",
    "showcases/detail.html",
    "liaison/feed.html",
    # and the e-mails a submitter from those pages gets (written in the page's language)
    "opinions/email/progress.txt",
    "notifications/email/notice.txt",
]
INCLUDE = re.compile(r'{%\s*(?:include|extends)\s+"([^"]+)"')
# gettext('…'), ngettext('…', '…', …), pgettext('ctx', '…') as templatize writes them
CALL = re.compile(r"\b(n?p?gettext)\(u?'((?:[^'\\]|\\.)*)'(?:,\s*u?'((?:[^'\\]|\\.)*)')?")


def _catalogue() -> gettext.GNUTranslations:
    assert MN_MO.exists(), f"{MN_MO} is missing: run `manage.py compilemessages` and commit it"
    with MN_MO.open("rb") as handle:
        return gettext.GNUTranslations(handle)


def _source(name: str) -> str:
    return Path(get_template(name).origin.name).read_text()  # type: ignore[attr-defined]


def public_template_msgids() -> dict[str, str]:
    """msgid → the first public template that uses it."""
    seen: list[str] = []
    todo = list(PUBLIC_TEMPLATES)
    while todo:
        name = todo.pop(0)
        if name not in seen:
            seen.append(name)
            todo += INCLUDE.findall(_source(name))
    found: dict[str, str] = {}
    for name in seen:
        code = templatize(_source(name), origin=name)
        for function, first, second in CALL.findall(code):
            ids = [second] if function.startswith("p") else [first, second]
            for msgid in filter(None, ids):
                found.setdefault(
                    msgid.encode().decode("unicode_escape") if "\\" in msgid else msgid, name
                )
    return found


def test_the_public_templates_are_found():
    found = public_template_msgids()
    assert len(found) > 150
    assert found["我要建言"] and found["查询码"] and found["跳到正文"] == "base.html"


def test_every_public_page_string_has_a_mongolian_entry():
    catalogue = _catalogue()
    missing, not_mongolian, placeholders = [], [], []
    for msgid, template in public_template_msgids().items():
        text = catalogue.gettext(msgid)
        if text == msgid or not text.strip():
            missing.append(f"{template}: {msgid}")
        elif not MONGOLIAN.search(text):
            not_mongolian.append(f"{template}: {msgid} → {text}")
        elif sorted(PLACEHOLDER.findall(text)) != sorted(PLACEHOLDER.findall(msgid)):
            placeholders.append(f"{template}: {msgid} → {text}")
    assert not missing, "no Mongolian entry in locale/mn:\n" + "\n".join(missing)
    assert not not_mongolian, "not in Mongolian script:\n" + "\n".join(not_mongolian)
    assert not placeholders, "placeholders differ:\n" + "\n".join(placeholders)


@pytest.mark.django_db
def test_the_public_forms_labels_and_help_are_mongolian(dalate):
    categories_ensure()
    with translation.override("mn"):
        for form in (PublicOpinionForm(), TrackingForm()):
            for name, field in form.fields.items():
                if name in ("website", "started", "token"):
                    continue
                for text in (field.label, field.help_text):
                    if text:
                        assert MONGOLIAN.search(str(text)), f"{type(form).__name__}.{name}: {text}"


# --- pages ----------------------------------------------------------------------------------
@pytest.fixture
def category(db):
    return categories_ensure()[1]


@pytest.fixture
def mongolian(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "mn"
    return client


@pytest.mark.django_db
def test_mongolian_pages_are_marked_and_styled(mongolian, dalate):
    categories_ensure()
    for url in (reverse("public_home"), reverse("opinions:submit"), reverse("opinions:track")):
        body = mongolian.get(url).content.decode()
        assert '<html lang="mn-Mong"' in body, url
        assert "css/mongolian.css" in body
        assert "跳到正文" not in body and "ᠭᠣᠯ ᠠᠭᠤᠯᠭ᠎ᠠ" in body
        # the switch offers all three, each marked with its own language
        assert 'lang="zh-CN">中文</button>' in body and 'lang="en"' in body
        assert 'value="mn"' in body and 'aria-current="true">ᠮᠣᠩᠭᠣᠯ</button>' in body


@pytest.mark.django_db
def test_chinese_pages_do_not_load_the_mongolian_style(client, dalate):
    body = client.get(reverse("public_home")).content.decode()
    assert '<html lang="zh-CN">' in body
    assert "mongolian.css" not in body
    assert "ᠮᠣᠩᠭᠣᠯ</button>" in body  # the switch names Mongolian in its own script


@pytest.mark.django_db
def test_the_switch_keeps_the_page_and_the_cookie_remembers(client, dalate):
    submit = reverse("opinions:submit")
    response = client.post(reverse("set_language"), {"language": "mn", "next": submit})
    assert response.status_code == 302 and response["Location"] == submit
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "mn"
    body = client.get(submit).content.decode()
    assert '<html lang="mn-Mong"' in body and "ᠰᠠᠨᠠᠯ ᠥᠭᠬᠦ" in body
    client.post(reverse("set_language"), {"language": "zh-hans", "next": submit})
    assert '<html lang="zh-CN">' in client.get(submit).content.decode()


@pytest.mark.django_db
def test_rendered_shells_are_kept_per_language(client, dalate):
    """The home page and 我要建言 are served from shells (ADR 0007): each language has its own."""
    categories_ensure()
    for url in (reverse("public_home"), reverse("opinions:submit")):
        for _ in range(2):  # the second request of each language is served from its shell
            for code, marker in (("zh-hans", "跳到正文"), ("mn", "ᠭᠣᠯ ᠠᠭᠤᠯᠭ᠎ᠠ"), ("en", "Skip")):
                client.cookies[settings.LANGUAGE_COOKIE_NAME] = code
                body = client.get(url).content.decode()
                assert marker in body, (url, code)


@pytest.mark.django_db
def test_validation_messages_are_in_the_traditional_script(mongolian, dalate, category):
    """Django's own "mn" catalogue is Cyrillic; ours replaces the messages a public form shows."""
    data = public_form_data(dalate, category, title="")
    body = mongolian.post(reverse("opinions:submit"), data).content.decode()
    assert "ᠡᠨᠡ ᠲᠠᠯᠪᠤᠷ" in body  # "This field is required."
    assert not re.search("[\u0400-\u04ff]", body), "Cyrillic on a traditional-script page"


# --- a submission in Mongolian script -------------------------------------------------------
# Free variation selector (U+180B), vowel separator (U+180E) and narrow no-break space (U+202F).
MN_TITLE = "ᠭᠠᠵᠠᠷ\u202fᠤᠨ ᠵᠠᠮ ᠢ ᠰᠠᠢᠵᠢᠷᠠᠭᠤᠯᠬᠤ ᠰᠠᠨᠠᠯ"
MN_CONTENT = "ᠪᠢᠳᠡᠨ\u202fᠦ ᠭᠠᠴᠠᠭ\u180eᠠ ᠶᠢᠨ ᠵᠠᠮ ᠮᠠᠭᠤ᠂ ᠬᠤᠷ\u180eᠠ ᠣᠷᠣᠬᠤ ᠳᠤ ᠤᠰᠤ ᠬᠤᠷᠠᠨ᠎ᠠ᠃ ᠭ\u180bᠠᠵᠠᠷ"


@pytest.mark.django_db
def test_a_mongolian_submission_round_trips_through_the_desk(
    mongolian, client, dalate, category, staff_dalate
):
    data = public_form_data(
        dalate, category, title=MN_TITLE, content=MN_CONTENT, submitter_name="ᠪᠠᠲᠤ"
    )
    response = mongolian.post(reverse("opinions:submit"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    receipt = mongolian.get(response["Location"]).content.decode()
    assert '<html lang="mn-Mong"' in receipt and "ᠪᠠᠶᠢᠴᠠᠭᠠᠬᠤ ᠺᠣᠳ" in receipt
    opinion = Opinion.objects.get()
    assert (opinion.title, opinion.content, opinion.submitter_name) == (
        MN_TITLE,
        MN_CONTENT,
        "ᠪᠠᠲᠤ",
    )
    # a second one alike: similar-item detection runs on the desk page
    mongolian.post(
        reverse("opinions:submit"),
        public_form_data(dalate, category, title=MN_TITLE + " ᠬᠣᠶᠠᠷ", content=MN_CONTENT),
    )
    staff = client.__class__()
    staff.force_login(staff_dalate)
    detail = staff.get(reverse("opinions:desk_detail", args=[opinion.pk]))
    assert detail.status_code == 200
    html = detail.content.decode()
    assert MN_TITLE in html and MN_CONTENT in html
    found = staff.get(reverse("opinions:inbox"), {"q": "ᠭᠠᠵᠠᠷ\u202fᠤᠨ"})
    assert found.status_code == 200 and MN_TITLE in found.content.decode()
    assert staff.get(reverse("opinions:inbox"), {"q": "ᠭ\u180bᠠᠵᠠᠷ"}).status_code == 200


# --- reference names ------------------------------------------------------------------------
@pytest.mark.django_db
def test_committees_and_banners_have_mongolian_names_shown_on_mongolian_pages(
    client, mongolian, dalate
):
    dalate.refresh_from_db()
    assert MONGOLIAN.search(dalate.name_mn) and MONGOLIAN.search(dalate.short_name_mn)
    assert dalate.region.name_mn == dalate.short_name_mn
    categories_ensure()
    body = mongolian.get(reverse("opinions:submit")).content.decode()
    assert dalate.short_name_mn in body and ">达拉特旗<" not in body
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    body = client.get(reverse("opinions:submit")).content.decode()
    assert ">达拉特旗<" in body and dalate.short_name_mn not in body


@pytest.mark.django_db
def test_without_a_mongolian_name_the_chinese_one_is_shown(dalate):
    dalate.short_name_mn = ""
    with translation.override("mn"):
        assert dalate.local_short_name == "达拉特旗"
    dalate.refresh_from_db()
    with translation.override("mn"):
        assert dalate.local_short_name == dalate.short_name_mn
    with translation.override("zh-hans"):
        assert dalate.local_short_name == "达拉特旗"


@pytest.mark.django_db
def test_the_desk_marks_mongolian_text_for_its_font(client, dalate, category, staff_dalate):
    response = client.post(
        reverse("opinions:submit"),
        public_form_data(dalate, category, title=MN_TITLE, content=MN_CONTENT),
    )
    assert response.status_code == 302
    client.force_login(staff_dalate)
    opinion = Opinion.objects.get()
    html = client.get(reverse("opinions:desk_detail", args=[opinion.pk])).content.decode()
    assert f'lang="mn-Mong">{MN_TITLE}</h1>' in html
    assert f'lang="mn-Mong">{MN_CONTENT}</div>' in html
    assert "mongolian.css" not in html  # the desk stays Chinese; portal.css names the font
