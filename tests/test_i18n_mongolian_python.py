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
from consultations.models import Consultation, Observer, Outcome
from dashboards.navigation import MENU, PUBLIC, Link
from lectures.forms import OrderForm, RatingForm, WithdrawForm
from lectures.models import LectureField, LectureOrder, LectureOrderEvent
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


@pytest.mark.django_db
def test_staff_chinese_on_the_mongolian_consultation_pages_is_marked_chinese(
    client, dalate, staff_dalate, member_user, frozen_now
):
    """The 协商议事 event page and the observer's pass, the 委员讲堂 menu and the requester's
    order page, and the 典型经验 pages: what staff and members wrote in Chinese is inside an
    element with lang="zh-CN" on the Mongolian pages (script_span / lang_attr), and unmarked
    on the Chinese pages."""
    from consultations import services
    from showcases import services as showcase_services
    from tests.consultations.factories import ConsultationFactory
    from tests.lectures.factories import approved_offering, placed_order
    from tests.opinions.factories import DepartmentFactory

    event = ConsultationFactory(
        committee=dalate, title="树林召镇政协开放日", agenda="一、通报情况\n二、委员发言"
    )
    event.departments.set([DepartmentFactory(committee=dalate, name="达拉特旗交通运输局")])
    services.consultation_step(consultation=event, by=staff_dalate, action="open")
    observer = services.observer_sign_up(
        consultation=event, name="张小花", phone="13912345678", consent=True
    )
    offering = approved_offering(member_user.member, staff_dalate, title="家庭教育中的沟通")
    _order, token = placed_order(offering)
    showcase = showcase_services.showcase_create(
        by=staff_dalate,
        committee=dalate,
        title="委员走进嘎查",
        summary="委员编组下沉走访嘎查村。",
        body="第一段。",
    )
    showcase_services.showcase_publish(showcase=showcase, by=staff_dalate)
    pages = {
        reverse("consultations:public_list"): '<span lang="zh-CN">树林召镇政协开放日</span>',
        reverse("consultations:public_detail", args=[event.pk]): (
            '<h1 class="h4"><span lang="zh-CN">树林召镇政协开放日</span></h1>',
            '<li><span lang="zh-CN">达拉特旗交通运输局</span></li>',
            '<div class="small mb-3" lang="zh-CN"><p>一、通报情况<br>二、委员发言</p></div>',
        ),
        reverse("consultations:observer_pass", args=[observer.token]): (
            '<span lang="zh-CN">树林召镇政协开放日</span>'
        ),
        reverse("lectures:menu"): '<h2 class="h6"><span lang="zh-CN">家庭教育中的沟通</span>',
        reverse("lectures:track", args=[token]): '<span lang="zh-CN">家庭教育中的沟通</span>',
        reverse("showcase:list"): '<span lang="zh-CN">委员走进嘎查</span>',
        reverse("showcase:detail", args=[showcase.pk]): (
            '<h1 class="h3"><span lang="zh-CN">委员走进嘎查</span></h1>',
            '<p class="lead fs-6" lang="zh-CN">委员编组下沉走访嘎查村。</p>',
        ),
    }
    for language, marked in (("mn", True), ("zh-hans", False)):
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        for url, expected in pages.items():
            page = client.get(url).content.decode()
            for fragment in (expected,) if isinstance(expected, str) else expected:
                assert (fragment in page) is marked, (language, url, fragment)
            assert ('lang="zh-CN">树林召镇' in page) is (marked and "树林召镇" in page)


def test_lang_attr_marks_a_block_of_free_text():
    from core.templatetags.script import lang_attr

    with translation.override("mn"):
        assert lang_attr("第一段。") == ' lang="zh-CN"'
        assert lang_attr("ᠬᠣᠲᠠ") == ' lang="mn-Mong"'
        assert lang_attr("") == "" and lang_attr(None) == "" and lang_attr("2026") == ""
    with translation.override("zh-hans"):
        assert lang_attr("第一段。") == ""
