"""The activity desk's keyword (issue 11): the activities whose title contains it, like
``icontains``, whichever way PostgreSQL finds them — the title's pair index, or the ordered walk
that checks each row (``core.search`` chooses); a single character is looked for among the
newest activities and the page says so; the count stops at a cap."""

import datetime
from types import SimpleNamespace

import pytest
from django.urls import reverse

from liaison.models import Activity
from tests.workstations.factories import ActivityFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_now")]

DESK = reverse("liaison:activity_desk")
TITLES = [
    "关于供暖的走访调研",
    "WiFi覆盖调研",
    "供水座谈",
    "100%满意度回访",
    "a_b宣讲",
    "调研 供暖",
]


@pytest.fixture
def activities(dalate):
    return [
        ActivityFactory(
            committee=dalate,
            reporter__committee=dalate,
            title=title,
            occurred_on=datetime.date(2026, 5, 1) + datetime.timedelta(days=i),
        )
        for i, title in enumerate(TITLES * 2)
    ]


def expected(activities, term: str) -> list[int]:
    """Newest first, as the desk lists them."""
    hits = [a for a in activities if term.upper() in a.title.upper()]
    return [a.pk for a in sorted(hits, key=lambda a: (a.occurred_on, a.pk), reverse=True)]


@pytest.mark.parametrize("walk", [False, True])
@pytest.mark.parametrize(
    "term", ["供暖", "调研", "wifi", "FI覆", "0%", "_b", "调研 供", "没有的词"]
)
def test_search_is_the_contains_match(activities, term, walk):
    found = Activity.objects.filter(pk__in=[a.pk for a in activities]).search(term, walk=walk)
    assert list(found.order_by("-occurred_on", "-pk").values_list("pk", flat=True)) == expected(
        activities, term
    )


def test_the_desk_lists_and_counts_a_keyword(client, staff_dalate, activities, monkeypatch):
    asked = []

    def walk_pays(term, rows_needed, *, using):
        asked.append((term, rows_needed))
        return True

    monkeypatch.setattr("liaison.filters.ACTIVITY_TITLES", SimpleNamespace(walk_pays=walk_pays))
    client.force_login(staff_dalate)
    response = client.get(DESK, {"q": "调研"})
    assert [a.pk for a in response.context["activities"]] == expected(activities, "调研")
    assert response.context["page_obj"].paginator.count == 6
    assert asked == [("调研", 501), ("调研", 6)]


def test_one_character_is_looked_for_in_the_newest(client, staff_dalate, activities, monkeypatch):
    monkeypatch.setattr("liaison.models.SINGLE_CHARACTER_WINDOW", 3)
    client.force_login(staff_dalate)
    response = client.get(DESK, {"q": "研"})
    newest = expected(activities, "")[:3]
    assert [a.pk for a in response.context["activities"]] == [
        pk for pk in newest if pk in expected(activities, "研")
    ]
    assert 'id="single-character-note"' in response.content.decode()


def test_past_the_cap_the_desk_says_so(client, staff_dalate, activities, monkeypatch):
    monkeypatch.setattr("liaison.views.ActivityDeskView.count_cap", 5)
    monkeypatch.setattr("liaison.views.ActivityDeskView.paginate_by", 2)
    client.force_login(staff_dalate)
    response = client.get(DESK)
    assert response.context["page_obj"].paginator.count == 5
    assert response.context["page_obj"].paginator.is_capped
    assert "超过 5 条" in response.content.decode()
    assert client.get(DESK, {"page": 4}).status_code == 404


@pytest.mark.parametrize("term", ["%", "'", "\\", "' OR 1=1 --", "!:*&|()", "调" * 81])
def test_hostile_keywords_give_a_page(client, staff_dalate, activities, term):
    client.force_login(staff_dalate)
    assert client.get(DESK, {"q": term}).status_code == 200
