"""The account-security middleware's rule for an account that must change the initial password
the administrator set: every page sends it to the password page, except the paths that refuse it
themselves in their own format (the APP's API: a 403 problem, tests/api/test_tokens.py)."""

import pytest
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.db import SessionStore
from django.http import HttpResponse
from django.urls import reverse

from accounts.middleware import AccountSecurityMiddleware
from accounts.models import User


def _through_middleware(rf, user, path):
    request = rf.get(path)
    request.user = user
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    return AccountSecurityMiddleware(lambda request: HttpResponse("the view"))(request)


@pytest.mark.parametrize(
    ("path", "reaches_the_view"),
    [
        ("/api/v1/me/profile/", True),
        ("/api/v1/staff/opinions/", True),
        ("/api/v1/no-such-operation/", True),  # the API's own 404 problem
        ("/api/v1/docs/", False),  # the API's documentation is a page
        ("/api/tokens/", False),  # so is the device-token page
        ("/api/v1", False),  # not under /api/v1/
        ("/apiv1/", False),
        ("/", False),
        ("/workstations/", False),
    ],
)
def test_pages_go_to_the_password_page_and_the_api_answers_itself(
    rf, staff_dalate, path, reaches_the_view
):
    User.objects.filter(pk=staff_dalate.pk).update(must_change_password=True)
    staff_dalate.refresh_from_db()
    response = _through_middleware(rf, staff_dalate, path)
    if reaches_the_view:
        assert response.status_code == 200 and response.content == b"the view"
    else:
        assert response.status_code == 302
        assert response["Location"] == reverse("account_change_password")


def test_an_account_with_its_own_password_reaches_every_page(rf, staff_dalate):
    assert _through_middleware(rf, staff_dalate, "/api/v1/docs/").content == b"the view"
