"""Fixtures for the opinions tests: categories, private media in a temporary directory, the
public form's data with a fill timer started a minute ago, and opinions made through the
services (so each has its events and lookup key)."""

import time
import uuid

import pytest
from django.core import signing
from django.core.cache import cache

from opinions import abuse, services
from opinions.models import Channel
from tests.members.factories import MemberUserFactory
from tests.opinions.factories import categories_ensure

PHONE = "13912345678"


@pytest.fixture(autouse=True)
def _opinions_cache_clear():
    """Rate limits and CAPTCHA answers live in the cache (locmem in tests)."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


@pytest.fixture
def categories(db):
    return categories_ensure()


@pytest.fixture
def category(categories):
    return categories[1]  # 民生保障


def timer_started(seconds_ago: float = 60) -> str:
    """The signed fill timer the form renders, as if the page had been opened ``seconds_ago``."""
    return signing.dumps(time.time() - seconds_ago, salt=abuse.TIMER_SALT)


def public_form_data(committee, category, **overrides) -> dict:
    data = {
        "title": "东胜区某小区门前道路积水",
        "content": "情况：每逢下雨门前积水。分析：排水管道堵塞。建议：疏通并改造排水管网。",
        "category": category.pk,
        "committee": committee.pk,
        "region": "",
        "submitter_name": "李四",
        "submitter_phone": PHONE,
        "submitter_email": "lisi@example.com",
        "consent": "on",
        "website": "",
        "started": timer_started(),
        "token": uuid.uuid4().hex,
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


@pytest.fixture
def make_public(category):
    """``make_public(committee, **fields)`` → (opinion, lookup key), through the service."""

    def make(committee, **fields):
        values = {
            "channel": Channel.WEB,
            "committee": committee,
            "title": "关于增设公交站点的建议",
            "content": "情况：小区附近没有公交站。建议：增设站点。",
            "category": category,
            "submitter_name": "李四",
            "submitter_phone": PHONE,
            "submitter_email": "",
            "consent": True,
        }
        values.update(fields)
        return services.opinion_submit_public(**values)

    return make


@pytest.fixture
def public_opinion(make_public, dalate):
    """A 达拉特旗 我要建言 opinion (status submitted); ``.lookup_key`` holds its key."""
    opinion, key = make_public(dalate)
    opinion.lookup_key = key
    return opinion


@pytest.fixture
def other_member_user(dalate):
    return MemberUserFactory(committee=dalate, name="赵委员", user__username="member_dalate2").user


@pytest.fixture
def make_member_item(category):
    """``make_member_item(user, submit=True, **fields)``: a member's 社情民意 item."""

    def make(user, *, submit=True, **fields):
        values = {
            "title": "牧区饮水安全问题",
            "content": "部分嘎查饮水井水质不达标。",
            "analysis": "水源单一，净化设备老化。",
            "suggestion": "更新净化设备，增设备用水源。",
            "category": category,
        }
        values.update(fields)
        opinion = services.opinion_save_draft(by=user, author=user.member, **values)
        if submit:
            opinion = services.opinion_submit_member(opinion=opinion, by=user)
        return opinion

    return make


@pytest.fixture
def member_item(make_member_item, member_user):
    """A submitted 社情民意 item of the 达拉特旗 member ``member_user``."""
    return make_member_item(member_user)
