"""The image CAPTCHA cannot be solved by re-rendering it: the noise comes from a seed that never
leaves the server (the challenge id in the page is not enough), and an image is served only for
a live challenge."""

import pytest
from django.urls import reverse

from opinions import abuse

pytestmark = pytest.mark.django_db


def image(client, challenge):
    return client.get(reverse("opinions:captcha", args=[challenge]))


def test_same_challenge_and_answer_do_not_give_the_same_image(monkeypatch):
    """What an attacker knows — the challenge id from the page, this code, even the answer — does
    not reproduce the image: two challenges with the same id and answer render differently."""
    monkeypatch.setattr(abuse.secrets, "token_urlsafe", lambda nbytes=None: "public-challenge")
    monkeypatch.setattr(abuse.secrets, "choice", lambda seq: seq[0])
    first = abuse.captcha_png(abuse.captcha_new())
    second = abuse.captcha_png(abuse.captcha_new())
    assert abuse.captcha_answer("public-challenge") == "22222"
    assert first is not None and second is not None
    assert first != second


def test_reloading_a_live_challenge_shows_the_same_image(client):
    """(No fresh noise per reload either, which would let a script average it away.)"""
    challenge = abuse.captcha_new()
    assert image(client, challenge).content == image(client, challenge).content


def test_image_only_for_a_live_challenge(client):
    challenge = abuse.captcha_new()
    response = image(client, challenge)
    assert response.status_code == 200 and response.content.startswith(b"\x89PNG")
    assert not abuse.captcha_check(challenge, "00000")  # a wrong try uses it up
    assert image(client, challenge).status_code == 404
    used = abuse.captcha_new()
    assert abuse.captcha_check(used, abuse.captcha_answer(used))
    assert image(client, used).status_code == 404
    assert not abuse.captcha_check(used, "whatever")


def test_nothing_but_the_challenge_id_is_in_the_page(client, settings, categories):
    settings.SUBMISSION_CAPTCHA_AFTER = 0
    html = client.get(reverse("opinions:submit")).content.decode()
    challenge = html.split('name="captcha_challenge" value="', 1)[1].split('"', 1)[0]
    entry = abuse._captcha_entry(challenge)
    assert entry["seed"] not in html
