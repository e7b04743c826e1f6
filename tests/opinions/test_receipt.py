"""A committed submission always shows its receipt, and anonymous visitors write no session:
the receipt travels in a short-lived encrypted cookie (never the URL, never a session row), and
nothing that fails after the commit — the cache, an on-commit step — turns it into an error."""

import re

import pytest
from django.contrib.sessions.models import Session
from django.core.cache import caches
from django.urls import reverse
from redis.exceptions import ConnectionError as RedisConnectionError

from opinions import services
from opinions.models import Opinion
from tests.opinions.conftest import public_form_data

SUBMIT = reverse("opinions:submit")
RECEIPT = reverse("opinions:receipt")
TRACK = reverse("opinions:track")
COOKIE = "opinion_receipt"  # opinions.receipts.COOKIE


def receipt_key(html: str) -> str | None:
    match = re.search(r'id="lookup-key">([A-Z0-9-]+)<', html)
    return match.group(1) if match else None


def break_the_cache(monkeypatch):
    def down(*args, **kwargs):
        raise RedisConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    cache = caches["default"]
    for method in ("get", "set", "add", "incr", "delete", "get_many", "set_many", "touch"):
        monkeypatch.setattr(cache, method, down)


@pytest.mark.django_db
class TestNoSessionForAnonymousVisitors:
    def test_form_submit_and_receipt_write_no_session(self, client, dalate, category):
        assert client.get(SUBMIT).status_code == 200
        response = client.post(SUBMIT, public_form_data(dalate, category))
        assert response.status_code == 302 and response["Location"] == RECEIPT
        page = client.get(RECEIPT)
        assert Opinion.objects.get().tracking_code in page.content.decode()
        assert receipt_key(page.content.decode())
        assert not Session.objects.exists()

    def test_the_receipt_offers_to_copy_the_code_and_the_key(self, client, dalate, category):
        client.post(SUBMIT, public_form_data(dalate, category))
        html = client.get(RECEIPT).content.decode()
        assert 'data-copy="#tracking-code"' in html and 'data-copy="#lookup-key"' in html
        assert "复制查询密码" in html

    def test_tracking_writes_no_session(self, client, public_opinion):
        client.get(TRACK)
        client.post(TRACK, {"code": public_opinion.tracking_code, "key": "WRONG"})
        client.post(TRACK, {"code": public_opinion.tracking_code, "key": public_opinion.lookup_key})
        assert not Session.objects.exists()

    def test_the_key_is_in_neither_the_url_nor_a_readable_cookie(self, client, dalate, category):
        response = client.post(SUBMIT, public_form_data(dalate, category))
        key = receipt_key(client.get(RECEIPT).content.decode())
        assert key and key not in response["Location"]
        cookie = response.cookies[COOKIE]
        assert key not in cookie.value and key.replace("-", "") not in cookie.value
        assert cookie["httponly"] and cookie["samesite"] == "Strict"

    def test_a_forged_cookie_shows_nothing(self, client):
        client.cookies[COOKIE] = "gAAAAABforged"
        response = client.get(RECEIPT)
        assert response.status_code == 302 and response["Location"] == TRACK


@pytest.mark.django_db(transaction=True)
class TestReceiptWheneverCommitted:
    def test_cache_failing_after_the_commit(self, client, dalate, category, monkeypatch, settings):
        settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"  # as with Redis
        real = services.opinion_submit_public

        def then_the_cache_goes(**kwargs):
            result = real(**kwargs)
            break_the_cache(monkeypatch)
            return result

        monkeypatch.setattr(services, "opinion_submit_public", then_the_cache_goes)
        response = client.post(SUBMIT, public_form_data(dalate, category))
        assert response.status_code == 302
        html = client.get(RECEIPT).content.decode()
        opinion = Opinion.objects.get()
        assert opinion.tracking_code in html
        assert services.check_lookup_key(opinion, receipt_key(html))

    def test_an_on_commit_step_failing(self, client, dalate, category, monkeypatch):
        """Whatever runs on commit (enqueueing the notices) may fail: the opinion is saved."""
        from notifications import tasks as outbox_tasks

        def enqueue(message_id):
            raise OSError("broker unreachable")

        monkeypatch.setattr(outbox_tasks, "outbox_enqueue", enqueue)
        response = client.post(SUBMIT, public_form_data(dalate, category))
        assert response.status_code == 302
        html = client.get(RECEIPT).content.decode()
        opinion = Opinion.objects.get()
        assert opinion.tracking_code in html
        assert services.check_lookup_key(opinion, receipt_key(html))

    def test_a_failure_before_the_commit_is_not_hidden(self, client, dalate, category, monkeypatch):
        def fails(**kwargs):
            raise RuntimeError("database gone")

        monkeypatch.setattr(services, "opinion_submit_public", fails)
        client.raise_request_exception = True
        with pytest.raises(RuntimeError):
            client.post(SUBMIT, public_form_data(dalate, category))


@pytest.mark.django_db
def test_cache_down_the_whole_time(client, dalate, category, monkeypatch, public_opinion):
    """Rate limits and CAPTCHA degrade (allow) instead of answering 500."""
    break_the_cache(monkeypatch)
    assert client.get(SUBMIT).status_code == 200
    response = client.post(SUBMIT, public_form_data(dalate, category))
    assert response.status_code == 302
    assert receipt_key(client.get(RECEIPT).content.decode())
    assert Opinion.objects.count() == 2
    tracked = client.post(
        TRACK, {"code": public_opinion.tracking_code, "key": public_opinion.lookup_key}
    )
    assert tracked.status_code == 200 and 'id="public-status"' in tracked.content.decode()
    wrong = client.post(TRACK, {"code": public_opinion.tracking_code, "key": "WRONG"})
    assert wrong.status_code == 200
