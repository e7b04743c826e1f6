"""What the office reads on the 委员讲堂 pages is Chinese: a lecture order's risk flags are
stored as codes (honeypot, too_fast…) and shown by what they mean."""

import pytest
from django.urls import reverse

from lectures.models import LectureOrder
from lectures.templatetags.lecture_tags import flag_labels
from tests.lectures.factories import placed_order

pytestmark = pytest.mark.usefixtures("frozen_now")


def test_flag_codes_read_as_chinese():
    assert flag_labels(["honeypot", "too_fast"]) == "填写了隐藏字段、填写速度过快"
    assert flag_labels(["something_new"]) == "其他"
    assert flag_labels([]) == ""


def test_order_page_shows_flags_in_chinese(client, offering, staff_dalate):
    order, _ = placed_order(offering)
    LectureOrder.objects.filter(pk=order.pk).update(flags=["no_timer", "honeypot"])
    client.force_login(staff_dalate)
    page = client.get(reverse("lectures:order_detail", args=[order.pk])).content.decode()
    assert "疑似机器提交" in page
    assert "表单不是从本站页面提交的、填写了隐藏字段" in page
    assert "no_timer" not in page and "honeypot" not in page
