"""Every control of the 委员讲堂 and 典型经验 pages has a visible <label for>."""

import pytest
from django.urls import reverse

from lectures import services
from tests.lectures.factories import order_in, placed_order
from tests.utils import form_controls, unlabelled_controls

pytestmark = pytest.mark.usefixtures("frozen_now")


def _labelled(response, minimum):
    assert response.status_code in (200, 400)
    html = response.content.decode()
    assert len(form_controls(html)) >= minimum
    assert unlabelled_controls(html) == []


def test_public_pages(client, offering, lecturer, staff_dalate, today):
    _labelled(client.get(reverse("lectures:menu")), 2)
    _labelled(client.get(reverse("lectures:order_new")), 12)
    _labelled(client.post(reverse("lectures:order_new"), {"organisation": "x"}), 12)
    _order, token = order_in(
        "delivered", offering=offering, staff=staff_dalate, member=lecturer, when=today
    )
    _labelled(client.get(reverse("lectures:track", args=[token])), 4)


def test_member_and_staff_pages(client, offering, lecturer, staff_dalate, dalate):
    order, _ = placed_order(offering)
    client.force_login(staff_dalate)
    _labelled(client.get(reverse("lectures:orders")), 1)  # a banner user: no committee choice
    _labelled(client.get(reverse("lectures:order_detail", args=[order.pk])), 3)
    _labelled(client.get(reverse("showcase:new")), 8)
    services.order_dispatch(order=order, by=staff_dalate, member=lecturer)
    client.force_login(lecturer.user)
    _labelled(client.get(reverse("lectures:my_order", args=[order.pk])), 2)
    _labelled(client.get(reverse("lectures:offering_new")), 5)
