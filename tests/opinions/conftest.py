"""Fixtures for the opinions tests: categories, private media in a temporary directory, the
public form's data with a fill timer started a minute ago, and opinions made through the
services (so each has its events and lookup key)."""

import time
import uuid

import pytest
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
    return abuse.timer_token(time.time() - seconds_ago)


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


# --- part 2: departments and forwarding (tests/opinions/test_handling_*.py) ---------------------
# A submitter whose details are easy to spot in any rendered page or file.
DISTINCT_NAME = "欧阳娜仁花"
DISTINCT_PHONE = "13687654321"
DISTINCT_EMAIL = "naren.ouyang@example.org"


@pytest.fixture
def dept_lead(dalate):
    from tests.opinions.factories import DepartmentFactory

    return DepartmentFactory(committee=dalate, name="达拉特旗住房和城乡建设局")


@pytest.fixture
def dept_co(dalate):
    from tests.opinions.factories import DepartmentFactory

    return DepartmentFactory(committee=dalate, name="达拉特旗交通运输局")


@pytest.fixture
def dept_alt(dalate):
    from tests.opinions.factories import DepartmentFactory

    return DepartmentFactory(committee=dalate, name="达拉特旗自然资源局")


@pytest.fixture
def dept_lead_user(make_user, dalate, dept_lead):
    return make_user("department", dalate, department=dept_lead, username="dept_lead")


@pytest.fixture
def dept_co_user(make_user, dalate, dept_co):
    return make_user("department", dalate, department=dept_co, username="dept_co")


@pytest.fixture
def dept_alt_user(make_user, dalate, dept_alt):
    return make_user("department", dalate, department=dept_alt, username="dept_alt")


@pytest.fixture
def distinct_adopted(make_public, dalate, staff_dalate):
    """A 达拉特旗 public opinion with a distinctive submitter, adopted; ``.lookup_key`` is set."""
    opinion, key = make_public(
        dalate,
        title="树林召镇排水管网改造",
        submitter_name=DISTINCT_NAME,
        submitter_phone=DISTINCT_PHONE,
        submitter_email=DISTINCT_EMAIL,
    )
    opinion = services.opinion_adopt(opinion=opinion, by=staff_dalate, level="banner")
    opinion.lookup_key = key
    return opinion


@pytest.fixture
def distinct_forwarded(
    distinct_adopted, staff_dalate, dept_lead, dept_co, dept_lead_user, dept_co_user
):
    """``distinct_adopted`` forwarded to 住建局 (lead) and 交通运输局 (co)."""
    from opinions import services

    services.opinion_forward(
        opinion=distinct_adopted,
        by=staff_dalate,
        lead=dept_lead,
        co=[dept_co],
        due_date=services.default_due_date(),
        cover_note="请研究办理。",
    )
    distinct_adopted.refresh_from_db()
    return distinct_adopted


@pytest.fixture
def co_opinion_given(distinct_forwarded, dept_co_user):
    """The co-handler (交通运输局) of ``distinct_forwarded`` has signed and given its 协办意见, so
    the lead's reply may be accepted."""
    from opinions import services
    from opinions.models import Forwarding

    co = distinct_forwarded.forwardings.get(role=Forwarding.Role.CO)
    services.forwarding_sign(forwarding=co, by=dept_co_user)
    return services.forwarding_give_opinion(
        forwarding=co, by=dept_co_user, text="同意主办单位的办理意见。"
    )
