"""Security headers on every HTML page of the portal, for every role that may open it.

The pages are the rows of the authorization matrix (every named URL) whose GET answers 200, plus
allauth's pages (login, sign-up, password, two-factor, sessions). Each HTML answer must carry the
Content Security Policy (nonce-based, no 'unsafe-inline'), nosniff, DENY framing, a referrer
policy, and — for anybody signed in, and for the public receipt and tracking pages, which show a
tracking code, its key and a submitter's case — ``Cache-Control: no-store``. The page itself must
not need 'unsafe-inline': every <script> has a src and the response's nonce, no inline event
handlers, no style attributes or <style> blocks without the nonce.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.urls import NoReverseMatch, reverse

from opinions import services
from opinions.models import Channel
from tests.opinions.conftest import public_form_data
from tests.opinions.factories import categories_ensure
from tests.security.conftest import PNG, ROLES
from tests.security.test_authorization_matrix import ROUTES, expected_for, named_urls, urls_for

pytestmark = pytest.mark.usefixtures("frozen_now")

NONCE = re.compile(r"'nonce-([A-Za-z0-9+/=]+)'")
DATA_SCRIPT_TYPES = {"application/json", "application/ld+json", "text/template"}


def csp_directives(header: str) -> dict[str, list[str]]:
    directives = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0]] = words[1:]
    return directives


class InlineCode(HTMLParser):
    """What in a page would need 'unsafe-inline' (or a nonce) under the CSP."""

    def __init__(self):
        super().__init__()
        self.scripts: list[dict] = []
        self.style_blocks: list[dict] = []
        self.style_attributes: list[str] = []
        self.handlers: list[str] = []
        self.javascript_urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "script":
            self.scripts.append(attributes)
        elif tag == "style":
            self.style_blocks.append(attributes)
        for name, value in attrs:
            if name == "style":
                self.style_attributes.append(f"<{tag} style={value!r}>")
            elif name.startswith("on"):
                self.handlers.append(f"<{tag} {name}=…>")
            elif name in ("href", "src", "action") and (value or "").strip().lower().startswith(
                "javascript:"
            ):
                self.javascript_urls.append(f"<{tag} {name}={value!r}>")

    handle_startendtag = handle_starttag


def header_problems(response, *, signed_in: bool, needs_no_store: bool = False) -> list[str]:
    problems = []
    if response.get("X-Content-Type-Options") != "nosniff":
        problems.append("X-Content-Type-Options is not nosniff")
    if "text/html" not in response.get("Content-Type", ""):
        return problems  # a download, an image, JSON: nosniff is what matters
    if response.get("X-Frame-Options") != "DENY":
        problems.append(f"X-Frame-Options: {response.get('X-Frame-Options')}")
    # same-origin everywhere; a page whose address is a secret (an observer's pass) sends none
    if response.get("Referrer-Policy") not in ("same-origin", "no-referrer"):
        problems.append(f"Referrer-Policy: {response.get('Referrer-Policy')}")
    if response.get("Cross-Origin-Opener-Policy") != "same-origin":
        problems.append(f"Cross-Origin-Opener-Policy: {response.get('Cross-Origin-Opener-Policy')}")
    if (signed_in or needs_no_store) and "no-store" not in response.get("Cache-Control", ""):
        problems.append(f"Cache-Control without no-store: {response.get('Cache-Control')}")

    header = response.get("Content-Security-Policy")
    if not header:
        return [*problems, "no Content-Security-Policy header"]
    csp = csp_directives(header)
    for directive, value in (
        ("object-src", ["'none'"]),
        ("base-uri", ["'self'"]),
        ("frame-ancestors", ["'none'"]),
    ):
        if csp.get(directive) != value:
            problems.append(f"CSP {directive} is {csp.get(directive)}, not {value}")
    for directive in ("default-src", "script-src", "style-src"):
        if "'unsafe-inline'" in csp.get(directive, []) or "'unsafe-eval'" in csp.get(directive, []):
            problems.append(f"CSP {directive} allows unsafe code: {csp.get(directive)}")
    nonces = set(NONCE.findall(" ".join(csp.get("script-src", []))))

    page = InlineCode()
    page.feed(response.content.decode())
    if any(script.get("nonce") for script in page.scripts) and not nonces:
        problems.append("the page's scripts carry a nonce but the CSP script-src has none")
    for script in page.scripts:
        if script.get("type") in DATA_SCRIPT_TYPES:
            continue
        src = script.get("src")
        if src is not None:
            # script-src 'self': only the portal's own files (a path, not another host)
            if not src.startswith("/") or src.startswith("//"):
                problems.append(f"<script> from another origin: {src}")
        elif script.get("nonce") not in nonces:
            problems.append(f"inline <script> without the response's nonce: {script}")
    style_nonces = set(NONCE.findall(" ".join(csp.get("style-src", []))))
    for block in page.style_blocks:
        if block.get("nonce") not in style_nonces:
            problems.append(f"<style> without the response's nonce: {block}")
    # Nonces do not cover style attributes, event handlers or javascript: URLs.
    problems += [f"inline style needs 'unsafe-inline': {s}" for s in page.style_attributes]
    problems += [f"inline event handler: {h}" for h in page.handlers]
    problems += [f"javascript: URL: {u}" for u in page.javascript_urls]
    return problems


@pytest.fixture
def published_activity_with_photo(world):
    """The public feed shows photos only of confirmed, published activities."""
    from django.core.files.base import ContentFile

    from liaison.models import ActivityPhoto
    from tests.workstations.factories import ActivityFactory

    activity = ActivityFactory(reporter=world["in"].member, status="confirmed", is_public=True)
    photo = ActivityPhoto(
        activity=activity,
        token="f" * 32,
        original_name="p.png",
        content_type="image/png",
        size=len(PNG),
    )
    photo.file.save("p.png", ContentFile(PNG), save=False)
    photo.save()
    return activity


def test_every_page_of_the_portal(world, role_clients, published_activity_with_photo):
    problems, checked = [], 0
    for name, route in sorted(ROUTES.items()):
        urls = urls_for(name, route, world)
        for role in ROLES:
            for scope, url in urls.items():
                if expected_for(route.get[role], scope) != 200:
                    continue
                response = role_clients[role].get(url)
                assert response.status_code == 200, (url, role)
                checked += 1
                for problem in header_problems(response, signed_in=role != "anonymous"):
                    problems.append(f"{name} [{role}] {url}: {problem}")
    assert checked > 100
    assert not problems, "\n".join(sorted(set(problems)))


ALLAUTH_ARGS = {
    "account_confirm_email": {"key": "bad-key"},
    "account_reset_password_from_key": {"uidb36": "zz", "key": "bad-key"},
}


@pytest.mark.parametrize("role", ["anonymous", "citizen", "staff"])
def test_every_account_page(role, role_clients):
    """allauth's pages: login, sign-up, password reset and change, two-factor, sessions."""
    client = role_clients[role]
    problems, checked = [], 0
    for name, pattern in named_urls():
        if not pattern.callback.__module__.startswith("allauth."):
            continue
        try:
            url = reverse(name, kwargs=ALLAUTH_ARGS.get(name))
        except NoReverseMatch:
            continue
        response = client.get(url)
        assert response.status_code < 500, (url, role)
        if response.status_code != 200:
            continue
        checked += 1
        for problem in header_problems(response, signed_in=role != "anonymous"):
            problems.append(f"{name} [{role}] {url}: {problem}")
    assert checked >= 3
    assert not problems, "\n".join(problems)


def test_login_and_signup_pages_are_among_them(client, db):
    for name in ("account_login", "account_signup", "account_reset_password"):
        response = client.get(reverse(name))
        assert response.status_code == 200
        assert not header_problems(response, signed_in=False), name


# --- the public pages that show a case: never cached ----------------------------------------
def test_public_receipt_and_tracking_pages_are_not_stored(client, dalate, db):
    categories = categories_ensure()
    response = client.get(reverse("opinions:submit"))
    assert not header_problems(response, signed_in=False, needs_no_store=True)
    response = client.post(reverse("opinions:submit"), public_form_data(dalate, categories[0]))
    assert response.status_code == 302 and response["Location"] == reverse("opinions:receipt")

    receipt = client.get(reverse("opinions:receipt"))
    assert receipt.status_code == 200
    assert not header_problems(receipt, signed_in=False, needs_no_store=True)

    track = client.get(reverse("opinions:track"))
    assert not header_problems(track, signed_in=False, needs_no_store=True)

    opinion, key = services.opinion_submit_public(
        channel=Channel.WEB,
        committee=dalate,
        title="路灯不亮",
        content="小区路灯坏了。",
        category=categories[0],
        submitter_name="李四",
        submitter_phone="13912345678",
        submitter_email="",
        consent=True,
    )
    result = client.post(reverse("opinions:track"), {"code": opinion.tracking_code, "key": key})
    assert result.status_code == 200 and 'id="public-status"' in result.content.decode()
    assert not header_problems(result, signed_in=False, needs_no_store=True)


# --- the checker itself can fail --------------------------------------------------------------
def test_the_checker_finds_inline_code(rf):
    from django.http import HttpResponse

    response = HttpResponse(
        '<p style="color:red" onclick="x()">x</p><script>alert(1)</script>'
        '<a href="javascript:void(0)">a</a><style>p{}</style>'
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["X-Frame-Options"] = "DENY"
    response["Referrer-Policy"] = "same-origin"
    response["Cross-Origin-Opener-Policy"] = "same-origin"
    response["Content-Security-Policy"] = (
        "default-src 'self'; script-src 'self' 'unsafe-inline'; object-src 'none'; "
        "base-uri 'self'; frame-ancestors 'none'"
    )
    problems = " | ".join(header_problems(response, signed_in=True))
    for expected in (
        "unsafe code",
        "inline <script> without",
        "<style> without",
        "inline style",
        "event handler",
        "javascript:",
        "no-store",
    ):
        assert expected in problems, expected
