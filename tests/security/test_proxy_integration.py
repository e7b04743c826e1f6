"""Behind a real reverse proxy (BEHIND_PROXY): a small HTTP proxy in front of the live server
appends each client's address to X-Forwarded-For, as nginx's ``proxy_add_x_forwarded_for`` does.
Clients connect from different loopback addresses. One client's failed logins — with a forged
X-Forwarded-For of its own — lock out neither another client nor the owner."""

from __future__ import annotations

import http.client
import http.server
import re
import threading
import urllib.parse
from http.cookies import SimpleCookie

import pytest
from django.urls import reverse

from accounts.models import User
from audit.models import AuditLog
from tests.members.factories import TEST_PASSWORD

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

LOGIN = reverse("account_login")


class _Proxy(http.server.BaseHTTPRequestHandler):
    upstream: tuple[str, int]

    def log_message(self, *args):
        pass

    def _forward(self):
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        headers = {k: v for k, v in self.headers.items() if k.lower() != "connection"}
        forwarded = headers.pop("X-Forwarded-For", "")
        headers["X-Forwarded-For"] = ", ".join(
            part for part in (forwarded, self.client_address[0]) if part
        )
        headers["X-Forwarded-Proto"] = "http"
        upstream = http.client.HTTPConnection(*self.upstream, timeout=30)
        upstream.request(self.command, self.path, body=body, headers=headers)
        response = upstream.getresponse()
        payload = response.read()
        self.send_response(response.status)
        for key, value in response.getheaders():
            if key.lower() not in ("connection", "transfer-encoding", "content-length"):
                self.send_header(key, value)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)
        upstream.close()

    do_GET = do_POST = _forward


@pytest.fixture
def proxy(live_server, settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.TRUSTED_PROXY_COUNT = 1
    upstream = urllib.parse.urlsplit(live_server.url)
    handler = type("Proxy", (_Proxy,), {"upstream": (upstream.hostname, upstream.port)})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


class Browser:
    """A client at its own loopback address, keeping its cookies."""

    def __init__(self, port: int, address: str, forged: str = ""):
        self.port, self.address, self.forged = port, address, forged
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, data: dict | None = None):
        conn = http.client.HTTPConnection(
            "127.0.0.1", self.port, timeout=30, source_address=(self.address, 0)
        )
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if self.forged:
            headers["X-Forwarded-For"] = self.forged
        body = None
        if data is not None:
            body = urllib.parse.urlencode(data)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://127.0.0.1:{self.port}{path}"
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        text = response.read().decode("utf-8", "replace")
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        conn.close()
        return response.status, text

    def log_in(self, username: str, password: str) -> int:
        _, page = self.request("GET", LOGIN)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        status, _ = self.request(
            "POST",
            LOGIN,
            {"login": username, "password": password, "csrfmiddlewaretoken": token},
        )
        return status


def test_one_client_behind_the_proxy_locks_out_no_one_else(proxy, make_user, dalate):
    make_user(User.Role.STAFF, dalate, username="proxy_staff")
    attacker = Browser(proxy, "127.0.0.5", forged="192.0.2.1")
    for n in range(20):
        attacker.forged = f"192.0.2.{n}"  # a new forged address every time: no fresh budget
        assert attacker.log_in(f"guess{n}", "Wrong-Password-1") == 200
    assert attacker.log_in("proxy_staff", TEST_PASSWORD) == 200  # refused
    colleague = Browser(proxy, "127.0.0.6")
    assert colleague.log_in("proxy_staff", TEST_PASSWORD) == 302
    failures = AuditLog.objects.filter(action="login_failed")
    assert set(failures.values_list("ip_address", flat=True)) == {"127.0.0.5"}
    assert AuditLog.objects.get(action="login").ip_address == "127.0.0.6"
