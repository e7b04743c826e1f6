"""Property tests: whatever text arrives in any field of the public forms, the answer is a page
or a redirect (200, 302, 400, 429), never a server error."""

import urllib.parse

import pytest
from django.core.cache import cache
from django.urls import reverse
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from org.models import Region
from tests.opinions.conftest import timer_started

pytestmark = pytest.mark.django_db

ALLOWED = {200, 302, 400, 429}
PROPERTY_SETTINGS = hsettings(
    max_examples=40,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Any character a browser can send (no lone surrogates: they cannot be encoded in UTF-8),
# control and bidi characters included.
chars = st.characters(blacklist_categories=("Cs",))
any_text = st.one_of(
    st.text(chars, max_size=40),
    st.text(st.sampled_from("\x00\x1b\u202e\u200d\r\n\t 　<>&'\"%;\\/-"), max_size=20),
    # long runs: over the field limits, one long "word"
    st.builds(lambda c, n: c * n, chars, st.integers(min_value=55, max_value=2000)),
    # things that look like ids: huge numbers overflow the column, "²" passes str.isdigit()
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.text(st.sampled_from("0123456789²³٣"), min_size=1, max_size=30),
)


def choice_or_junk(values):
    return st.one_of(st.sampled_from([str(v) for v in values]), any_text)


@given(data=st.data())
@PROPERTY_SETTINGS
def test_public_submit_form_never_errors(client, dalate, categories, data):
    cache.clear()
    regions = list(Region.objects.filter(committee=dalate).values_list("pk", flat=True)[:3])
    form = {
        "title": data.draw(any_text, "title"),
        "content": data.draw(any_text, "content"),
        "category": data.draw(choice_or_junk([c.pk for c in categories]), "category"),
        "committee": data.draw(choice_or_junk([dalate.pk]), "committee"),
        "region": data.draw(choice_or_junk(["", *regions]), "region"),
        "submitter_name": data.draw(any_text, "name"),
        "submitter_phone": data.draw(st.one_of(st.just("13912345678"), any_text), "phone"),
        "submitter_email": data.draw(st.one_of(st.just("a@example.com"), any_text), "email"),
        "is_anonymous": data.draw(st.one_of(st.just(""), st.just("on"), any_text), "anon"),
        "consent": data.draw(st.one_of(st.just("on"), any_text), "consent"),
        "website": data.draw(st.one_of(st.just(""), any_text), "website"),
        "started": data.draw(st.one_of(st.just(timer_started()), any_text), "started"),
        "token": data.draw(st.one_of(st.just("a" * 32), any_text), "token"),
        "captcha_challenge": data.draw(any_text, "challenge"),
        "captcha": data.draw(any_text, "captcha"),
    }
    url = reverse(data.draw(st.sampled_from(["opinions:submit", "opinions:mailbox"]), "url"))
    response = client.post(url, form)
    assert response.status_code in ALLOWED


@given(code=any_text, key=any_text, real_code=st.booleans())
@PROPERTY_SETTINGS
def test_tracking_form_never_errors(client, public_opinion, code, key, real_code):
    cache.clear()
    if real_code:
        code = public_opinion.tracking_code
    response = client.post(reverse("opinions:track"), {"code": code, "key": key})
    assert response.status_code in ALLOWED
    if response.status_code == 200 and 'id="public-status"' in response.content.decode():
        # only the right key or the phone's last four digits open the page
        assert real_code


@given(committee=any_text)
@PROPERTY_SETTINGS
def test_region_list_never_errors(client, committee):
    response = client.get(f"/opinions/regions/{urllib.parse.quote(committee, safe='')}/")
    assert response.status_code in {200, 404}


@given(data=st.data())
@PROPERTY_SETTINGS
def test_bulk_actions_never_error(client, staff_dalate, public_opinion, data):
    client.force_login(staff_dalate)
    form = {
        "action": data.draw(st.one_of(st.sampled_from(["assign", "spam"]), any_text), "action"),
        "assignee": data.draw(choice_or_junk([staff_dalate.pk]), "assignee"),
        "ids": data.draw(st.lists(choice_or_junk([public_opinion.pk]), max_size=4), "ids"),
    }
    response = client.post(reverse("opinions:bulk"), form)
    assert response.status_code == 302


@given(
    params=st.dictionaries(
        st.sampled_from(
            [
                "q",
                "status",
                "channel",
                "category",
                "committee",
                "submitted_from",
                "submitted_to",
                "overdue",
                "mine",
                "spam",
                "page",
            ]
        ),
        any_text,
        max_size=5,
    )
)
@PROPERTY_SETTINGS
def test_inbox_filters_never_error(client, staff_dalate, public_opinion, params):
    client.force_login(staff_dalate)
    response = client.get(reverse("opinions:inbox"), params)
    assert response.status_code in ALLOWED | {404}  # 404: a page number that does not exist
