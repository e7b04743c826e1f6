"""典型经验: staff write up an activity, an opinion or a lecture, publish it on the public page
and the home page (latest three), take it down; photos are re-encoded and served by permission."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from showcases import services
from showcases.models import Showcase
from tests.workstations.factories import ActivityFactory

pytestmark = pytest.mark.usefixtures("frozen_now")


def _jpeg_with_exif() -> bytes:
    image = Image.new("RGB", (40, 30), (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def _form(**overrides):
    return {
        "title": "“三下沉”让委员走进嘎查",
        "summary": "达拉特旗政协委员编组下沉，一年走访嘎查村120次。",
        "body": "第一段。\n\n第二段。",
        **overrides,
    }


def test_staff_write_publish_and_unpublish(client, staff_dalate, dalate):
    client.force_login(staff_dalate)
    photo = SimpleUploadedFile("p.jpg", _jpeg_with_exif(), content_type="image/jpeg")
    response = client.post(
        reverse("showcase:new"), {**_form(committee=dalate.pk), "photos": [photo]}
    )
    assert response.status_code == 302
    showcase = Showcase.objects.get()
    stored = showcase.photos.get()
    assert b"SecretCam" not in stored.file.read()
    photo_url = reverse("showcase:photo", args=[stored.token])
    anonymous = client.__class__()
    assert anonymous.get(reverse("showcase:detail", args=[showcase.pk])).status_code == 404
    assert anonymous.get(photo_url).status_code == 404
    assert client.get(photo_url).status_code == 200  # staff in scope preview it
    client.post(reverse("showcase:action", args=[showcase.pk, "publish"]))
    showcase.refresh_from_db()
    assert showcase.status == "published"
    assert showcase.title in anonymous.get(reverse("showcase:list")).content.decode()
    assert (
        showcase.title
        in anonymous.get(reverse("showcase:detail", args=[showcase.pk])).content.decode()
    )
    assert anonymous.get(photo_url).status_code == 200
    assert showcase.title in anonymous.get(reverse("public_home")).content.decode()
    client.post(
        reverse("showcase:action", args=[showcase.pk, "unpublish"]),
        {"unpublish-reason": "更新数据"},
    )
    assert showcase.title not in anonymous.get(reverse("public_home")).content.decode()
    assert anonymous.get(reverse("showcase:detail", args=[showcase.pk])).status_code == 404
    assert [e.kind for e in showcase.events.all()] == ["created", "published", "unpublished"]


def test_home_shows_the_latest_three(client, staff_dalate, dalate):
    made = []
    for i in range(4):
        s = services.showcase_create(by=staff_dalate, committee=dalate, **_form(title=f"经验{i}"))
        services.showcase_publish(showcase=s, by=staff_dalate)
        made.append(s)
    page = client.get(reverse("public_home")).content.decode()
    assert "经验3" in page and "经验1" in page and "经验0" not in page


def test_sources_must_be_of_the_committee_and_have_happened(staff_dalate, dalate, zhungeer):
    from django.core.exceptions import ValidationError

    draft = ActivityFactory(committee=dalate, status="draft")
    with pytest.raises(ValidationError):
        services.showcase_create(by=staff_dalate, committee=dalate, activity=draft, **_form())
    foreign = ActivityFactory(committee=zhungeer, status="confirmed")
    with pytest.raises(ValidationError):
        services.showcase_create(by=staff_dalate, committee=dalate, activity=foreign, **_form())
    mine = ActivityFactory(committee=dalate, status="confirmed")
    s = services.showcase_create(by=staff_dalate, committee=dalate, activity=mine, **_form())
    assert s.activity == mine


def test_scope_and_roles(client, staff_dalate, staff_zhungeer, dalate, member_user):
    s = services.showcase_create(by=staff_dalate, committee=dalate, **_form())
    client.force_login(staff_zhungeer)
    assert client.get(reverse("showcase:edit", args=[s.pk])).status_code == 404
    assert s.title not in client.get(reverse("showcase:desk")).content.decode()
    client.force_login(member_user)
    assert client.get(reverse("showcase:desk")).status_code == 403
    with pytest.raises(PermissionDenied):
        services.showcase_create(by=staff_zhungeer, committee=dalate, **_form())


@pytest.mark.parametrize(
    "bad",
    [
        {"title": ""},
        {"title": "x" * 200},
        {"activity": "99999999"},
        {"activity": "abc"},
        {"opinion": "-1"},
        {"lecture_order": "1e3"},
        {"committee": "99999"},
    ],
)
def test_hostile_showcase_input(client, staff_dalate, dalate, bad):
    client.force_login(staff_dalate)
    response = client.post(reverse("showcase:new"), {**_form(committee=dalate.pk), **bad})
    assert response.status_code == 200
    assert "提交的内容有误" in response.content.decode()


def test_not_an_image_is_refused(client, staff_dalate, dalate):
    client.force_login(staff_dalate)
    fake = SimpleUploadedFile("p.jpg", b"<script>alert(1)</script>", content_type="image/jpeg")
    response = client.post(
        reverse("showcase:new"), {**_form(committee=dalate.pk), "photos": [fake]}
    )
    assert response.status_code == 200 and not Showcase.objects.exists()


def test_edit_and_list_query_counts(client, staff_dalate, dalate, django_assert_max_num_queries):
    for i in range(3):
        s = services.showcase_create(by=staff_dalate, committee=dalate, **_form(title=f"甲{i}"))
        services.showcase_publish(showcase=s, by=staff_dalate)
    with django_assert_max_num_queries(8) as few:
        client.get(reverse("showcase:list"))
    for i in range(10):
        s = services.showcase_create(by=staff_dalate, committee=dalate, **_form(title=f"乙{i}"))
        services.showcase_publish(showcase=s, by=staff_dalate)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("showcase:list"))
    client.force_login(staff_dalate)
    page = client.get(reverse("showcase:edit", args=[s.pk]))
    assert page.status_code == 200
    response = client.post(
        reverse("showcase:edit", args=[s.pk]), _form(committee=dalate.pk, title="改过的标题")
    )
    assert response.status_code == 302
    s.refresh_from_db()
    assert s.title == "改过的标题"


def test_written_up_from_a_confirmed_activity(client, staff_dalate, dalate):
    activity = ActivityFactory(committee=dalate, status="confirmed", title="走访养殖户")
    client.force_login(staff_dalate)
    page = client.get(reverse("liaison:activity_detail", args=[activity.pk])).content.decode()
    link = f"{reverse('showcase:new')}?activity={activity.pk}"
    assert link in page
    form = client.get(link).content.decode()
    assert f'<option value="{activity.pk}" selected>' in form
