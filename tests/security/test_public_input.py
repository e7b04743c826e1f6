"""Property tests on every public form and lookup: 我要建言, 政协信箱, tracking, rating, the
region options, the CAPTCHA image, login, sign-up and password reset.

Whatever arrives — any text, control and bidi characters, huge values, lists where one value is
expected, numbers, uploads of random bytes, no CSRF token — the answer is a page, a redirect or a
4xx, never a server error, and a refused submission stores nothing (no opinion, no attachment, no
file, no account, no rating).
"""

from __future__ import annotations

import urllib.parse

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, event, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from accounts.models import User
from opinions import services
from opinions.models import Attachment, Channel, Opinion, Status
from opinions.views import rating_token
from org.models import Region
from tests.opinions.conftest import public_form_data
from tests.opinions.factories import categories_ensure

pytestmark = pytest.mark.django_db

ANSWERS = {200, 302, 400, 403, 404, 405, 413, 429}
PROPERTIES = hsettings(
    max_examples=30,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Any character a browser can send (no lone surrogates: they cannot be encoded in UTF-8).
chars = st.characters(blacklist_categories=("Cs",))
text = st.one_of(
    st.text(chars, max_size=40),
    # control, bidi-override, zero-width and markup characters
    st.text(
        st.sampled_from("\x00\x07\x1b\x7f\x85\u200b\u202e\u2066\ufeff\r\n\t 　<>&'\"%;\\/"),
        max_size=20,
    ),
    # huge: far over every field's limit (still under DATA_UPLOAD_MAX_MEMORY_SIZE)
    st.builds(lambda c, n: c * n, chars, st.integers(min_value=60, max_value=120_000)),
    # things that look like ids and numbers: overflowing, negative, other scripts' digits
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.text(st.sampled_from("0123456789²³٣０１"), min_size=1, max_size=30),
)
# A value as a form sends it, or as a client may send it instead: several values, a number.
value = st.one_of(
    text,
    st.lists(text, min_size=2, max_size=3),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
)
upload = st.builds(
    lambda name, data: SimpleUploadedFile(name, data),
    st.sampled_from(["a.pdf", "a.jpg", "a.png", "a.exe", "a", "../../etc/passwd", "图片.jpg"]),
    st.one_of(
        st.binary(max_size=2000),
        st.binary(max_size=200).map(lambda b: b"%PDF-1.4\n" + b),
        st.binary(max_size=200).map(lambda b: b"\x89PNG\r\n\x1a\n" + b),
        st.binary(max_size=200).map(lambda b: b"\xff\xd8\xff\xe0" + b),
    ),
)


def corrupt(data: st.DataObject, form: dict, fields: list[str], label: str) -> dict:
    """The valid ``form`` with some of its fields replaced by junk (or left out)."""
    chosen = data.draw(st.sets(st.sampled_from(fields), min_size=1, max_size=4), label)
    form = dict(form)
    for name in sorted(chosen):
        if data.draw(st.booleans(), f"{label}:{name}:drop"):
            form.pop(name, None)
        else:
            form[name] = data.draw(value, f"{label}:{name}")
    return form


def stored() -> tuple[int, int, int]:
    return Opinion.objects.count(), Attachment.objects.count(), User.objects.count()


def media_files(media_root) -> list:
    return sorted(p for p in media_root.rglob("*") if p.is_file()) if media_root.exists() else []


# --- 我要建言 / 政协信箱 ---------------------------------------------------------------------
SUBMIT_FIELDS = [
    "title",
    "content",
    "category",
    "committee",
    "region",
    "submitter_name",
    "submitter_phone",
    "submitter_email",
    "is_anonymous",
    "consent",
    "website",
    "started",
    "token",
    "captcha_challenge",
    "captcha",
]


@given(data=st.data())
@PROPERTIES
def test_public_submission_never_fails_and_never_stores_half(client, dalate, media_root, data):
    cache.clear()
    categories = categories_ensure()
    form = corrupt(data, public_form_data(dalate, categories[1]), SUBMIT_FIELDS, "form")
    if data.draw(st.booleans(), "with files"):
        form["attachments"] = data.draw(st.lists(upload, min_size=1, max_size=4), "files")
    url = reverse(data.draw(st.sampled_from(["opinions:submit", "opinions:mailbox"]), "url"))
    before, files_before = stored(), media_files(media_root)

    response = client.post(url, form)

    assert response.status_code in ANSWERS
    accepted = response.status_code == 302 and response["Location"] == reverse("opinions:receipt")
    event(f"accepted={accepted}")
    if not accepted:
        assert stored() == before
        assert media_files(media_root) == files_before
    else:
        opinion = Opinion.objects.order_by("-pk").first()
        assert stored()[0] == before[0] + 1
        assert opinion.status != Status.DRAFT and opinion.consent_version
        assert Attachment.objects.filter(opinion=opinion).count() == stored()[1] - before[1]


# --- tracking, rating ------------------------------------------------------------------------
@pytest.fixture
def replied_opinion(dalate, db):
    """A public opinion with a reply: the tracking page offers the rating form."""
    categories = categories_ensure()
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
    Opinion.objects.filter(pk=opinion.pk).update(status=Status.REPLIED, public_reply="已修复。")
    opinion.refresh_from_db()
    opinion.lookup_key = key
    return opinion


@given(data=st.data())
@PROPERTIES
def test_tracking_never_fails_and_only_the_key_opens_a_case(client, replied_opinion, data):
    cache.clear()
    form = {"code": replied_opinion.tracking_code, "key": "0000"}
    form = corrupt(data, form, ["code", "key"], "form")
    response = client.post(reverse("opinions:track"), form)
    assert response.status_code in ANSWERS
    if 'id="public-status"' in response.content.decode():
        key = form.get("key")
        assert isinstance(key, str) and key.strip() in (replied_opinion.lookup_key, "5678")


@given(data=st.data())
@PROPERTIES
def test_rating_never_fails_and_needs_a_valid_token(client, replied_opinion, data):
    cache.clear()
    good = {"token": rating_token(replied_opinion), "satisfaction": "satisfied", "comment": "好"}
    form = corrupt(data, good, ["token", "satisfaction", "comment", "rehandle"], "form")
    fields = ("status", "satisfaction", "rated_at", "rehandle_requested_at")
    before = Opinion.objects.filter(pk=replied_opinion.pk).values(*fields).get()
    response = client.post(reverse("opinions:rate"), form)
    assert response.status_code in ANSWERS
    after = Opinion.objects.filter(pk=replied_opinion.pk).values(*fields).get()
    if form.get("token") != good["token"] or response.status_code == 400:
        assert after == before


@given(committee=st.one_of(text, st.integers(min_value=-(10**30), max_value=10**30).map(str)))
@PROPERTIES
def test_region_list_never_fails(client, db, committee):
    """Any path segment: a list (a real committee) or a 404, never a server error."""
    response = client.get(f"/opinions/regions/{urllib.parse.quote(committee, safe='')}/")
    assert response.status_code in {200, 404}


@given(challenge=text)
@PROPERTIES
def test_captcha_image_never_fails(client, db, challenge):
    quoted = urllib.parse.quote(challenge.replace("/", ""), safe="")
    response = client.get(f"/opinions/captcha/{quoted}.png")
    assert response.status_code in {200, 404}
    if response.status_code == 200:  # only for a challenge the server handed out
        assert response["Content-Type"] == "image/png"


def test_region_list_of_a_real_committee(client, dalate):
    response = client.get(reverse("opinions:regions", args=[dalate.pk]))
    assert response.status_code == 200
    township = Region.objects.filter(committee=dalate, level=Region.Level.TOWNSHIP).first()
    assert township.name in {place["label"] for place in response.json()["regions"]}


# --- accounts: login, sign-up, password reset ------------------------------------------------
@given(data=st.data())
@PROPERTIES
def test_login_never_fails_and_junk_never_signs_in(client, staff_dalate, data):
    cache.clear()
    form = corrupt(
        data, {"login": "staff_dalate", "password": "wrong"}, ["login", "password"], "form"
    )
    response = client.post(reverse("account_login"), form)
    assert response.status_code in ANSWERS
    assert "_auth_user_id" not in client.session


@given(data=st.data())
@PROPERTIES
def test_signup_never_fails_and_never_makes_half_an_account(client, db, data):
    cache.clear()
    good = {
        "username": "newcitizen",
        "email": "",
        "password1": "Ordos-Strong-2026!",
        "password2": "Ordos-Strong-2026!",
    }
    form = corrupt(data, good, list(good), "form")
    users = User.objects.count()
    last_pk = User.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    response = client.post(reverse("account_signup"), form)
    assert response.status_code in ANSWERS
    if response.status_code == 302:
        # the stored username may be normalised (case, Unicode NFKC), so find the new row
        user = User.objects.get(pk__gt=last_pk)
        assert user.role == User.Role.CITIZEN and user.committee is None
        client.logout()
        User.objects.filter(pk=user.pk).delete()
    else:
        assert User.objects.count() == users


@given(email=value)
@PROPERTIES
def test_password_reset_never_fails(client, staff_dalate, email):
    cache.clear()
    response = client.post(reverse("account_reset_password"), {"email": email})
    assert response.status_code in ANSWERS


# --- CSRF ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "name",
    [
        "opinions:submit",
        "opinions:mailbox",
        "opinions:track",
        "opinions:rate",
        "account_login",
        "account_signup",
        "account_reset_password",
        "set_language",
    ],
)
def test_public_posts_without_csrf_token_are_refused(name, dalate, replied_opinion):
    client = Client(enforce_csrf_checks=True)
    data = {
        "opinions:submit": public_form_data(dalate, categories_ensure()[1]),
        "opinions:mailbox": public_form_data(dalate, categories_ensure()[1]),
        "opinions:track": {
            "code": replied_opinion.tracking_code,
            "key": replied_opinion.lookup_key,
        },
        "opinions:rate": {"token": rating_token(replied_opinion), "satisfaction": "satisfied"},
        "account_login": {"login": "nobody", "password": "x"},
        "account_signup": {
            "username": "csrfcitizen",
            "password1": "Ordos-Strong-2026!",
            "password2": "Ordos-Strong-2026!",
        },
        "account_reset_password": {"email": "a@example.com"},
        "set_language": {"language": "en"},
    }[name]
    before = stored()
    response = client.post(reverse(name), data)
    assert response.status_code == 403
    assert stored() == before
    assert Opinion.objects.get(pk=replied_opinion.pk).rated_at is None


def test_signed_in_posts_without_csrf_token_are_refused(staff_dalate, dalate):
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff_dalate)
    before = stored()
    response = client.post(reverse("opinions:bulletin_create"))
    assert response.status_code == 403
    response = client.post(reverse("account_logout"))
    assert response.status_code == 403
    assert stored() == before
