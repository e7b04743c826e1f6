"""Schemathesis against the checked-in schema (docs/api/openapi.yaml), through the WSGI app:
for every operation a few generated requests (max_examples=5) as a member (token), an office
user (token) and nobody. No 5xx; every status, content type and body is the one the schema
documents (errors as application/problem+json); no response shows another committee's records
or another member's draft (``no_foreign_data``).

About 20 operations × 5 examples × 3 identities: longer than the normal suite's budget on a
shared machine, so it is marked ``integration`` (run by CI's integration job, or
``pytest -m integration tests/api/test_schemathesis.py``)."""

from __future__ import annotations

from pathlib import Path

import pytest
import schemathesis
from django.conf import settings as django_settings
from django.core import signals
from django.core.cache import cache
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from notifications.models import Notification
from opinions.models import Channel, Status
from tests.api.conftest import token_for
from tests.members.factories import MemberFactory
from tests.opinions.factories import OpinionFactory
from tests.workstations.factories import ActivityFactory

SCHEMA_FILE = Path(django_settings.BASE_DIR) / "docs" / "api" / "openapi.yaml"
schema = schemathesis.openapi.from_path(SCHEMA_FILE)
schema.app = get_wsgi_application()


@pytest.fixture(autouse=True)
def keep_the_test_transaction():
    """The WSGI handler closes an unusable or non-autocommit connection when a request ends
    (``close_old_connections``): inside the test's transaction on PostgreSQL that is the test's
    own connection. Django's test client disconnects the same receivers for its requests."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


# Records none of the three identities may see (another committee's, another member's draft):
# no response may contain their text, whatever the request.
FOREIGN = {
    "title": "准格尔旗不可外泄的建言",
    "phone": "13800009999",
    "activity": "准格尔旗委员的走访记录",
    "draft": "另一位委员的草稿",
    "notice": "准格尔旗办公室的通知",
}


def no_foreign_data(ctx, response, case):
    text = response.content.decode("utf-8", errors="replace")
    for marker in FOREIGN.values():
        if marker in text:
            raise AssertionError(f"{case.operation.label} answered with {marker!r}")


CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    no_foreign_data,
]


@pytest.fixture
def foreign_records(dalate, zhungeer, staff_zhungeer, make_user):
    OpinionFactory(
        committee=zhungeer,
        status=Status.SUBMITTED,
        title=FOREIGN["title"],
        submitter_phone=FOREIGN["phone"],
    )
    ActivityFactory(reporter=MemberFactory(committee=zhungeer), title=FOREIGN["activity"])
    OpinionFactory(
        committee=dalate,
        author=MemberFactory(committee=dalate),
        channel=Channel.MEMBER,
        status=Status.DRAFT,
        title=FOREIGN["draft"],
    )
    Notification.objects.create(user=staff_zhungeer, text=FOREIGN["notice"], link="/")


@pytest.fixture
def identities(member_user, staff_dalate, settings, foreign_records):
    settings.ALLOWED_HOSTS = ["*"]
    return {
        "anonymous": {},
        "member": {"Authorization": f"Bearer {token_for(member_user)}"},
        "staff": {"Authorization": f"Bearer {token_for(staff_dalate)}"},
    }


@pytest.mark.integration
@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=5,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_api_conforms_to_its_schema(case, identities):
    for headers in identities.values():
        cache.clear()  # the per-address limits of the public forms would answer 429 only
        case.call_and_validate(headers=headers, checks=CHECKS)
