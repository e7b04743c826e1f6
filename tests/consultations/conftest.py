import datetime

import pytest
from django.utils import timezone

from accounts.models import User
from tests.consultations.factories import ConsultationFactory
from tests.members.factories import MemberUserFactory


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def office(make_user, dalate):
    return make_user(User.Role.STAFF, dalate, username="consult_staff")


@pytest.fixture
def office_out(make_user, zhungeer):
    return make_user(User.Role.STAFF, zhungeer, username="consult_staff_out")


@pytest.fixture
def invitees(dalate, member_user):
    """The 达拉特旗 member with an account, and a colleague with one."""
    return [member_user.member, MemberUserFactory(committee=dalate, name="李委员")]


@pytest.fixture
def event(dalate):
    """A public open day of 达拉特旗, planned three days ahead, three places."""
    return ConsultationFactory(committee=dalate)


@pytest.fixture
def held_event(dalate):
    """An event that started an hour ago (so it may be recorded as held)."""
    start = timezone.now() - datetime.timedelta(hours=1)
    return ConsultationFactory(
        committee=dalate, starts_at=start, ends_at=start + datetime.timedelta(hours=2)
    )
