"""The public pages every visitor gets alike — home, 我要建言, 政协信箱, the 委员之家 directory —
are rendered once and then served from their shell with this request's CSRF token, CSP nonce
and form tokens (core.views.PublicShellMixin): the page must be the one a render would give,
its tokens must work, and anything that makes a page someone's own must skip the shell."""

import re

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from opinions.models import Category, Opinion
from tests.opinions.conftest import public_form_data
from tests.opinions.factories import categories_ensure
from tests.utils import unlabelled_controls
from tests.workstations.factories import WorkstationFactory

pytestmark = pytest.mark.django_db

HOME, SUBMIT = reverse("public_home"), reverse("opinions:submit")
MAILBOX, DIRECTORY = reverse("opinions:mailbox"), reverse("workstations:directory")
PAGES = [HOME, SUBMIT, MAILBOX, DIRECTORY]

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
NONCE = re.compile(r'nonce="([^"]+)"')
FORM_TOKENS = re.compile(r'name="(started|token)" value="([^"]+)"')


def tokens(html: str) -> dict:
    return {
        "csrf": set(CSRF.findall(html)),
        "nonce": set(NONCE.findall(html)),
        **{name: value for name, value in FORM_TOKENS.findall(html)},
    }


def blanked(html: str) -> str:
    html = CSRF.sub('name="csrfmiddlewaretoken" value="…"', html)
    html = NONCE.sub('nonce="…"', html)
    return FORM_TOKENS.sub(r'name="\1" value="…"', html)


def served_from_shell(response) -> bool:
    return response.templates == []  # nothing was rendered for it


@pytest.fixture
def categories(db):
    return categories_ensure()


@pytest.fixture
def category(categories):
    return categories[1]


@pytest.fixture
def public_data(ref, categories):
    WorkstationFactory.create_batch(3, committee=ref["dalate"])


@pytest.mark.parametrize("url", PAGES)
def test_the_shell_serves_the_rendered_page_with_fresh_tokens(client, public_data, url):
    rendered, served = client.get(url), client.get(url)
    assert rendered.status_code == served.status_code == 200
    assert not served_from_shell(rendered) and served_from_shell(served)
    assert blanked(served.content.decode()) == blanked(rendered.content.decode())
    first, again = tokens(rendered.content.decode()), tokens(served.content.decode())
    assert len(again["csrf"]) == 1 and len(again["nonce"]) == 1
    for name, value in first.items():
        assert again[name] != value, name  # each request gets its own
    # the nonce in the page is the one in this response's policy
    (nonce,) = again["nonce"]
    assert f"'nonce-{nonce}'" in served["Content-Security-Policy"]
    assert served.get("Cache-Control") == rendered.get("Cache-Control")
    assert unlabelled_controls(served.content.decode()) == []


@pytest.mark.parametrize("url", [SUBMIT, MAILBOX])
def test_a_form_served_from_its_shell_submits(settings, dalate, categories, url):
    settings.SUBMISSION_MIN_SECONDS = 0
    Client().get(url)  # another visitor had the page rendered
    browser = Client(enforce_csrf_checks=True)
    page = browser.get(url)  # this one's first visit: no CSRF cookie yet
    assert served_from_shell(page)
    assert browser.cookies[settings.CSRF_COOKIE_NAME].value
    found = tokens(page.content.decode())
    data = public_form_data(
        dalate,
        categories[0],
        csrfmiddlewaretoken=found["csrf"].pop(),
        started=found["started"],
        token=found["token"],
    )
    response = browser.post(url, data)
    assert response.status_code == 302 and response["Location"] == reverse("opinions:receipt")
    opinion = Opinion.objects.get()
    assert not opinion.is_spam and opinion.flag_reasons == []  # the fill timer was a real one


def test_two_visitors_get_different_dedupe_tokens(client, categories):
    """The dedupe token tells a double click from a second submission: never shared."""
    seen = {tokens(Client().get(SUBMIT).content.decode())["token"] for _ in range(3)}
    assert len(seen) == 3


@pytest.mark.parametrize("url", [SUBMIT, MAILBOX])
def test_a_category_added_or_retired_shows_at_once(client, categories, url):
    client.get(url), client.get(url)
    category = Category.objects.create(name="新增类别", order=99)
    assert "新增类别" in client.get(url).content.decode()
    category.is_active = False
    category.save()
    assert "新增类别" not in client.get(url).content.decode()


def test_a_new_workstation_shows_in_the_directory_and_the_mailbox(client, public_data, dalate):
    client.get(DIRECTORY), client.get(MAILBOX)
    WorkstationFactory(committee=dalate, name="新开的委员之家")
    assert "新开的委员之家" in client.get(DIRECTORY).content.decode()
    assert "新开的委员之家" in client.get(MAILBOX).content.decode()


@pytest.mark.parametrize("url", PAGES)
def test_signed_in_users_get_their_own_page(client, citizen, public_data, url):
    client.get(url)  # a visitor's shell exists
    client.force_login(citizen)
    for _ in range(2):
        response = client.get(url)
        assert not served_from_shell(response)
        assert reverse("dashboards:citizen") in response.content.decode()  # their menu


def test_a_pending_message_is_shown_not_the_shell(client, db):
    client.get(HOME), client.get(HOME)
    client.post(reverse("opinions:rate"), {"token": "expired"})  # "页面已过期…" for the next page
    response = client.get(HOME)
    assert not served_from_shell(response)
    assert "页面已过期" in response.content.decode()
    assert served_from_shell(client.get(HOME))


def test_a_visitor_asked_for_a_captcha_gets_it(client, dalate, category, settings):
    client.get(SUBMIT), client.get(SUBMIT)
    for _ in range(settings.SUBMISSION_CAPTCHA_AFTER):
        client.post(SUBMIT, public_form_data(dalate, category, title=""), REMOTE_ADDR="10.7.0.1")
    response = client.get(SUBMIT, REMOTE_ADDR="10.7.0.1")
    assert response.context["form"].need_captcha
    assert reverse("opinions:captcha", args=[response.context["form"].challenge]) in (
        response.content.decode()
    )
    assert "captcha-img" not in client.get(SUBMIT, REMOTE_ADDR="10.7.0.2").content.decode()


def test_a_link_with_a_query_string_is_rendered(client, public_data, dalate):
    workstation = WorkstationFactory(committee=dalate)
    client.get(MAILBOX), client.get(MAILBOX)
    response = client.get(MAILBOX, {"workstation": workstation.pk})
    assert not served_from_shell(response)
    assert response.context["form"].initial["workstation"] == workstation.pk


@pytest.mark.parametrize("url", PAGES)
def test_each_language_has_its_own_shell(client, public_data, url):
    client.get(url), client.get(url)
    english = Client()
    english.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    for _ in range(2):
        assert '<html lang="en">' in english.get(url).content.decode()
    assert '<html lang="zh-CN">' in client.get(url).content.decode()


@pytest.mark.parametrize("url", PAGES)
def test_served_from_the_shell_without_a_query(
    client, public_data, url, django_assert_max_num_queries
):
    with django_assert_max_num_queries(6):
        client.get(url)
    with django_assert_max_num_queries(0):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("url", PAGES)
def test_a_first_visit_creates_no_session_and_keeps_every_header(client, public_data, url):
    """What a visitor without cookies costs: no session row or cookie (nothing is written for
    an anonymous GET), one CSRF cookie, and the security headers of every page."""
    client.get(url)  # the shell
    fresh = Client()
    response = fresh.get(url)
    assert served_from_shell(response)
    assert settings.SESSION_COOKIE_NAME not in response.cookies
    assert not Session.objects.exists()
    assert set(response.cookies) == {settings.CSRF_COOKIE_NAME}
    nonce = tokens(response.content.decode())["nonce"].pop()
    assert f"'nonce-{nonce}'" in response["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
