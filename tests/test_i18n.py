"""Simplified Chinese by default; English when the browser or the language cookie asks for it."""

import gettext
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

EN_MO = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.mo"
EN_PO = EN_MO.with_suffix(".po")


def _english_catalogue():
    if not EN_PO.parent.parent.exists():
        pytest.skip("no English translation yet: locale/en does not exist")
    if not EN_MO.exists():
        pytest.skip(
            "locale/en has no compiled django.mo; run `manage.py compilemessages` "
            "(.ci/run does this before the tests)"
        )
    with EN_MO.open("rb") as handle:
        return gettext.GNUTranslations(handle)


@pytest.mark.parametrize("accept_language", [None, "fr-FR,fr;q=0.9", "zh-CN,zh;q=0.9"])
def test_chinese_by_default(client, db, accept_language):
    headers = {"HTTP_ACCEPT_LANGUAGE": accept_language} if accept_language else {}
    response = client.get(reverse("public_home"), **headers)
    body = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="zh-CN">' in body
    assert "跳到正文" in body
    assert "English" in body  # the language switch offers English


def test_login_page_is_chinese_by_default(client, db):
    body = client.get(reverse("account_login")).content.decode()
    assert '<html lang="zh-CN">' in body
    assert "用户名或手机号码" in body


def _translated(catalogue, msgid):
    text = catalogue.gettext(msgid)
    assert text != msgid, f"{msgid!r} has no English translation in {EN_PO}"
    return text


def test_english_with_accept_language(client, db):
    catalogue = _english_catalogue()
    response = client.get(reverse("public_home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    body = response.content.decode()
    assert '<html lang="en">' in body
    assert _translated(catalogue, "跳到正文") in body
    assert "跳到正文" not in body


def test_english_with_language_cookie(client, db):
    catalogue = _english_catalogue()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    body = client.get(reverse("account_login")).content.decode()
    assert '<html lang="en">' in body
    assert _translated(catalogue, "用户名或手机号码") in body


def test_set_language_view_switches_to_english(client, db):
    catalogue = _english_catalogue()
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"}, follow=True)
    assert response.status_code == 200
    assert _translated(catalogue, "跳到正文") in response.content.decode()
