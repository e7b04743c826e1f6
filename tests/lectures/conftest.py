import datetime

import pytest

from accounts.models import User
from tests.lectures.factories import approved_offering
from tests.members.factories import MemberUserFactory


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def lecturer(dalate):
    return MemberUserFactory(committee=dalate, name="张讲师")


@pytest.fixture
def colleague(dalate):
    return MemberUserFactory(committee=dalate, name="赵委员")


@pytest.fixture
def offering(lecturer, staff_dalate):
    return approved_offering(lecturer, staff_dalate)


@pytest.fixture
def today(frozen_now):
    return datetime.date(2026, 6, 15)


@pytest.fixture
def staff_user(make_user, dalate):
    return make_user(User.Role.STAFF, dalate, username="lect_staff")
