"""With Redis down the public forms keep working: the rate limits, CAPTCHA answers and session
copies in the cache degrade (core.cache.FailSoftRedisCache) instead of failing the request, and a
committed submission shows its receipt."""

import pytest
from django.core.cache import cache
from django.test.utils import override_settings
from django.urls import reverse

from core import cache as cache_module
from opinions.models import Opinion
from tests.opinions.conftest import public_form_data


@pytest.fixture
def redis_cache_down(redis_process, monkeypatch):
    monkeypatch.setattr(cache_module, "RETRY_SECONDS", 0.0)  # try Redis on every call
    caches = {
        "default": {
            "BACKEND": "core.cache.FailSoftRedisCache",
            "LOCATION": redis_process.url,
            "OPTIONS": {"socket_connect_timeout": 0.3, "socket_timeout": 0.3},
        }
    }
    with override_settings(
        CACHES=caches, SESSION_ENGINE="django.contrib.sessions.backends.cached_db"
    ):
        cache.set("probe", "up", 30)
        assert cache.get("probe") == "up"  # really on the throwaway Redis
        redis_process.stop()
        yield


@pytest.mark.parametrize("url_name", ["opinions:submit", "opinions:mailbox", "opinions:track"])
def test_public_pages_load(client, db, categories, redis_cache_down, url_name):
    assert client.get(reverse(url_name)).status_code == 200


def test_a_submission_is_saved_and_its_receipt_shown(client, dalate, category, redis_cache_down):
    client.get(reverse("opinions:submit"))
    response = client.post(
        reverse("opinions:submit"), public_form_data(dalate, category), follow=True
    )
    assert response.status_code == 200
    opinion = Opinion.objects.get()
    assert opinion.tracking_code in response.content.decode()


def test_login_page_and_a_failed_login(client, db, redis_cache_down):
    """allauth's rate limits live in the cache too."""
    assert client.get(reverse("account_login")).status_code == 200
    response = client.post(reverse("account_login"), {"login": "nobody", "password": "x" * 12})
    assert response.status_code == 200
