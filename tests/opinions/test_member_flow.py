"""A member's 社情民意 item through the pages: draft, edit, submit, returned by staff with a
reason (and told in-app), revised and resubmitted; nobody else's items are visible."""

import re

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from notifications.models import Notification
from opinions.models import Opinion, OpinionEvent, Status
from tests.members.factories import MemberFactory

pytestmark = pytest.mark.django_db


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def item_data(category, **overrides):
    data = {
        "title": "牧区饮水安全问题",
        "category": category.pk,
        "content": "部分嘎查饮水井水质不达标。",
        "analysis": "净化设备老化。",
        "suggestion": "更新净化设备。",
        "action": "save",
    }
    data.update(overrides)
    return data


def test_full_member_flow(
    client, member_user, staff_dalate, category, django_capture_on_commit_callbacks
):
    client.force_login(member_user)
    assert client.get(reverse("opinions:mine_new")).status_code == 200

    # save a draft
    response = client.post(reverse("opinions:mine_new"), item_data(category))
    item = Opinion.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("opinions:mine_detail", args=[item.pk])
    assert "草稿已保存。" in messages_of(response)
    assert item.status == Status.DRAFT and item.author == member_user.member
    assert item.tracking_code is None

    # edit it
    edit = reverse("opinions:mine_edit", args=[item.pk])
    assert client.get(edit).context["form"].initial["title"] == "牧区饮水安全问题"
    client.post(edit, item_data(category, title="牧区饮水安全问题（修改）"))
    item.refresh_from_db()
    assert item.title == "牧区饮水安全问题（修改）" and item.status == Status.DRAFT

    # the list shows it
    listing = client.get(reverse("opinions:mine")).content.decode()
    assert "牧区饮水安全问题（修改）" in listing and "草稿" in listing

    # submit
    client.post(reverse("opinions:mine_submit", args=[item.pk]))
    item.refresh_from_db()
    assert item.status == Status.SUBMITTED and item.tracking_code
    # a submitted item can no longer be edited
    response = client.get(edit)
    assert response.status_code == 302
    assert "已提交审核的信息不能修改。" in messages_of(response)

    # staff return it with a reason; the member is told in-app
    client.force_login(staff_dalate)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("opinions:desk_action", args=[item.pk, "return"]),
            {"return-comment": "请补充涉及的嘎查名称和户数", "return-expected_status": "submitted"},
        )
    item.refresh_from_db()
    assert item.status == Status.RETURNED
    notice = Notification.objects.get(user=member_user)
    assert "请补充涉及的嘎查名称和户数" in notice.text
    assert notice.link == reverse("opinions:mine_detail", args=[item.pk])

    # the member sees the reason, revises and resubmits
    client.force_login(member_user)
    page = client.get(reverse("opinions:mine_detail", args=[item.pk])).content.decode()
    assert "请补充涉及的嘎查名称和户数" in page
    assert "重新提交" in page
    response = client.post(
        edit, item_data(category, content="涉及3个嘎查共120户。", action="submit")
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == Status.SUBMITTED and item.content == "涉及3个嘎查共120户。"
    resubmitted = item.events.filter(kind=OpinionEvent.Kind.SUBMITTED).latest("pk")
    assert resubmitted.from_status == "returned" and resubmitted.data == {"resubmitted": True}
    # the member's own submission does not notify the member
    assert Notification.objects.filter(user=member_user).count() == 1


def test_submit_from_the_form_directly(client, member_user, category):
    client.force_login(member_user)
    response = client.post(reverse("opinions:mine_new"), item_data(category, action="submit"))
    item = Opinion.objects.get()
    assert item.status == Status.SUBMITTED
    assert any(item.tracking_code in m for m in messages_of(response))


def test_internal_events_are_not_shown_to_the_member(
    client, member_user, staff_dalate, member_item
):
    from opinions import services

    services.opinion_add_note(opinion=member_item, by=staff_dalate, comment="内部讨论内容")
    services.opinion_reveal_contact(opinion=member_item, by=staff_dalate)
    client.force_login(member_user)
    html = client.get(reverse("opinions:mine_detail", args=[member_item.pk])).content.decode()
    assert "内部讨论内容" not in html and "查看联系方式" not in html


class TestOtherMembers:
    @pytest.fixture
    def item(self, make_member_item, member_user):
        return make_member_item(member_user, submit=False)

    def test_list_shows_only_own(self, client, other_member_user, item):
        client.force_login(other_member_user)
        response = client.get(reverse("opinions:mine"))
        assert list(response.context["opinions"]) == []

    @pytest.mark.parametrize("name", ["mine_detail", "mine_edit"])
    def test_404_on_others_items(self, client, other_member_user, item, name):
        client.force_login(other_member_user)
        assert client.get(reverse(f"opinions:{name}", args=[item.pk])).status_code == 404

    def test_cannot_submit_or_edit_others_items(self, client, other_member_user, item, category):
        client.force_login(other_member_user)
        assert client.post(reverse("opinions:mine_submit", args=[item.pk])).status_code == 404
        response = client.post(
            reverse("opinions:mine_edit", args=[item.pk]), item_data(category, title="篡改")
        )
        assert response.status_code == 404
        item.refresh_from_db()
        assert item.status == Status.DRAFT and item.title == "牧区饮水安全问题"

    @pytest.mark.parametrize("who", ["staff_dalate", "citizen"])
    def test_non_members_get_403(self, client, request, who, item):
        client.force_login(request.getfixturevalue(who))
        assert client.get(reverse("opinions:mine")).status_code == 403
        assert client.get(reverse("opinions:mine_new")).status_code == 403

    def test_anonymous_is_sent_to_login(self, client, item):
        response = client.get(reverse("opinions:mine"))
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


class TestCoAuthors:
    def test_colleagues_of_the_same_committee(self, client, member_user, dalate, category):
        colleague = MemberFactory(committee=dalate, name="同旗委员")
        client.force_login(member_user)
        client.post(reverse("opinions:mine_new"), item_data(category, co_authors=[colleague.pk]))
        assert list(Opinion.objects.get().co_authors.all()) == [colleague]

    @pytest.mark.parametrize("code", ["zhungeer", "ordos"])
    def test_other_committee_is_refused(self, client, member_user, ref, category, code):
        outsider = MemberFactory(committee=ref[code], name="外地委员")
        client.force_login(member_user)
        response = client.post(
            reverse("opinions:mine_new"), item_data(category, co_authors=[outsider.pk])
        )
        assert response.status_code == 200
        assert "co_authors" in response.context["form"].errors
        assert "外地委员" not in str(response.context["form"].fields["co_authors"].choices)
        assert not Opinion.objects.exists()

    def test_the_author_is_not_their_own_co_author(self, make_member_item, member_user):
        item = make_member_item(member_user, submit=False, co_authors=[member_user.member])
        assert list(item.co_authors.all()) == []


def test_the_member_form_has_searchable_pickers_and_a_chinese_file_button(client, member_user):
    client.force_login(member_user)
    html = client.get(reverse("opinions:mine_new")).content.decode()
    assert re.search(r'<select name="co_authors"[^>]*data-picker=', html)
    assert re.search(r'<select name="region"[^>]*data-picker=', html)
    assert "选择文件" in html and 'class="portal-file"' in html
