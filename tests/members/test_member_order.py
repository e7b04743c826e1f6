"""Members in pinyin order (ADR 0014): the sort key kept with the name, the directory and the
co-member picker ordered by it, the picker finding a name by its pinyin initials."""

import importlib
import re

from django.apps import apps
from django.urls import reverse

from members import services
from members.models import Member
from tests.members.factories import MemberFactory

# Pinyin order; 闫 and 芮 are outside GB2312's pinyin-ordered characters, 曾 is read as a surname.
ORDER = ["蔡亮", "芮成", "王琪", "王伟", "闫俊", "曾红"]


def _make(committee):
    return [MemberFactory(committee=committee, name=name) for name in reversed(ORDER)]


def test_the_services_keep_the_key_with_the_name(dalate, staff_dalate):
    member = services.member_create(
        by=staff_dalate,
        committee=dalate,
        name="曾红",
        gender=Member.Gender.FEMALE,
        level=Member.Level.BANNER,
    )
    assert member.sort_key == "zeng1 hong2"
    services.member_update(member=member, by=staff_dalate, name="蔡红")
    member.refresh_from_db()
    assert member.sort_key == "cai4 hong2"


def test_the_data_migration_fills_existing_rows(dalate):
    _make(dalate)
    Member.objects.update(sort_key="")
    migration = importlib.import_module("members.migrations.0004_member_sort_key")
    migration.fill_sort_keys(apps, None)
    assert list(Member.objects.filter(committee=dalate).values_list("name", flat=True)) == ORDER


def test_the_directory_lists_members_in_pinyin_order(client, dalate, staff_dalate):
    _make(dalate)
    client.force_login(staff_dalate)
    page = client.get(reverse("members:directory"), {"committee": dalate.pk}).content.decode()
    shown = [name for name in re.findall(r"(?:蔡亮|芮成|王琪|王伟|闫俊|曾红)", page)]
    assert list(dict.fromkeys(shown)) == ORDER


def test_the_co_member_picker_is_in_pinyin_order_and_finds_initials(client, dalate, member_user):
    _make(dalate)
    client.force_login(member_user)
    page = client.get(reverse("liaison:activity_new")).content.decode()
    select = re.search(r'<select name="co_members".*?</select>', page, re.S).group(0)
    assert "data-picker=" in select
    options = re.findall(r'<option value="\d+"([^>]*)>([^<]+)</option>', select)
    names = [label.split("（")[0] for _attrs, label in options]
    assert [n for n in names if n in ORDER] == ORDER
    assert "王委员" not in names  # not oneself
    keywords = dict((label.split("（")[0], attrs) for attrs, label in options)
    assert 'data-keywords="zenghong zh"' in keywords["曾红"]
