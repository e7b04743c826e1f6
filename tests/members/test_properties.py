"""Property tests: whatever a client sends to the directory's filters or the contact form, the
answer is a page or a form error — never a server error, never a half-saved record."""

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.models import phone_validator
from core.text import DROP, XML_ILLEGAL, normalize_text
from members.models import Member
from tests.members.factories import MemberFactory

FILTER_KEYS = [
    "q",
    "committee",
    "sector",
    "special_committee",
    "party",
    "level",
    "expertise",
    "status",
    "page",
    "o",
    "unknown",
]

# Everything a browser (or a script) could put in a query string or a form field.
any_text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=300)
numbers_as_text = st.integers(min_value=-(10**20), max_value=10**20).map(str)
values = st.one_of(any_text, numbers_as_text, st.sampled_from(["教育", "active", "banner", "1"]))

HYPOTHESIS = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture
def staff_client(client, staff_dalate, dalate):
    MemberFactory.create_batch(3, committee=dalate)
    client.force_login(staff_dalate)
    return client


@HYPOTHESIS
@given(params=st.dictionaries(st.sampled_from(FILTER_KEYS), values, max_size=6))
def test_directory_filters_never_fail(staff_client, params):
    response = staff_client.get(reverse("members:directory"), params)
    if "page" in params and response.status_code == 404:
        return  # a page number that does not exist
    assert response.status_code == 200
    # Nothing from another committee ever leaks through a filter.
    committee_ids = {m.committee_id for m in response.context["members"]}
    assert committee_ids <= {response.wsgi_request.user.committee_id}


@HYPOTHESIS
@given(params=st.lists(st.tuples(st.sampled_from(FILTER_KEYS), values), max_size=6))
def test_directory_repeated_parameters_never_fail(staff_client, params):
    from urllib.parse import urlencode

    response = staff_client.get(reverse("members:directory") + "?" + urlencode(params))
    assert response.status_code in (200, 404)


@pytest.fixture
def member_client(client, member_user):
    client.force_login(member_user)
    return client


@HYPOTHESIS
@given(
    phone=st.one_of(any_text, st.from_regex(r"\A1[3-9]\d{9}\Z")),
    email=st.one_of(any_text, st.emails()),
    address=any_text,
)
def test_contact_form_never_fails(member_client, member_user, phone, email, address):
    member = Member.objects.get(pk=member_user.member.pk)
    before = (member.phone, member.email, member.address)

    response = member_client.post(
        reverse("members:my_contact"), {"phone": phone, "email": email, "address": address}
    )

    assert response.status_code in (200, 302)
    member.refresh_from_db()
    after = (member.phone, member.email, member.address)
    if response.status_code == 200:
        assert response.context["form"].errors
        assert after == before  # nothing saved half-way
    else:
        # Saved values are valid ones.
        if member.phone:
            phone_validator(member.phone)
        assert len(member.address) <= 120
        joined = "".join(after)
        assert not DROP.search(joined) and not XML_ILLEGAL.search(joined)
        assert normalize_text(joined) == joined
