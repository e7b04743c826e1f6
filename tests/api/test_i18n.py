"""The API speaks the client's language as the pages do (Accept-Language; Chinese by default):
English for every message of its own, and Mongolian for what its public endpoints can answer a
citizen's app (issue 16's rule for the public pages, locale/mn)."""

from __future__ import annotations

import ast
import gettext
from pathlib import Path

import pytest
from django.conf import settings
from django.template.loader import get_template
from django.utils.translation.template import templatize
from rest_framework.test import APIClient

from tests.test_i18n_mongolian import CALL, MONGOLIAN, PLACEHOLDER

API = Path(settings.BASE_DIR) / "api"
GETTEXT = {"_", "gettext", "gettext_lazy", "ngettext", "ngettext_lazy"}
PROFILE = "/api/v1/me/profile/"
TRACK = "/api/v1/public/track/"


def _catalogue(language: str) -> gettext.GNUTranslations:
    mo = Path(settings.BASE_DIR) / "locale" / language / "LC_MESSAGES" / "django.mo"
    assert mo.exists(), f"{mo} is missing: run `manage.py compilemessages` and commit it"
    with mo.open("rb") as handle:
        return gettext.GNUTranslations(handle)


def _msgids(tree: ast.AST) -> set[str]:
    return {
        node.args[0].value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id in GETTEXT
        and node.args
        and isinstance(node.args[0], ast.Constant)
        and isinstance(node.args[0].value, str)
    }


def api_python_msgids() -> dict[str, str]:
    """msgid → the api module that has it."""
    found: dict[str, str] = {}
    for path in sorted(API.rglob("*.py")):
        if "migrations" not in path.parts:
            for msgid in _msgids(ast.parse(path.read_text())):
                found.setdefault(msgid, str(path.relative_to(API.parent)))
    return found


def api_template_msgids() -> dict[str, str]:
    found: dict[str, str] = {}
    for path in sorted((API / "templates").rglob("*.html")):
        name = str(path.relative_to(API / "templates"))
        code = templatize(Path(get_template(name).origin.name).read_text(), origin=name)  # type: ignore[attr-defined]
        for function, first, second in CALL.findall(code):
            for msgid in filter(None, [second] if function.startswith("p") else [first, second]):
                found.setdefault(msgid, name)
    return found


def public_api_msgids() -> dict[str, str]:
    """What the public endpoints can answer: every problem the handler writes, the public views'
    own messages, and the token errors (a citizen's app signs in with a token for its claims)."""
    found: dict[str, str] = {}
    for module in ("exceptions.py", "views/public.py", "views/citizen.py"):
        for msgid in _msgids(ast.parse((API / module).read_text())):
            found.setdefault(msgid, f"api/{module}")
    tree = ast.parse((API / "authentication.py").read_text())
    (token_class,) = [
        node
        for node in tree.body
        if isinstance(node, ast.ClassDef) and node.name == "TokenAuthentication"
    ]
    for msgid in _msgids(token_class):
        found.setdefault(msgid, "api/authentication.py")
    return found


def _untranslated(catalogue, msgids: dict[str, str], *, script=None) -> list[str]:
    wrong = []
    for msgid, where in msgids.items():
        text = catalogue.gettext(msgid)
        if text == msgid or not text.strip() or (script and not script.search(text)):
            wrong.append(f"{where}: {msgid} → {text}")
        elif sorted(PLACEHOLDER.findall(text)) != sorted(PLACEHOLDER.findall(msgid)):
            wrong.append(f"{where}: placeholders differ: {msgid} → {text}")
    return wrong


def test_the_api_strings_are_found():
    python, templates, public = api_python_msgids(), api_template_msgids(), public_api_msgids()
    assert python["令牌无效。"] == "api/authentication.py"
    assert python["请求过于频繁"] == "api/exceptions.py"
    assert templates["我的令牌"] == "api/tokens.html"
    assert {"令牌无效。", "请求过于频繁", "提交过于频繁，请一小时后再试。"} <= set(public)
    # the schema's text and the token pages are not a citizen's
    assert not {"应用令牌", "APP 接口"} & set(public)


def test_every_api_string_has_an_english_entry():
    msgids = api_python_msgids() | api_template_msgids()
    wrong = _untranslated(_catalogue("en"), msgids)
    assert not wrong, "no English entry in locale/en:\n" + "\n".join(wrong)


def test_what_the_public_endpoints_answer_has_a_mongolian_entry():
    wrong = _untranslated(_catalogue("mn"), public_api_msgids(), script=MONGOLIAN)
    assert not wrong, "no Mongolian entry in locale/mn:\n" + "\n".join(wrong)


# --- responses -----------------------------------------------------------------------------------
@pytest.mark.django_db
@pytest.mark.parametrize(
    ("accept_language", "title", "detail"),
    [
        (None, "未登录或令牌无效", "请先登录，或在请求头中提供应用令牌。"),
        ("en", "Not signed in, or the token is invalid", "Please sign in, or send an app token"),
        ("en-US,en;q=0.9", "Not signed in, or the token is invalid", "Please sign in"),
    ],
)
def test_an_error_comes_back_in_the_clients_language(accept_language, title, detail):
    headers = {"HTTP_ACCEPT_LANGUAGE": accept_language} if accept_language else {}
    response = APIClient().get(PROFILE, **headers)
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["title"] == title and body["detail"].startswith(detail)


@pytest.mark.django_db
def test_english_token_errors_unknown_paths_and_field_errors():
    english = {"HTTP_ACCEPT_LANGUAGE": "en"}
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Bearer abcdefgh." + "x" * 30)
    bad_token = client.get(PROFILE, **english).json()
    assert bad_token["detail"] == "The token is invalid."
    unknown = APIClient().get("/api/v1/no-such-operation/", **english)
    assert unknown.status_code == 404
    assert unknown.json() == {
        "type": "about:blank",
        "title": "Not found",
        "status": 404,
        "detail": "There is no API operation at this address.",
    }
    invalid = APIClient().post(TRACK, {}, format="json", REMOTE_ADDR="10.9.0.1", **english)
    assert invalid.status_code == 400
    body = invalid.json()
    assert body["title"] == "Invalid request data"
    assert body["detail"] == "Please check the marked fields."
    assert "This field is required." in body["errors"]["code"]


@pytest.mark.django_db
def test_a_citizens_app_in_mongolian_gets_mongolian_problems():
    mongolian = {"HTTP_ACCEPT_LANGUAGE": "mn"}
    body = APIClient().post(TRACK, {}, format="json", REMOTE_ADDR="10.9.0.2", **mongolian).json()
    assert body["status"] == 400
    assert MONGOLIAN.search(body["title"]) and MONGOLIAN.search(body["detail"])
    unknown = APIClient().get("/api/v1/public/nothing/", **mongolian).json()
    assert MONGOLIAN.search(unknown["title"]) and MONGOLIAN.search(unknown["detail"])
