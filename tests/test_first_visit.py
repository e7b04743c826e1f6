"""A first visit to a public page (no cookie but the language, no query string) is sent from
``core.shells.FirstVisitShellMiddleware`` straight to the view through the middleware its
response needs, once the page has been served from its shell to such a visit: the page and its
headers must be what the whole middleware stack gives, and anything that makes a request
someone's own must take the whole stack."""

from http.cookies import SimpleCookie
from unittest import mock

import pytest
from django.conf import settings
from django.contrib.sessions.middleware import SessionMiddleware
from django.test import Client

from core.memo import forget_local
from tests.test_public_shells import (
    PAGES,
    blanked,
    categories,  # noqa: F401 (fixture)
    public_data,  # noqa: F401 (fixture)
    served_from_shell,
    tokens,
)

pytestmark = pytest.mark.django_db

# headers whose value is this request's own
OWN = {"Content-Security-Policy", "Expires"}


@pytest.fixture
def whole_stack_only():
    """Fails a request that goes through the session middleware (the whole stack)."""
    return mock.patch.object(
        SessionMiddleware, "process_request", side_effect=AssertionError("the whole stack ran")
    )


@pytest.fixture
def short_chain_only():
    """Fails a request that goes through the short chain (the view called without resolving)."""
    return mock.patch(
        "core.shells.FirstVisitShellMiddleware._view",
        side_effect=AssertionError("the short chain ran"),
    )


def visit(url, language=None, **extra):
    browser = Client()
    if language:
        browser.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return browser.get(url, **extra)


def headers(response) -> dict:
    return {name: value for name, value in response.headers.items() if name not in OWN}


@pytest.mark.parametrize("language", [None, "mn", "en"])
@pytest.mark.parametrize("url", PAGES)
def test_a_first_visit_takes_the_short_chain_and_gets_the_same_page(
    public_data,  # noqa: F811
    url,
    language,
    whole_stack_only,
    short_chain_only,
    django_assert_max_num_queries,
):
    rendered = visit(url, language)  # rendered, its shell kept
    with short_chain_only:
        from_shell = visit(url, language)  # served from the shell through the whole stack
    assert served_from_shell(from_shell)
    with whole_stack_only, django_assert_max_num_queries(0):
        short = visit(url, language)
    assert short.status_code == 200
    assert blanked(short.content.decode()) == blanked(from_shell.content.decode())
    assert blanked(short.content.decode()) == blanked(rendered.content.decode())
    assert headers(short) == headers(from_shell)
    # the request's own values are new and belong together
    assert set(short.cookies) == {settings.CSRF_COOKIE_NAME}
    cookie, again = (
        short.cookies[settings.CSRF_COOKIE_NAME],
        from_shell.cookies[settings.CSRF_COOKIE_NAME],
    )
    assert cookie.value != again.value
    assert {key: cookie[key] for key in ("path", "samesite", "httponly", "secure")} == {
        key: again[key] for key in ("path", "samesite", "httponly", "secure")
    }
    (nonce,) = tokens(short.content.decode())["nonce"]
    assert f"'nonce-{nonce}'" in short["Content-Security-Policy"]
    assert short["Content-Security-Policy"].replace(nonce, "…") == from_shell[
        "Content-Security-Policy"
    ].replace(tokens(from_shell.content.decode())["nonce"].pop(), "…")
    assert short.get("Cache-Control") == from_shell.get("Cache-Control")
    assert "Cookie" in short["Vary"] and "Accept-Language" in short["Vary"]


@pytest.mark.parametrize("url", PAGES)
@pytest.mark.parametrize(
    "cookie, query",
    [
        ({settings.SESSION_COOKIE_NAME: "x" * 32}, ""),  # perhaps signed in
        ({"messages": "x"}, ""),  # perhaps a message to show
        ({settings.CSRF_COOKIE_NAME: "x" * 32}, ""),  # has posted a form before
        ({}, "?committee=1"),  # a link with a query string
    ],
)
def test_anything_that_may_make_the_page_someone_s_own_takes_the_whole_stack(
    public_data,  # noqa: F811
    url,
    cookie,
    query,
    short_chain_only,
):
    visit(url), visit(url)  # the route is known
    browser = Client()
    browser.cookies = SimpleCookie(cookie)
    with short_chain_only:
        assert browser.get(url + query).status_code == 200


def test_a_signed_in_user_never_gets_the_visitor_s_page(client, citizen, public_data):  # noqa: F811
    url = PAGES[0]
    visit(url), visit(url)
    client.force_login(citizen)
    response = client.get(url)
    assert response.status_code == 200 and not served_from_shell(response)
    assert response.wsgi_request.user == citizen


@pytest.mark.parametrize("url", PAGES)
def test_a_host_not_allowed_is_refused_on_the_short_chain_too(public_data, url):  # noqa: F811
    visit(url), visit(url)
    assert visit(url, HTTP_HOST="evil.example").status_code == 400


def test_a_post_takes_the_whole_stack(public_data, short_chain_only):  # noqa: F811
    url = PAGES[1]
    visit(url), visit(url)
    with short_chain_only:
        assert Client().post(url, {}).status_code in (200, 400, 403)


def test_the_route_is_forgotten_with_the_shells(public_data, short_chain_only):  # noqa: F811
    url = PAGES[0]
    visit(url), visit(url)
    forget_local()
    with short_chain_only:
        assert visit(url).status_code == 200  # rendered again through the whole stack


@pytest.mark.parametrize("url", [PAGES[1], PAGES[2]])
def test_a_form_from_the_short_chain_submits(settings, dalate, categories, url, whole_stack_only):  # noqa: F811
    """The CSRF cookie and token and the form's tokens the short chain hands out are good."""
    from opinions.models import Opinion
    from tests.opinions.conftest import public_form_data

    settings.SUBMISSION_MIN_SECONDS = 0
    visit(url), visit(url)
    browser = Client(enforce_csrf_checks=True)
    with whole_stack_only:
        page = browser.get(url)
    found = tokens(page.content.decode())
    data = public_form_data(
        dalate,
        categories[0],
        csrfmiddlewaretoken=found["csrf"].pop(),
        started=found["started"],
        token=found["token"],
    )
    response = browser.post(url, data)
    assert response.status_code == 302, response
    opinion = Opinion.objects.get()
    assert not opinion.is_spam and opinion.flag_reasons == []
