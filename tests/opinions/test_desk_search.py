"""The desk's text search (issue 11). Whatever the database, its result is the rows whose title
or content contains the term (case-insensitive, as ``icontains``) or whose tracking code is the
term: on PostgreSQL the character-pair index only narrows the candidates first, so a property
test compares the search with Python's ``in`` on random text over a small alphabet (random
terms then often match, across the two fields and at their ends). A single character is looked
for in the newest rows only, and the page says so; hostile terms give a page, never a 500."""

import datetime
import itertools
from types import SimpleNamespace

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from opinions.models import (
    SEARCH_MAX_LENGTH,
    Channel,
    Opinion,
    Status,
    search_term,
)
from tests.opinions.factories import OpinionFactory

pytestmark = pytest.mark.django_db

INBOX = reverse("opinions:inbox")
_codes = itertools.count(700000)

# Characters whose upper case is the same in Python, PostgreSQL and SQLite's LIKE: CJK, ASCII
# letters in both cases, digits, and what LIKE, tsquery and SQL quoting treat specially.
ALPHABET = "供水暖气路灯aAbB1%_'\\ &|!:*"
text = st.text(st.sampled_from(ALPHABET), max_size=12)
term = st.text(st.sampled_from(ALPHABET), min_size=1, max_size=4)


def contains(haystack: str, needle: str) -> bool:
    return needle.upper() in haystack.upper()


def expected(rows, raw_term: str) -> set[int]:
    needle = search_term(raw_term)
    return {
        o.pk
        for o in rows
        if not needle
        or contains(o.title, needle)
        or contains(o.content, needle)
        or o.tracking_code == needle.upper()
    }


def opinions(committee, category, texts) -> list[Opinion]:
    """Submitted opinions with these (title, content), each a second newer than the one before."""
    start = timezone.now() - datetime.timedelta(hours=1)
    return Opinion.objects.bulk_create(
        Opinion(
            committee=committee,
            category=category,
            channel=Channel.WEB,
            tracking_code=f"JY-2026-{next(_codes):06d}",
            title=title,
            content=content,
            status=Status.SUBMITTED,
            submitted_at=start + datetime.timedelta(seconds=i),
            review_due_at=start + datetime.timedelta(days=7),
        )
        for i, (title, content) in enumerate(texts)
    )


@given(
    texts=st.lists(st.tuples(text, text), min_size=1, max_size=8),
    raw_term=term,
    walk=st.booleans(),
)
@hsettings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_search_is_the_contains_match(dalate, category, texts, raw_term, walk):
    """Whichever way PostgreSQL finds the rows (the pair index, or the ordered walk that checks
    each row), the rows are the contains-match — and the same list in the same order."""
    with transaction.atomic():
        rows = opinions(dalate, category, texts)
        found = Opinion.objects.filter(pk__in=[o.pk for o in rows]).search(raw_term, walk=walk)
        assert set(found.values_list("pk", flat=True)) == expected(rows, raw_term)
        transaction.set_rollback(True)


@pytest.mark.parametrize("walk", [False, True])
@pytest.mark.parametrize("raw_term", ["供暖", "暖温", "wifi", "0%", "_", "供", "JY-2026-700000"])
def test_both_ways_list_the_same_page(dalate, category, raw_term, walk):
    texts = [("关于供暖温度的建议", "WiFi"), ("供水", "冬季供暖温度不达标 100%"), ("a_b", "供")]
    rows = opinions(dalate, category, texts * 4)
    listed = Opinion.objects.filter(pk__in=[o.pk for o in rows]).order_by("-submitted_at", "-pk")
    plain = [o.pk for o in rows if o.pk in expected(rows, raw_term)][::-1]
    assert [o.pk for o in listed.search(raw_term, walk=walk)[:5]] == plain[:5]


@pytest.mark.parametrize(
    ("title", "content", "raw_term", "hit"),
    [
        ("关于供暖温度不达标的建议", "", "供暖", True),  # two characters, in the title
        ("", "冬季供暖温度不达标", "暖温", True),  # in the content
        ("关于供暖", "温度不达标", "暖温", False),  # never across title and content
        ("供  暖", "", "供暖", False),  # spaces count
        ("", "供暖", "供暖温度", False),  # every pair, and the whole term
        ("", "温度供暖", "暖温", False),  # pairs present, in another order
        ("WiFi信号差", "", "wifi", True),  # ASCII case-insensitively
        ("WiFi信号差", "", "FI信", True),  # mixed ASCII and Chinese
        ("100%满意", "", "0%", True),  # LIKE's wildcards are literal
        ("100满意", "", "0%", False),
        ("a_b", "", "_", True),
        ("ab", "", "a_", False),
        ("他说'好'", "", "'好'", True),  # quotes
        ("路径 C:\\temp", "", ":\\t", True),  # backslash
        ("甲&乙|丙!丁", "", "&乙|", True),  # tsquery operators are plain text
    ],
)
def test_search_examples(dalate, category, title, content, raw_term, hit):
    (row,) = opinions(dalate, category, [(title or "标题", content or "内容")])
    assert Opinion.objects.search(raw_term).filter(pk=row.pk).exists() is hit


def test_tracking_code_in_any_case(dalate, category):
    (row,) = opinions(dalate, category, [("标题", "内容")])
    assert list(Opinion.objects.search(row.tracking_code.lower())) == [row]


def test_one_character_is_looked_for_in_the_newest_rows(
    client, staff_dalate, dalate, category, monkeypatch
):
    monkeypatch.setattr("opinions.models.opinion.SINGLE_CHARACTER_WINDOW", 3)
    rows = opinions(dalate, category, [("供水", "")] * 5)  # the newest are the last ones
    found = Opinion.objects.all().search("水")
    assert {o.pk for o in found} == {o.pk for o in rows[-3:]}
    client.force_login(staff_dalate)
    response = client.get(INBOX, {"q": "水"})
    assert [o.pk for o in response.context["opinions"]] == [o.pk for o in reversed(rows[-3:])]
    html = response.content.decode()
    assert 'id="single-character-note"' in html and "请输入两个字以上" in html
    assert 'id="single-character-note"' not in client.get(INBOX, {"q": "供水"}).content.decode()


@pytest.mark.parametrize(
    "raw_term",
    [
        "%",
        "_",
        "'",
        '"',
        "\\",
        "%_%",
        "' OR 1=1 --",
        "'; DROP TABLE opinions_opinion; --",
        "供' & '暖",
        "!:*&|()",
        "\\\\%'",
        "\u202e供暖",  # a bidi control: dropped by the normaliser
        "　供暖　",  # ideographic spaces around
        "供" * SEARCH_MAX_LENGTH,
        "𠀀𠀁",  # outside the BMP
    ],
)
def test_hostile_terms_give_a_page(client, staff_dalate, dalate, category, raw_term):
    rows = opinions(dalate, category, [("供暖", "内容" + raw_term), ("别的", "内容")])
    client.force_login(staff_dalate)
    response = client.get(INBOX, {"q": raw_term})
    assert response.status_code == 200
    assert {o.pk for o in response.context["opinions"]} == expected(rows, raw_term)


@pytest.mark.parametrize("raw_term", ["供" * (SEARCH_MAX_LENGTH + 1), "a" * 5000])
def test_too_long_a_term_is_a_form_error(client, staff_dalate, public_opinion, raw_term):
    client.force_login(staff_dalate)
    response = client.get(INBOX, {"q": raw_term})
    assert response.status_code == 200
    assert list(response.context["opinions"]) == []
    assert "关键词最多 60 个字，请缩短后再查询。" in response.content.decode()


def test_a_null_character_is_a_form_error(client, staff_dalate, public_opinion):
    client.force_login(staff_dalate)
    response = client.get(INBOX, {"q": "供\x00暖"})
    assert response.status_code == 200
    assert list(response.context["opinions"]) == []
    assert response.context["filter"].form.errors["q"]


def test_a_common_word_walks_the_list_and_counts_with_the_index(
    client, staff_dalate, dalate, category, monkeypatch
):
    """The count and the page ask how to find their rows (``walk_pays``) with the number of
    rows they want: the cap + 1, the position of the page's last row."""
    asked = []

    def walk_pays(term, rows_needed, *, using):
        asked.append((term, rows_needed))
        return True

    monkeypatch.setattr("opinions.filters.OPINIONS", SimpleNamespace(walk_pays=walk_pays))
    rows = opinions(dalate, category, [("供暖问题", ""), ("", "冬季供暖"), ("供水", "")] * 15)
    client.force_login(staff_dalate)
    response = client.get(INBOX, {"q": "供暖", "page": 2})
    page = response.context["page_obj"]
    hits = [o.pk for o in rows if "供暖" in o.title + o.content][::-1]
    assert [o.pk for o in page] == hits[20:]
    assert page.paginator.count == 30
    assert asked == [("供暖", 501), ("供暖", 30)]  # the count (its cap + 1), the page


def test_search_on_the_desk_counts_what_it_lists(client, staff_dalate, dalate, category):
    rows = opinions(dalate, category, [("供暖问题", ""), ("", "冬季供暖"), ("供水", "")])
    OpinionFactory(committee=dalate, category=category, title="草稿供暖", status=Status.DRAFT)
    client.force_login(staff_dalate)
    response = client.get(INBOX, {"q": "供暖"})
    assert {o.pk for o in response.context["opinions"]} == {rows[0].pk, rows[1].pk}
    assert response.context["page_obj"].paginator.count == 2
    assert "共 2 条" in response.content.decode()
