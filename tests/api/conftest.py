"""API test helpers: a DRF client per role, authenticated by a real device token (made by the
service, so the authentication class is exercised on every request)."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from accounts.models import User
from api.services import api_token_create


def token_for(user) -> str:
    return api_token_create(user=user, name="测试手机", mfa_passed=True).raw


def client_for(user) -> APIClient:
    client = APIClient()
    if user is not None:
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {token_for(user)}")
    return client


@pytest.fixture
def api_users(make_user, dalate, zhungeer, member_user):
    """One 达拉特旗 user per role, plus a 准格尔旗 staff member (another committee's office)."""
    return {
        "anonymous": None,
        "citizen": make_user(User.Role.CITIZEN, None, username="api_citizen"),
        "member": member_user,
        "staff": make_user(User.Role.STAFF, dalate, username="api_staff"),
        "other_staff": make_user(User.Role.STAFF, zhungeer, username="api_staff_zge"),
        "leader": make_user(User.Role.LEADER, dalate, username="api_leader"),
        "department": make_user(User.Role.DEPARTMENT, dalate, username="api_dept"),
        "admin": make_user(User.Role.ADMIN, None, username="api_admin"),
    }


@pytest.fixture
def api_clients(api_users):
    return {role: client_for(user) for role, user in api_users.items()}


# the opinions tests' fixtures: categories, media in a temporary directory, items made through
# the services
from tests.opinions.conftest import (  # noqa: E402, F401
    _opinions_cache_clear,
    categories,
    category,
    co_opinion_given,
    dept_co,
    dept_co_user,
    dept_lead,
    dept_lead_user,
    distinct_adopted,
    distinct_forwarded,
    make_member_item,
    make_public,
    media_root,
    member_item,
    other_member_user,
    public_opinion,
)
