"""The CSRF secrets' generator (core.csrf) and the CSP middleware that keeps its policy text
(core.csp): the same tokens and headers as Django's and django-csp's own, made cheaper."""

import collections
import string

import django.middleware.csrf
import pytest
from csp.middleware import CSPMiddleware as DjangoCSPMiddleware
from csp.utils import build_policy
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils.http import parse_http_date
from django.views.decorators.cache import never_cache as djangos

from core import csrf
from core.csp import CSPMiddleware
from core.http import never_cache

CHARS = string.ascii_letters + string.digits  # Django's CSRF_ALLOWED_CHARS


# --- core.csrf ------------------------------------------------------------------------------
def test_django_csrf_draws_from_it():
    assert django.middleware.csrf.get_random_string is csrf.random_string
    secret = django.middleware.csrf._get_new_csrf_string()
    assert len(secret) == 32 and set(secret) <= set(CHARS)


def test_a_masked_token_unmasks_to_its_secret_as_djangos():
    assert django.middleware.csrf._mask_cipher_secret is csrf.mask_cipher_secret
    secret = django.middleware.csrf._get_new_csrf_string()
    token = django.middleware.csrf._mask_cipher_secret(secret)
    assert len(token) == 64 and set(token) <= set(CHARS)
    assert django.middleware.csrf._unmask_cipher_token(token) == secret
    mask = token[:32]  # Django's own arithmetic, with str.index
    expected = "".join(
        CHARS[(CHARS.index(x) + CHARS.index(y)) % len(CHARS)]
        for x, y in zip(secret, mask, strict=True)
    )
    assert token[32:] == expected
    assert django.middleware.csrf._mask_cipher_secret(secret)[:32] != mask  # a new mask


def test_each_character_is_uniform():
    counts = collections.Counter("".join(csrf.random_string(62, CHARS) for _ in range(1000)))
    assert set(counts) == set(CHARS)
    assert all(800 < n < 1200 for n in counts.values())  # 1000 expected, sd ≈ 31


@pytest.mark.parametrize("alphabet", ["abc", "аbc"])  # ASCII (translate) and not (the loop)
def test_bytes_past_the_last_whole_alphabet_are_dropped(monkeypatch, alphabet):
    """With 3 characters, byte 255 would make the first one likelier: it is skipped."""
    reads = iter([bytes([255, 0, 1, 2, 255, 255, 4, 255, 255, 255, 255, 255])])
    monkeypatch.setattr(csrf.secrets, "token_bytes", lambda n: next(reads))
    a, b, c = alphabet
    assert csrf.random_string(4, alphabet) == a + b + c + b


@pytest.mark.parametrize("alphabet", ["abc", "аbc"])
def test_a_short_read_is_topped_up(monkeypatch, alphabet):
    reads = iter([bytes([255] * 12), bytes([1, 2] + [0] * 10)])
    monkeypatch.setattr(csrf.secrets, "token_bytes", lambda n: next(reads))
    a, b, c = alphabet
    assert csrf.random_string(4, alphabet) == b + c + a + a


@pytest.mark.django_db
def test_csrf_is_still_enforced_on_the_public_form(ref):
    browser = Client(enforce_csrf_checks=True)
    page = browser.get(reverse("opinions:submit"))
    assert page.status_code == 200 and "csrftoken" in page.cookies
    assert browser.post(reverse("opinions:submit"), {"title": "x"}).status_code == 403
    stranger = Client(enforce_csrf_checks=True)
    token = page.content.decode().split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    refused = stranger.post(reverse("opinions:submit"), {"csrfmiddlewaretoken": token})
    assert refused.status_code == 403  # a token without its cookie
    accepted = browser.post(reverse("opinions:submit"), {"csrfmiddlewaretoken": token})
    assert accepted.status_code == 200  # past CSRF: the form's own errors


# --- core.csp -------------------------------------------------------------------------------
def respond(middleware_class, *, nonce=True, **attributes):
    request = RequestFactory().get("/")
    middleware = middleware_class(lambda r: HttpResponse())
    middleware.process_request(request)
    if nonce:
        str(request.csp_nonce)
    response = HttpResponse()
    for name, value in attributes.items():
        setattr(response, name, value)
    return request, middleware.process_response(request, response)


def directives(header):
    return sorted(part.strip() for part in header.split(";"))


@pytest.mark.parametrize("nonce", [True, False])
def test_the_header_is_django_csps(nonce):
    request, response = respond(CSPMiddleware, nonce=nonce)
    _, theirs = respond(DjangoCSPMiddleware, nonce=nonce)
    expected = build_policy(nonce=request._csp_nonce if nonce else None)
    assert directives(response["Content-Security-Policy"]) == directives(expected)
    if nonce:
        assert f"'nonce-{request._csp_nonce}'" in response["Content-Security-Policy"]
    else:
        assert "nonce-" not in response["Content-Security-Policy"]
        assert directives(response["Content-Security-Policy"]) == directives(
            theirs["Content-Security-Policy"]
        )


def test_each_response_gets_its_own_nonce():
    first, one = respond(CSPMiddleware)
    second, two = respond(CSPMiddleware)
    assert first._csp_nonce != second._csp_nonce
    assert f"'nonce-{second._csp_nonce}'" in two["Content-Security-Policy"]
    assert first._csp_nonce not in two["Content-Security-Policy"]


def test_a_response_with_its_own_policy_is_django_csps():
    _, response = respond(CSPMiddleware, _csp_update={"img-src": ["https://example.org"]})
    assert "https://example.org" in response["Content-Security-Policy"]


def test_an_exempt_response_or_a_set_header_is_left_alone():
    _, exempt = respond(CSPMiddleware, _csp_exempt=True)
    assert "Content-Security-Policy" not in exempt
    request = RequestFactory().get("/")
    middleware = CSPMiddleware(lambda r: HttpResponse())
    middleware.process_request(request)
    own = HttpResponse(headers={"Content-Security-Policy": "default-src 'none'; sandbox"})
    assert middleware.process_response(request, own)["Content-Security-Policy"] == (
        "default-src 'none'; sandbox"
    )


def test_a_settings_change_is_followed(settings):
    respond(CSPMiddleware)  # the text is kept
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"default-src": ["'none'"]}}
    _, response = respond(CSPMiddleware)
    assert response["Content-Security-Policy"] == "default-src 'none'"
    del settings.CONTENT_SECURITY_POLICY
    settings.CONTENT_SECURITY_POLICY_REPORT_ONLY = {"DIRECTIVES": {"default-src": ["'self'"]}}
    _, response = respond(CSPMiddleware)
    assert "Content-Security-Policy" not in response
    assert response["Content-Security-Policy-Report-Only"] == "default-src 'self'"


def test_a_nonce_asked_for_after_the_header_is_an_error():
    request, _ = respond(CSPMiddleware, nonce=False)
    with pytest.raises(Exception, match="after the CSP header"):
        str(request.csp_nonce)


# --- core.http.never_cache -----------------------------------------------------------------
@pytest.mark.parametrize("existing", [{}, {"Cache-Control": "public, max-age=600"}])
def test_never_cache_sends_djangos_headers(existing):
    def view(request):
        return HttpResponse(headers=existing)

    request = RequestFactory().get("/")
    ours, theirs = never_cache(view)(request), djangos(view)(request)
    assert ours["Cache-Control"] == theirs["Cache-Control"]
    assert (
        ours["Expires"] == theirs["Expires"]
        or abs(parse_http_date(ours["Expires"]) - parse_http_date(theirs["Expires"])) <= 1
    )
