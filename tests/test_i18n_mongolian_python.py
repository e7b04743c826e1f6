"""Issue 16: what the public pages say from Python is in Mongolian script on the Mongolian pages
— the menu's labels (dashboards.navigation, some with a context), the activity types the 委员动态
page shows, and the labels and help of the forms a citizen fills in on the 协商议事 and 委员讲堂
pages. The template check of tests/test_i18n_mongolian.py does not see these."""

import re

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from consultations.forms import SignUpForm
from consultations.lecture_forms import OrderForm, RatingForm, WithdrawForm
from consultations.lecture_models import LectureField, LectureOrder, LectureOrderEvent
from consultations.models import Consultation, Observer, Outcome
from dashboards.navigation import MENU, PUBLIC, Link
from ledger.models import ActivityType
from members.models import Member
from workstations.models import DutyShift, Workstation, WorkstationMember

MONGOLIAN = re.compile("[\u1800-\u18af]")
CHINESE = re.compile("[\u4e00-\u9fff]")


def test_every_public_menu_label_is_mongolian():
    public = [entry for entry in MENU if isinstance(entry, Link) and entry.perm == PUBLIC]
    assert len(public) >= 7
    with translation.override("mn"):
        missing = [str(link.label) for link in public if not MONGOLIAN.search(str(link.label))]
    assert not missing, missing


# The choices a public page shows with get_…_display (or lists in a filter): the 委员动态
# page's activity types; the 委员之家 directory and page; 协商议事 and its observer pass; the
# 委员讲堂 menu, order form and order page.
PUBLIC_CHOICES = [
    ActivityType,
    Workstation.Kind,
    Workstation.Status,
    WorkstationMember.Role,
    DutyShift.Kind,
    Member.Level,
    Consultation.Kind,
    Consultation.Status,
    Observer.Status,
    Outcome.Status,
    LectureField,
    LectureOrder.Requester,
    LectureOrder.Status,
    LectureOrder.Rating,
    LectureOrderEvent.Kind,
]


@pytest.mark.parametrize("choices", PUBLIC_CHOICES, ids=lambda c: c.__qualname__)
def test_every_public_choice_is_mongolian(choices):
    with translation.override("mn"):
        missing = [str(label) for label in choices.labels if not MONGOLIAN.search(str(label))]
    assert not missing, missing


@pytest.mark.parametrize("form_class", [SignUpForm, OrderForm, RatingForm, WithdrawForm])
def test_the_public_consultation_and_lecture_forms_are_mongolian(form_class):
    with translation.override("mn"):
        missing = [
            f"{name}: {text}"
            for name, field in form_class.base_fields.items()
            for text in (field.label, field.help_text)
            if text and not MONGOLIAN.search(str(text))
        ]
    assert not missing, missing


@pytest.mark.django_db
def test_the_mongolian_home_pages_menu_has_no_chinese(client, dalate):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "mn"
    page = client.get(reverse("public_home")).content.decode()
    menu = page[page.index('id="mainNav"') : page.index("</nav>", page.index('id="mainNav"'))]
    assert "/jiangtang/" in menu and "ᠭᠡᠰᠢᠭᠦᠨ\u202fᠦ ᠰᠤᠷᠭᠠᠯ\u202fᠤᠨ ᠲᠠᠨᠬᠢᠮ" in menu
    assert not CHINESE.search(menu), CHINESE.findall(menu)


@pytest.mark.django_db
def test_chinese_data_on_a_mongolian_page_is_marked_chinese(client, dalate):
    """What staff wrote (a 委员之家's name and address) stays Chinese on the Mongolian pages and
    says so (screen readers, the upright setting in the vertical layout); on the Chinese pages
    it needs no mark, and text in Mongolian script is marked Mongolian everywhere."""
    from tests.workstations.factories import WorkstationFactory

    workstation = WorkstationFactory(committee=dalate, name="树林召镇委员之家", address="ᠬᠣᠲᠠ 1")
    url = reverse("workstations:detail", args=[workstation.pk])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "mn"
    page = client.get(url).content.decode()
    assert '<h1 class="h3"><span lang="zh-CN">树林召镇委员之家</span>' in page
    assert '<span lang="mn-Mong">ᠬᠣᠲᠠ 1</span>' in page
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    page = client.get(url).content.decode()
    assert '<h1 class="h3">树林召镇委员之家' in page and 'lang="zh-CN">树林召镇' not in page
    assert '<span lang="mn-Mong">ᠬᠣᠲᠠ 1</span>' in page
