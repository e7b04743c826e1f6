"""A member's own items through the API: the detail the item page shows, and revising a draft
or an item sent back for revision with the web's form and service (opinion_save_draft)."""

from __future__ import annotations

import pytest

from opinions import services
from opinions.models import Opinion, Status
from tests.api.conftest import client_for

pytestmark = pytest.mark.usefixtures("frozen_now")


def body(category, **extra):
    return {
        "title": "牧区饮水安全问题（修改稿）",
        "category": category.pk,
        "content": "三个嘎查的饮水井水质不达标。",
        "analysis": "水源单一。",
        "suggestion": "增设备用水源。",
        **extra,
    }


def url(opinion) -> str:
    return f"/api/v1/me/opinions/{opinion.pk}/"


def test_revise_a_draft_then_submit_it(member_user, make_member_item, category):
    draft = make_member_item(member_user, submit=False)
    client = client_for(member_user)
    detail = client.get(url(draft)).json()
    assert detail["editable"] is True and detail["status"] == "draft"
    response = client.put(url(draft), body(category), format="json")
    assert response.status_code == 200, response.content
    assert response.json()["title"] == "牧区饮水安全问题（修改稿）"
    assert Opinion.objects.get(pk=draft.pk).status == Status.DRAFT
    submitted = client.put(url(draft), body(category, action="submit"), format="json")
    assert submitted.status_code == 200
    assert submitted.json()["status"] == "submitted" and submitted.json()["editable"] is False
    assert Opinion.objects.get(pk=draft.pk).tracking_code


def test_revise_an_item_sent_back(member_user, member_item, staff_dalate, category):
    services.opinion_return(opinion=member_item, by=staff_dalate, comment="请补充具体嘎查名称。")
    client = client_for(member_user)
    detail = client.get(url(member_item)).json()
    assert detail["status"] == "returned" and detail["editable"] is True
    assert detail["return_reason"] == "请补充具体嘎查名称。"
    response = client.put(
        url(member_item),
        body(category, content="树林召镇三个嘎查的饮水井水质不达标。", action="submit"),
        format="json",
    )
    assert response.status_code == 200, response.content
    opinion = Opinion.objects.get(pk=member_item.pk)
    assert opinion.status == Status.SUBMITTED and opinion.content.startswith("树林召镇")
    assert response.json()["return_reason"] == ""


def test_a_submitted_item_cannot_change(member_user, member_item, category):
    response = client_for(member_user).put(url(member_item), body(category), format="json")
    assert response.status_code == 409
    assert response.json()["detail"] == "已提交审核的信息不能修改。"
    assert Opinion.objects.get(pk=member_item.pk).title == "牧区饮水安全问题"


def test_the_forms_errors_and_another_members_item(
    member_user, other_member_user, make_member_item, category
):
    draft = make_member_item(member_user, submit=False)
    client = client_for(member_user)
    response = client.put(
        url(draft), {**body(category), "title": "", "category": 999999}, format="json"
    )
    assert response.status_code == 400
    assert {"title", "category"} <= set(response.json()["errors"])
    theirs = client_for(other_member_user)
    assert theirs.get(url(draft)).status_code == 404
    assert theirs.put(url(draft), body(category), format="json").status_code == 404
    assert Opinion.objects.get(pk=draft.pk).title == "牧区饮水安全问题"


def test_multipart_revision_adds_an_attachment(member_user, make_member_item, category):
    from tests.liaison.test_activities import _jpeg

    draft = make_member_item(member_user, submit=False)
    response = client_for(member_user).put(
        url(draft), {**body(category), "attachments": [_jpeg()]}, format="multipart"
    )
    assert response.status_code == 200, response.content
    assert len(response.json()["attachments"]) == 1
