"""A citizen's account page lists every item they submitted signed in or claimed with its code
and key; the public forms are pre-filled from the account."""

import pytest
from django.urls import reverse

from opinions.models import Opinion
from tests.opinions.conftest import public_form_data


@pytest.fixture
def citizen_with_phone(make_user):
    return make_user("citizen", None, username="citizen2", name="刘群众", phone="13800001111")


def _listed(client):
    response = client.get(reverse("dashboards:citizen"))
    assert response.status_code == 200
    return [o.tracking_code for o in response.context["opinions"]]


@pytest.mark.parametrize("url_name", ["opinions:submit", "opinions:mailbox"])
def test_forms_are_prefilled_from_the_account(client, citizen_with_phone, categories, url_name):
    client.force_login(citizen_with_phone)
    form = client.get(reverse(url_name)).context["form"]
    assert form["submitter_name"].value() == "刘群众"
    assert form["submitter_phone"].value() == "13800001111"


def test_item_submitted_signed_in_is_listed(client, citizen_with_phone, dalate, category):
    client.force_login(citizen_with_phone)
    response = client.post(reverse("opinions:submit"), public_form_data(dalate, category))
    assert response.status_code == 302
    opinion = Opinion.objects.get(created_by=citizen_with_phone)
    page = client.get(reverse("dashboards:citizen")).content.decode()
    assert _listed(client) == [opinion.tracking_code]
    assert "已收到" in page  # the status the public sees


def test_claim_with_code_and_key(client, citizen_with_phone, public_opinion, make_user):
    client.force_login(citizen_with_phone)
    assert _listed(client) == []
    data = {"code": public_opinion.tracking_code, "key": public_opinion.lookup_key}
    response = client.post(reverse("opinions:claim"), data)
    assert response.status_code == 302
    assert _listed(client) == [public_opinion.tracking_code]
    # twice: still one row, and another account cannot take it over
    client.post(reverse("opinions:claim"), data)
    assert _listed(client) == [public_opinion.tracking_code]
    client.force_login(make_user("citizen", None, username="citizen3"))
    response = client.post(reverse("opinions:claim"), data, follow=True)
    assert "已由其他账号认领" in response.content.decode()
    assert _listed(client) == []


def test_claim_with_a_wrong_key_is_refused(client, citizen_with_phone, public_opinion):
    client.force_login(citizen_with_phone)
    data = {"code": public_opinion.tracking_code, "key": "WRONG-KEY00"}
    response = client.post(reverse("opinions:claim"), data)
    assert response.status_code == 200
    assert "不匹配" in response.content.decode()
    assert _listed(client) == []


def test_citizen_page_query_count(
    client, citizen_with_phone, make_public, dalate, django_assert_max_num_queries
):
    for _ in range(5):
        opinion, _key = make_public(dalate)
        Opinion.objects.filter(pk=opinion.pk).update(claimed_by=citizen_with_phone)
    client.force_login(citizen_with_phone)
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("dashboards:citizen"))
    for _ in range(20):
        opinion, _key = make_public(dalate)
        Opinion.objects.filter(pk=opinion.pk).update(claimed_by=citizen_with_phone)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("dashboards:citizen"))
