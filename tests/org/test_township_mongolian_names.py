"""Issue 16: 苏木乡镇 carry an optional Mongolian name (``Region.name_mn``), filled for a sample by
the reference data, and shown on the Mongolian pages where one is set — the public form's place
select (with and without JavaScript), the 委员之家 directory's filter, list and page — while the
others keep their Chinese name, and Chinese pages are unchanged."""

import html
import json

import pytest
from django.conf import settings
from django.urls import reverse

from org.models import Region
from org.reference import TOWNSHIP_MONGOLIAN_NAMES, reference_data_load
from tests.opinions.factories import categories_ensure
from tests.workstations.factories import WorkstationFactory

pytestmark = pytest.mark.django_db

SUMU = "展旦召苏木"  # a 达拉特旗 苏木 with a Mongolian name
SUMU_MN = TOWNSHIP_MONGOLIAN_NAMES[SUMU]
TOWN = "树林召镇"  # a 达拉特旗 town without one


def in_language(client, code):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = code
    return client


def test_reference_data_names_some_townships_and_keeps_an_edit(dalate):
    sumu = Region.objects.get(name=SUMU)
    assert sumu.level == Region.Level.TOWNSHIP and sumu.name_mn == SUMU_MN
    assert Region.objects.get(name=TOWN).name_mn == ""
    named = Region.objects.filter(level=Region.Level.TOWNSHIP).exclude(name_mn="")
    assert named.count() == len(TOWNSHIP_MONGOLIAN_NAMES)  # every name matches a township
    Region.objects.filter(pk=sumu.pk).update(name_mn="ᠵᠠᠨᠳᠠᠨ ᠵᠣᠣ")
    reference_data_load()
    assert Region.objects.get(pk=sumu.pk).name_mn == "ᠵᠠᠨᠳᠠᠨ ᠵᠣᠣ"  # an administrator's edit


def test_the_public_forms_place_select_names_them_in_mongolian(client, dalate):
    categories_ensure()
    page = in_language(client, "mn").get(reverse("opinions:submit")).content.decode()
    assert f">{SUMU_MN}</option>" in page and f">{SUMU}</option>" not in page
    assert f">{TOWN}</option>" in page  # no Mongolian name: the Chinese one
    page = in_language(client, "zh-hans").get(reverse("opinions:submit")).content.decode()
    assert f">{SUMU}</option>" in page and SUMU_MN not in page


def test_the_places_json_is_in_the_pages_language(client, dalate):
    url = reverse("opinions:regions", args=[dalate.pk])
    response = in_language(client, "mn").get(url)
    labels = [r["label"] for r in json.loads(response.content)["regions"]]
    assert SUMU_MN in labels and f"{SUMU_MN} · 展旦召嘎查" in labels and TOWN in labels
    assert "Cookie" in response["Vary"]  # a shared cache keeps one per language
    labels = [
        r["label"] for r in json.loads(in_language(client, "zh-hans").get(url).content)["regions"]
    ]
    assert SUMU in labels and f"{SUMU} · 展旦召嘎查" in labels


def test_the_directory_shows_them_in_mongolian(client, dalate):
    sumu = Region.objects.get(name=SUMU)
    workstation = WorkstationFactory(committee=dalate, region=sumu, name="展旦召委员之家")
    mongolian = in_language(client, "mn")
    page = html.unescape(mongolian.get(reverse("workstations:directory")).content.decode())
    assert f">{dalate.short_name_mn}·{SUMU_MN}</option>" in page  # the filter
    assert f">{dalate.name_mn}</option>" in page and ">达拉特旗政协</option>" not in page
    assert f"{dalate.short_name_mn} · {SUMU_MN}" in page  # the row
    detail = mongolian.get(reverse("workstations:detail", args=[workstation.pk])).content.decode()
    assert SUMU_MN in detail and SUMU not in detail.replace("展旦召委员之家", "")
    page = in_language(client, "zh-hans").get(reverse("workstations:directory")).content.decode()
    assert f">达拉特旗·{SUMU}</option>" in page and SUMU_MN not in page
