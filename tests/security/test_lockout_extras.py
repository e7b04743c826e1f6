"""The login lockout counts an account once, whether named by username or by phone, and attempts
refused during a lockout are audited."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from audit.models import AuditLog


@pytest.fixture(autouse=True)
def _clean_cache():
    cache.clear()
    yield
    cache.clear()


def test_username_and_phone_share_one_failure_counter(client, staff_dalate):
    staff_dalate.phone = "13700001111"
    staff_dalate.save(update_fields=["phone"])
    url = reverse("account_login")
    for i in range(5):
        login = staff_dalate.username if i % 2 else staff_dalate.phone
        client.post(url, {"login": login, "password": "wrong-password-1A!"})
    # the sixth try is refused even with the right password, by either name
    response = client.post(url, {"login": staff_dalate.phone, "password": "irrelevant"})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert AuditLog.objects.filter(action="login_locked_out").exists()
