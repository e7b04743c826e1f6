"""The notification centre: a user's own notices (list, filters, open, mark read), the bell's
unread count in the header, the e-mail settings — for every role, nobody else's notices."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from notifications import delivery, services
from notifications.models import EmailOptOut, NoticeKind, Notification, OutboxMessage

pytestmark = pytest.mark.django_db


def notices(user, n, *, kind=NoticeKind.OTHER, read=False, start=0):
    made = [
        delivery.notification_send(
            user=user, text=f"通知{i}", link="/home/", source=f"t:{user.pk}:{kind}:{i}", kind=kind
        )
        for i in range(start, start + n)
    ]
    if read:
        Notification.objects.filter(pk__in=[m.pk for m in made]).update(read_at="2026-06-01T00:00Z")
    return made


def bell_count(html: str) -> int:
    badge = re.search(r'class="badge rounded-pill notice-badge">([^<]+)<', html)
    return int(badge.group(1)) if badge else 0


@pytest.fixture
def owner(make_user, dalate):
    return make_user(User.Role.STAFF, dalate, username="owner", email="owner@example.org")


@pytest.fixture
def stranger(make_user, dalate):
    return make_user(User.Role.STAFF, dalate, username="stranger")


# --- the list --------------------------------------------------------------------------------
def test_the_list_shows_ones_own_notices_only(client, owner, stranger):
    notices(owner, 2)
    notices(stranger, 1, kind=NoticeKind.DUTY)
    client.force_login(owner)
    response = client.get(reverse("notifications:list"))
    assert response.status_code == 200
    assert [n.user_id for n in response.context["notices"]] == [owner.pk, owner.pk]


def test_filters_unread_and_kind(client, owner):
    notices(owner, 2, kind=NoticeKind.REVIEW)
    notices(owner, 3, kind=NoticeKind.DUTY, read=True)
    notices(owner, 1, kind=NoticeKind.DUTY, start=10)
    client.force_login(owner)
    url = reverse("notifications:list")
    assert len(client.get(url, {"unread": "on"}).context["notices"]) == 3
    assert len(client.get(url, {"kind": "duty"}).context["notices"]) == 4
    assert len(client.get(url, {"kind": "duty", "unread": "on"}).context["notices"]) == 1
    # a kind that does not exist is ignored, never a 500
    assert client.get(url, {"kind": "nope"}).status_code == 200


def test_the_bell_count_equals_the_unread_lists_length(client, owner):
    notices(owner, 4)
    notices(owner, 3, read=True, start=10)
    client.force_login(owner)
    html = client.get(reverse("home"), follow=True).content.decode()
    unread = client.get(reverse("notifications:list"), {"unread": "on"})
    assert bell_count(html) == len(unread.context["notices"]) == 4
    assert "通知：4 条未读" in html


def test_the_list_is_paginated(client, owner):
    notices(owner, 25)
    client.force_login(owner)
    first = client.get(reverse("notifications:list"))
    second = client.get(reverse("notifications:list"), {"page": 2})
    assert len(first.context["notices"]) == 20 and len(second.context["notices"]) == 5
    assert client.get(reverse("notifications:list"), {"page": 99}).status_code == 404


def test_the_list_takes_the_same_queries_for_5_and_50_notices(
    client, owner, django_assert_max_num_queries
):
    client.force_login(owner)
    notices(owner, 5)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("notifications:list"))
    notices(owner, 45, start=5)
    with django_assert_max_num_queries(len(few)):
        response = client.get(reverse("notifications:list"))
    assert response.status_code == 200


def test_the_bell_costs_one_query_and_nothing_for_the_anonymous(client, owner):
    notices(owner, 2)
    with CaptureQueriesContext(connection) as anonymous:
        client.get(reverse("public_home"))
    assert not [q for q in anonymous.captured_queries if "notifications_notification" in q["sql"]]
    client.force_login(owner)
    with CaptureQueriesContext(connection) as signed_in:
        client.get(reverse("notifications:settings"))
    counted = [q for q in signed_in.captured_queries if "notifications_notification" in q["sql"]]
    assert len(counted) == 1


# --- open and mark read ------------------------------------------------------------------------
def test_opening_a_notice_marks_it_read_and_goes_to_its_object(client, owner):
    (notice,) = notices(owner, 1)
    client.force_login(owner)
    response = client.get(reverse("notifications:open", args=[notice.pk]))
    assert response.status_code == 302 and response["Location"] == "/home/"
    notice.refresh_from_db()
    assert notice.read_at is not None


def test_a_notice_linking_off_site_opens_the_list_instead(client, owner):
    notice = delivery.notification_send(user=owner, text="x", link="https://evil.example/")
    client.force_login(owner)
    response = client.get(reverse("notifications:open", args=[notice.pk]))
    assert response["Location"] == reverse("notifications:list")


def test_another_users_notice_is_a_404_and_stays_unread(client, owner, stranger):
    (notice,) = notices(stranger, 1)
    client.force_login(owner)
    assert client.get(reverse("notifications:open", args=[notice.pk])).status_code == 404
    assert client.post(reverse("notifications:read", args=[notice.pk])).status_code == 404
    client.post(reverse("notifications:read_all"))
    notice.refresh_from_db()
    assert notice.read_at is None


def test_mark_read_and_mark_all_read_are_posts(client, owner):
    first, second, third = notices(owner, 3)
    client.force_login(owner)
    assert client.get(reverse("notifications:read", args=[first.pk])).status_code == 405
    back = reverse("notifications:list") + "?unread=on"
    response = client.post(reverse("notifications:read", args=[first.pk]), {"next": back})
    assert response["Location"] == back
    assert Notification.objects.filter(user=owner, read_at__isnull=True).count() == 2
    # a foreign "next" is not followed
    response = client.post(reverse("notifications:read_all"), {"next": "https://evil.example/"})
    assert response["Location"] == reverse("notifications:list")
    assert not Notification.objects.filter(user=owner, read_at__isnull=True).exists()


def test_every_role_has_the_bell_and_the_list(client, user_for_role):
    for role, user in user_for_role.items():
        notices(user, 1)
        client.force_login(user)
        response = client.get(reverse("notifications:list"))
        assert response.status_code == 200, role
        assert bell_count(response.content.decode()) == 1, role
        client.logout()


# --- e-mail settings ---------------------------------------------------------------------------
def test_settings_turn_a_kind_of_email_off_and_on(client, owner):
    client.force_login(owner)
    page = client.get(reverse("notifications:settings"))
    assert page.status_code == 200
    html = page.content.decode()
    assert '<label class="form-check-label" for="id_forwarding">转办件</label>' in html
    assert "id_account" not in html  # security notices cannot be turned off
    wanted = {k: "on" for k in ("opinion", "review", "activity", "duty", "export", "other")}
    response = client.post(reverse("notifications:settings"), wanted)
    assert response.status_code == 302
    assert set(EmailOptOut.objects.filter(user=owner).values_list("kind", flat=True)) == {
        "forwarding"
    }
    client.post(reverse("notifications:settings"), {**wanted, "forwarding": "on"})
    assert not EmailOptOut.objects.filter(user=owner).exists()


def test_opt_out_is_respected_and_the_notice_still_comes(owner, django_capture_on_commit_callbacks):
    services.email_opt_outs_set(user=owner, kinds={NoticeKind.REVIEW})
    with django_capture_on_commit_callbacks(execute=True):
        services.notice_add(user=owner, text="新建言待审核", cause="t:1", kind=NoticeKind.REVIEW)
        services.notice_add(user=owner, text="值班提醒", cause="t:2", kind=NoticeKind.DUTY)
        services.notice_add(user=owner, text="账号提醒", cause="t:3", kind=NoticeKind.ACCOUNT)
    emails = OutboxMessage.objects.filter(channel="email")
    assert sorted(emails.values_list("cause", flat=True)) == ["t:2", "t:3"]
    assert Notification.objects.filter(user=owner).count() == 3
    # an account without an address gets the notice and no e-mail
    owner.email = ""
    owner.save()
    services.notice_add(user=owner, text="又一条", cause="t:4", kind=NoticeKind.DUTY)
    assert not emails.filter(cause="t:4").exists()


def test_a_repeated_notice_is_stored_and_mailed_once(
    owner, django_capture_on_commit_callbacks, mailoutbox
):
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            services.notice_add(user=owner, text="导出完成", cause="t:x", kind=NoticeKind.EXPORT)
    assert Notification.objects.filter(user=owner).count() == 1
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.subject == "【鄂尔多斯政协】导出完成"
    assert "owner" in message.body or "您好" in message.body
    assert "鄂尔多斯政协委员联系群众平台" in message.body
    assert "/notifications/settings/" in message.body
    for pk in OutboxMessage.objects.values_list("pk", flat=True):
        assert delivery.outbox_deliver(message_id=pk) == "skipped"
    assert Notification.objects.filter(user=owner).count() == 1 and len(mailoutbox) == 1
