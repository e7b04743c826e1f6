"""Issue 16: the categories carry an optional Mongolian name (migration 0016 fills the eleven
defaults), and the 我要建言 and 政协信箱 forms name the categories and the 旗区 of each 委员之家
in Mongolian on the Mongolian pages, in Chinese on the Chinese ones."""

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from opinions.models import Category
from tests.workstations.factories import WorkstationFactory

pytestmark = pytest.mark.django_db


def in_language(client, code):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = code
    return client


def test_the_default_categories_have_mongolian_names(categories):
    named = Category.objects.exclude(name_mn="")
    assert named.count() == len(categories) == 11
    education = Category.objects.get(name="教育")
    with translation.override("mn"):
        assert education.local_name == "ᠪᠣᠯᠪᠠᠰᠤᠷᠠᠯ"
    with translation.override("zh-hans"):
        assert education.local_name == "教育"


def test_the_forms_name_categories_and_banners_in_the_pages_language(client, categories, dalate):
    Category.objects.filter(name="其他").update(name_mn="")  # none: the Chinese name
    WorkstationFactory(committee=dalate, name="树林召镇委员之家")
    for url in (reverse("opinions:submit"), reverse("opinions:mailbox")):
        page = in_language(client, "mn").get(url).content.decode()
        assert ">ᠪᠣᠯᠪᠠᠰᠤᠷᠠᠯ</option>" in page and ">教育</option>" not in page, url
        assert ">其他</option>" in page
        page = in_language(client, "zh-hans").get(url).content.decode()
        assert ">教育</option>" in page and "ᠪᠣᠯᠪᠠᠰᠤᠷᠠᠯ" not in page, url
    page = in_language(client, "mn").get(reverse("opinions:mailbox")).content.decode()
    assert f">{dalate.short_name_mn} · 树林召镇委员之家</option>" in page
    page = in_language(client, "zh-hans").get(reverse("opinions:mailbox")).content.decode()
    assert ">达拉特旗 · 树林召镇委员之家</option>" in page
