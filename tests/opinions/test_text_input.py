"""Awkward text in every form: over-long content, empty or blank fields, emoji, very long words,
control and bidi-override characters. The answer is a message (or the text cleaned), never a 500,
and nothing is stored half-way."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from opinions.models import Opinion, OpinionEvent
from tests.opinions.conftest import public_form_data

pytestmark = pytest.mark.django_db

SUBMIT = reverse("opinions:submit")
LONG_WORD = "字" * 5000
ASCII_WORD = "a" * 5000

REFUSED = [
    pytest.param({"content": "长" * 1501}, "content", id="content-over-1500"),
    pytest.param({"content": ""}, "content", id="empty-content"),
    pytest.param({"content": " \n\t "}, "content", id="blank-content"),
    pytest.param({"title": "   "}, "title", id="blank-title"),
    pytest.param({"title": ""}, "title", id="empty-title"),
    pytest.param({"title": "题" * 61}, "title", id="title-over-60"),
    pytest.param({"title": ASCII_WORD}, "title", id="5000-char-word-in-title"),
    pytest.param({"content": LONG_WORD}, "content", id="5000-char-word-in-content"),
    pytest.param({"submitter_name": ASCII_WORD}, "submitter_name", id="5000-char-name"),
    pytest.param({"title": "路灯\x00坏了"}, "title", id="nul-in-title"),
    pytest.param({"content": "内容\x00内容"}, "content", id="nul-in-content"),
    pytest.param({"title": "\u202e\u202e\x1b"}, "title", id="only-control-chars-title"),
    pytest.param({"content": "\u202e\u200b\x1b[31m"[:3]}, "content", id="only-control-content"),
    pytest.param({"submitter_phone": "139123456٧٨"}, "submitter_phone", id="arabic-digits"),
    pytest.param({"submitter_email": "not-an-email"}, "submitter_email", id="bad-email"),
    pytest.param({"category": "999999"}, "category", id="unknown-category"),
    pytest.param({"committee": "abc"}, "committee", id="bad-committee"),
]


@pytest.mark.parametrize(("overrides", "field"), REFUSED)
def test_public_form_refuses_with_a_message(client, dalate, category, overrides, field):
    data = public_form_data(dalate, category)
    data.update(overrides)
    response = client.post(SUBMIT, data)
    assert response.status_code == 200
    form = response.context["form"]
    assert field in form.errors, form.errors
    html = response.content.decode()
    assert "提交的内容有误" in html or form.non_field_errors()
    for message in form.errors[field]:
        assert escape(message) in html  # the message is shown to the sender
    assert not Opinion.objects.exists()
    assert not OpinionEvent.objects.exists()


def test_full_width_phone_digits_become_ascii(client, dalate, category):
    """Chinese input methods often type ０-９; the number is stored, and tracked, in ASCII."""
    response = client.post(
        SUBMIT, public_form_data(dalate, category, submitter_phone="１３９１２３４５６７８")
    )
    assert response.status_code == 302
    assert Opinion.objects.get().submitter_phone == "13912345678"


def test_content_of_exactly_1500_characters_is_accepted(client, dalate, category):
    response = client.post(SUBMIT, public_form_data(dalate, category, content="满" * 1500))
    assert response.status_code == 302
    assert len(Opinion.objects.get().content) == 1500


def test_the_content_limit_counts_characters_not_bytes(client, dalate, category):
    """1500 Chinese characters are 4500 bytes in UTF-8; the limit is the office's 1500 字."""
    client.post(SUBMIT, public_form_data(dalate, category, content="汉" * 1500))
    assert Opinion.objects.count() == 1


def test_emoji_are_kept(client, dalate, category, staff_dalate):
    title = "小区停车难🚗😡问题"
    content = "情况：每晚一位难求 🅿️👨‍👩‍👧‍👦。建议：建立体车库🙏"
    response = client.post(
        SUBMIT,
        public_form_data(dalate, category, title=title, content=content, submitter_name="李🌸"),
    )
    assert response.status_code == 302
    opinion = Opinion.objects.get()
    assert opinion.title == title and opinion.content == content
    assert opinion.submitter_name == "李🌸"
    client.force_login(staff_dalate)
    page = client.get(reverse("opinions:desk_detail", args=[opinion.pk]))
    assert page.status_code == 200 and title in page.content.decode()
    # the masked name does not cut a character in half
    assert opinion.masked_name == "李*"


def test_control_and_bidi_characters_are_removed(client, dalate, category, staff_dalate):
    title = "路灯\u202e修理\x1b[31m问题"
    content = "第一行\r\n第二行\u202e反转\u2066隔离\u2069\x07响铃\x1b转义\u200b零宽"
    response = client.post(SUBMIT, public_form_data(dalate, category, title=title, content=content))
    assert response.status_code == 302
    opinion = Opinion.objects.get()
    assert opinion.title == "路灯修理[31m问题"
    assert opinion.content == "第一行\r\n第二行反转隔离响铃转义零宽"  # line breaks kept
    for char in ("\u202e", "\x1b", "\x07", "\u200b", "\u2066"):
        assert char not in opinion.title + opinion.content
    client.force_login(staff_dalate)
    assert client.get(reverse("opinions:desk_detail", args=[opinion.pk])).status_code == 200


def test_a_very_long_word_within_the_limit_is_stored_and_shown(
    client, dalate, category, staff_dalate
):
    word = "a" * 1500
    client.post(SUBMIT, public_form_data(dalate, category, content=word))
    opinion = Opinion.objects.get()
    client.force_login(staff_dalate)
    for url in (reverse("opinions:inbox"), reverse("opinions:desk_detail", args=[opinion.pk])):
        assert client.get(url).status_code == 200


def test_html_is_escaped(client, dalate, category, staff_dalate):
    client.post(
        SUBMIT,
        public_form_data(
            dalate,
            category,
            title="<script>alert(1)</script>",
            content="<img src=x onerror=alert(1)>",
        ),
    )
    opinion = Opinion.objects.get()
    client.force_login(staff_dalate)
    html = client.get(reverse("opinions:desk_detail", args=[opinion.pk])).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "<img src=x onerror" not in html
    assert "&lt;script&gt;" in html


# --- the other forms ---------------------------------------------------------------------------
MEMBER_REFUSED = [
    pytest.param({"content": "长" * 1501}, "content", id="content-over-1500"),
    pytest.param({"analysis": "析" * 1501}, "analysis", id="analysis-over-1500"),
    pytest.param({"suggestion": ASCII_WORD}, "suggestion", id="long-word-suggestion"),
    pytest.param({"content": "  "}, "content", id="blank-content"),
    pytest.param({"title": "\u202e \x1b"}, "title", id="control-only-title"),
    pytest.param({"title": "题\x00"}, "title", id="nul-title"),
]


@pytest.mark.parametrize(("overrides", "field"), MEMBER_REFUSED)
def test_member_form(client, member_user, category, overrides, field):
    client.force_login(member_user)
    data = {
        "title": "牧区饮水",
        "category": category.pk,
        "content": "情况",
        "analysis": "分析",
        "suggestion": "建议",
        "action": "save",
    }
    data.update(overrides)
    response = client.post(reverse("opinions:mine_new"), data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Opinion.objects.exists()


def test_member_submit_needs_a_suggestion(client, member_user, category):
    client.force_login(member_user)
    data = {"title": "牧区饮水", "category": category.pk, "content": "情况", "action": "submit"}
    response = client.post(reverse("opinions:mine_new"), data)
    assert response.status_code == 200
    assert "suggestion" in response.context["form"].errors
    assert not Opinion.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        pytest.param({"content": "长" * 1501}, "content", id="content-over-1500"),
        pytest.param({"title": "\u202e"}, "title", id="control-only-title"),
        pytest.param({"submitter_name": "名\x00"}, "submitter_name", id="nul-name"),
        pytest.param({"channel": "web"}, "channel", id="public-channel"),
    ],
)
def test_staff_entry_form(client, staff_dalate, dalate, category, overrides, field):
    client.force_login(staff_dalate)
    data = {
        "channel": "phone",
        "committee": dalate.pk,
        "title": "来电",
        "content": "内容",
        "category": category.pk,
    }
    data.update(overrides)
    response = client.post(reverse("opinions:entry"), data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Opinion.objects.exists()


@pytest.mark.parametrize("comment", ["", "  \u202e ", "备\x00注", "注" * 1001])
def test_desk_note(client, staff_dalate, public_opinion, comment):
    client.force_login(staff_dalate)
    response = client.post(
        reverse("opinions:desk_action", args=[public_opinion.pk, "note"]), {"note-comment": comment}
    )
    assert response.status_code == 400
    assert "comment" in response.context["action_forms"]["note"].errors
    assert response.context["open_action"] == "note"
    assert not public_opinion.events.filter(kind="note").exists()


@pytest.mark.parametrize("code", ["", "\x00", "JY-2026-\u202e000001", "码" * 5000, "'; DROP"])
def test_tracking_form(client, public_opinion, code):
    response = client.post(reverse("opinions:track"), {"code": code, "key": "\x1b\x00" * 3})
    assert response.status_code == 200
    assert 'id="public-status"' not in response.content.decode()
