"""Review deadlines (5 working days, holidays and 调休 from the calendar staff keep, org.CalendarDay) and the overdue mark; similar
opinions on the opinion page (same committee only)."""

import datetime
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from opinions import selectors
from opinions.models import AdoptionLevel, Opinion
from opinions.services import opinion_adopt
from org.models import CalendarDay

pytestmark = pytest.mark.django_db


def local(opinion_field):
    return timezone.localtime(opinion_field)


class TestReviewDeadline:
    def test_five_working_days(self, frozen_now, public_opinion):
        # submitted Monday 2026-06-15: Tue–Fri and the next Monday are the five working days
        due = local(public_opinion.review_due_at)
        assert (due.date(), due.hour, due.minute) == (datetime.date(2026, 6, 22), 23, 59)

    def test_holidays_and_swapped_working_days(self, frozen_now, make_public, dalate):
        CalendarDay.objects.create(date=datetime.date(2026, 6, 19), kind="holiday", name="端午节")
        # a Saturday worked instead
        swapped = CalendarDay.objects.create(
            date=datetime.date(2026, 6, 20), kind="workday", name="端午节"
        )
        opinion, _ = make_public(dalate)
        assert local(opinion.review_due_at).date() == datetime.date(2026, 6, 22)
        swapped.delete()  # staff correct the calendar: it counts at once
        opinion, _ = make_public(dalate)
        assert local(opinion.review_due_at).date() == datetime.date(2026, 6, 23)

    def test_overdue_in_the_inbox_until_decided(
        self, client, frozen_now, staff_dalate, public_opinion
    ):
        client.force_login(staff_dalate)
        inbox = reverse("opinions:inbox")
        assert not public_opinion.is_review_overdue
        assert list(client.get(inbox, {"overdue": "on"}).context["opinions"]) == []
        later = frozen_now + datetime.timedelta(days=8)
        with mock.patch("django.utils.timezone.now", return_value=later):
            client.force_login(staff_dalate)  # the session of eight days ago has expired
            public_opinion.refresh_from_db()
            assert public_opinion.is_review_overdue
            response = client.get(inbox, {"overdue": "on"})
            assert [o.pk for o in response.context["opinions"]] == [public_opinion.pk]
            assert "超期" in response.content.decode()
            assert Opinion.objects.review_overdue().get() == public_opinion
            opinion_adopt(opinion=public_opinion, by=staff_dalate, level=AdoptionLevel.BANNER)
            public_opinion.refresh_from_db()
            assert not public_opinion.is_review_overdue
            assert list(client.get(inbox, {"overdue": "on"}).context["opinions"]) == []


class TestSimilar:
    def test_similar_opinions_of_the_same_committee(
        self, client, staff_dalate, make_public, dalate, zhungeer
    ):
        content = "情况：交通街道的路灯晚上经常不亮，居民夜间出行很不方便。建议：尽快维修路灯。"
        opinion, _ = make_public(dalate, title="关于交通街道路灯维修的建议", content=content)
        twin, _ = make_public(dalate, title="关于交通街道路灯不亮的建议", content=content)
        make_public(
            dalate, title="关于中学食堂卫生的建议", content="食堂卫生条件差，建议加强检查。"
        )
        elsewhere, _ = make_public(zhungeer, title="关于交通街道路灯维修的建议", content=content)

        similar = selectors.similar_opinions(opinion=opinion)
        assert [o.pk for o in similar] == [twin.pk]

        client.force_login(staff_dalate)
        html = client.get(reverse("opinions:desk_detail", args=[opinion.pk])).content.decode()
        assert "相似建言" in html and twin.tracking_code in html
        assert elsewhere.tracking_code not in html
