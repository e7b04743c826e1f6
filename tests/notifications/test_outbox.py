"""The outbox: rows written with the change that causes them, delivered by a task that carries
only the row id, retried with backoff when the mail server fails, swept when the broker never got
them, and never delivered twice."""

import datetime
import smtplib
from unittest import mock

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from notifications import delivery, services
from notifications.models import EmailOptOut, NoticeKind, Notification, OutboxMessage
from notifications.tasks import outbox_deliver_task, outbox_dispatch_task, outbox_sweep_task
from opinions import services as opinion_services
from opinions.models import Channel
from opinions.privacy import personal_data_erase
from tests.opinions.factories import categories_ensure

pytestmark = pytest.mark.django_db

Status = OutboxMessage.Status
BROKEN = "tests.notifications.test_outbox.BrokenBackend"
LOCMEM = "django.core.mail.backends.locmem.EmailBackend"


class BrokenBackend(BaseEmailBackend):
    """A mail server that is down."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


def at(delta_seconds: float):
    """Run the sweeper as if ``delta_seconds`` had passed."""
    return mock.patch(
        "django.utils.timezone.now",
        return_value=timezone.now() + datetime.timedelta(seconds=delta_seconds),
    )


def add_email(capture, cause="test:1", **fields):
    values = {"to": "a@example.com", "subject": "标题", "body": "内容", "cause": cause}
    values.update(fields)
    with capture(execute=True):
        return services.email_add(**values)


def test_smtp_down_keeps_the_row_pending_with_backoff_then_sends_it_once(
    settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = BROKEN
    row = add_email(django_capture_on_commit_callbacks)  # its task ran on commit, and failed
    row.refresh_from_db()
    assert (row.status, row.attempts) == (Status.PENDING, 1)
    assert "SMTPServerDisconnected" in row.last_error
    first_wait = row.next_attempt_at - timezone.now()
    assert datetime.timedelta(seconds=55) < first_wait <= datetime.timedelta(seconds=60)

    with at(61):
        outbox_sweep_task()  # second attempt, still down: the wait doubles
    row.refresh_from_db()
    assert (row.status, row.attempts) == (Status.PENDING, 2)
    assert row.next_attempt_at - timezone.now() > datetime.timedelta(seconds=61 + 115)

    settings.EMAIL_BACKEND = LOCMEM
    with at(120):
        outbox_sweep_task()  # not due yet
    assert mailoutbox == []
    with at(61 + 121):
        outbox_sweep_task()
        outbox_sweep_task()
    with at(3600):
        outbox_sweep_task()
    assert len(mailoutbox) == 1 and mailoutbox[0].subject == "标题"
    row.refresh_from_db()
    assert (row.status, row.attempts, row.last_error) == (Status.SENT, 3, "")
    assert row.sent_at is not None


def test_gives_up_after_max_attempts_and_shows_failed_in_the_admin(
    settings, client, admin, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = BROKEN
    settings.OUTBOX_MAX_ATTEMPTS = 2
    row = add_email(django_capture_on_commit_callbacks, sensitive=True, body="密钥 ABCDE-FGHJK")
    with at(61):
        outbox_sweep_task()
    row.refresh_from_db()
    assert (row.status, row.attempts, row.body) == (Status.FAILED, 2, "")
    with at(24 * 3600):
        outbox_sweep_task()
    row.refresh_from_db()
    assert row.attempts == 2  # given up: never tried again

    client.force_login(admin)
    page = client.get(reverse("admin:notifications_outboxmessage_changelist"))
    assert page.status_code == 200
    assert "发送失败" in page.content.decode() and "a@example.com" in page.content.decode()
    detail = client.get(reverse("admin:notifications_outboxmessage_change", args=[row.pk]))
    assert detail.status_code == 200 and "SMTPServerDisconnected" in detail.content.decode()
    assert client.post(reverse("admin:notifications_outboxmessage_add")).status_code == 403


def test_two_deliveries_of_the_same_row_send_one_email(
    settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = LOCMEM
    with mock.patch.object(outbox_deliver_task, "apply_async"):  # nothing delivered yet
        row = add_email(django_capture_on_commit_callbacks)
    assert delivery.outbox_deliver(message_id=row.pk) == "sent"
    assert delivery.outbox_deliver(message_id=row.pk) == "skipped"
    outbox_deliver_task.delay(row.pk)
    assert len(mailoutbox) == 1


def test_a_second_worker_skips_a_row_that_is_being_sent(
    settings, mailoutbox, django_capture_on_commit_callbacks
):
    """While one worker is in the middle of sending, another delivery of the same row (a
    duplicated task, the sweeper) does nothing."""
    seen = []

    class SecondWorkerBackend(BaseEmailBackend):
        def send_messages(self, messages):
            seen.append(delivery.outbox_deliver(message_id=row.pk))
            mail.outbox.extend(messages)
            return len(messages)

    settings.EMAIL_BACKEND = LOCMEM
    with mock.patch.object(outbox_deliver_task, "apply_async"):
        row = add_email(django_capture_on_commit_callbacks)
    with mock.patch("notifications.delivery.EmailMessage.get_connection") as connection:
        connection.return_value = SecondWorkerBackend()
        assert delivery.outbox_deliver(message_id=row.pk) == "sent"
    assert seen == ["skipped"]
    with at(3600):
        outbox_sweep_task()
    assert len(mailoutbox) == 1


def test_a_worker_that_died_mid_send_is_resent_once_after_its_lease(
    settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = LOCMEM
    with mock.patch.object(outbox_deliver_task, "apply_async"):
        row = add_email(django_capture_on_commit_callbacks)
    # a worker claimed it and was killed before sending
    lease_end = timezone.now() + datetime.timedelta(seconds=settings.OUTBOX_LEASE_SECONDS)
    OutboxMessage.objects.filter(pk=row.pk).update(locked_until=lease_end, attempts=1)
    with at(settings.OUTBOX_LEASE_SECONDS - 5):
        outbox_sweep_task()
    assert mailoutbox == []
    with at(settings.OUTBOX_LEASE_SECONDS + 1):
        outbox_sweep_task()
        outbox_sweep_task()
    assert len(mailoutbox) == 1
    row.refresh_from_db()
    assert (row.status, row.attempts) == (Status.SENT, 2)


def test_a_rolled_back_change_leaves_no_row_and_enqueues_nothing(
    make_user, django_capture_on_commit_callbacks
):
    user = make_user("citizen")
    with (
        mock.patch.object(outbox_deliver_task, "apply_async") as enqueue,
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        services.notice_add(user=user, text="通知", cause="test:rollback")
        services.email_add(to="a@example.com", subject="s", body="b", cause="test:rb")
        raise RuntimeError("the change failed")
    assert not OutboxMessage.objects.exists()
    enqueue.assert_not_called()
    assert not Notification.objects.exists()


def test_at_most_one_row_per_channel_recipient_and_cause(
    make_user, django_capture_on_commit_callbacks
):
    user = make_user("citizen")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        first = services.notice_add(user=user, text="一", cause="test:once")
        again = services.notice_add(user=user, text="二", cause="test:once")
        services.email_add(to="A@Example.com", subject="s", body="b", cause="test:once")
        services.email_add(to="a@example.com", subject="s", body="b", cause="test:once")
    assert first.pk == again.pk
    assert len(callbacks) == 1  # one enqueue for the transaction's rows
    assert callbacks[0].ids == dict.fromkeys(
        OutboxMessage.objects.order_by("pk").values_list("pk", flat=True)
    )  # each row once, though written twice
    assert OutboxMessage.objects.count() == 2
    assert list(Notification.objects.filter(user=user).values_list("text", flat=True)) == ["一"]
    with pytest.raises(IntegrityError), transaction.atomic():
        OutboxMessage.objects.create(
            channel=OutboxMessage.Channel.IN_APP,
            user=user,
            recipient=f"user:{user.pk}",
            cause="test:once",
            next_attempt_at=timezone.now(),
        )


def test_the_sweeper_sends_rows_whose_enqueue_failed(
    make_user, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = LOCMEM
    user = make_user("citizen")
    with mock.patch.object(outbox_deliver_task, "apply_async", side_effect=OSError("down")):
        add_email(django_capture_on_commit_callbacks)  # no exception reaches the caller
        with django_capture_on_commit_callbacks(execute=True):
            services.notice_add(user=user, text="站内", cause="test:notice")
    assert mailoutbox == [] and not Notification.objects.exists()
    outbox_sweep_task()
    assert mailoutbox == []  # young rows: their task may still be on its way
    with at(61):
        outbox_sweep_task()
    with at(120):
        outbox_sweep_task()
    assert len(mailoutbox) == 1
    assert Notification.objects.get(user=user).text == "站内"
    assert set(OutboxMessage.objects.values_list("status", flat=True)) == {Status.SENT}


def test_delivered_rows_are_purged_after_the_keep_period(
    settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = LOCMEM
    add_email(django_capture_on_commit_callbacks)
    with at(29 * 86400):
        outbox_sweep_task()
    assert OutboxMessage.objects.count() == 1
    with at(31 * 86400):
        outbox_sweep_task()
    assert not OutboxMessage.objects.exists()


# --- no secrets in the broker ---------------------------------------------------------------


def test_the_lookup_key_never_reaches_the_broker_and_is_blanked_after_delivery(
    dalate, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = LOCMEM
    category = categories_ensure()[1]
    with (
        mock.patch.object(
            outbox_deliver_task, "apply_async", wraps=outbox_deliver_task.apply_async
        ) as enqueue,
        django_capture_on_commit_callbacks(execute=True),
    ):
        opinion, key = opinion_services.opinion_submit_public(
            channel=Channel.WEB,
            committee=dalate,
            title="关于增设公交站点的建议",
            content="情况：小区附近没有公交站。建议：增设站点。",
            category=category,
            submitter_name="李四",
            submitter_phone="13912345678",
            submitter_email="lisi@example.com",
            consent=True,
        )
    assert key and len(mailoutbox) == 1 and key in mailoutbox[0].body  # the citizen got it
    row = OutboxMessage.objects.get(address="lisi@example.com")
    assert enqueue.call_args_list == [mock.call(args=(row.pk,), retry=False)]  # only the id
    row.refresh_from_db()
    assert row.status == Status.SENT
    for field in ("subject", "body", "link", "cause", "last_error", "recipient"):
        assert key not in getattr(row, field)
        assert key.replace("-", "") not in getattr(row, field)
    assert not OutboxMessage.objects.filter(body__contains=key).exists()


def test_the_lookup_key_waits_only_in_the_database_while_smtp_is_down(
    dalate, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = BROKEN
    category = categories_ensure()[1]
    with django_capture_on_commit_callbacks(execute=True):
        _opinion, key = opinion_services.opinion_submit_public(
            channel=Channel.WEB,
            committee=dalate,
            title="关于增设公交站点的建议",
            content="情况：小区附近没有公交站。建议：增设站点。",
            category=category,
            submitter_name="李四",
            submitter_phone="13912345678",
            submitter_email="lisi@example.com",
            consent=True,
        )
    row = OutboxMessage.objects.get(address="lisi@example.com")
    assert row.status == Status.PENDING and key in row.body  # kept for the retry
    settings.EMAIL_BACKEND = LOCMEM
    with at(61):
        outbox_sweep_task()
    assert len(mailoutbox) == 1 and key in mailoutbox[0].body
    assert not OutboxMessage.objects.filter(body__contains=key).exists()


# --- password reset while the mail server is down --------------------------------------------


def test_password_reset_with_smtp_down_shows_sent_and_mails_later(
    client, make_user, settings, mailoutbox, django_capture_on_commit_callbacks
):
    make_user("citizen", email="reset@example.com")
    settings.EMAIL_BACKEND = BROKEN
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("account_reset_password"), {"email": "reset@example.com"}, follow=True
        )
    assert response.status_code == 200
    assert response.redirect_chain == [(reverse("account_reset_password_done"), 302)]
    assert mailoutbox == []
    row = OutboxMessage.objects.get(address="reset@example.com")
    assert row.status == Status.PENDING and "/accounts/password/reset/key/" in row.body

    settings.EMAIL_BACKEND = LOCMEM
    with at(61):
        outbox_sweep_task()
        outbox_sweep_task()
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["reset@example.com"]
    assert "/accounts/password/reset/key/" in mailoutbox[0].body
    row.refresh_from_db()
    assert row.status == Status.SENT and row.body == ""  # the reset link is not kept


def test_erasing_a_persons_data_drops_their_messages(
    dalate, staff_dalate, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = LOCMEM
    category = categories_ensure()[1]
    with django_capture_on_commit_callbacks(execute=True):
        opinion_services.opinion_submit_public(
            channel=Channel.WEB,
            committee=dalate,
            title="关于增设公交站点的建议",
            content="情况：小区附近没有公交站。建议：增设站点。",
            category=category,
            submitter_name="李四",
            submitter_phone="13912345678",
            submitter_email="LiSi@example.com",
            consent=True,
        )
        services.email_add(to="other@example.com", subject="s", body="b", cause="test:other")
    assert OutboxMessage.objects.filter(recipient="lisi@example.com").exists()
    personal_data_erase(by=staff_dalate, phone="13912345678")
    emails = OutboxMessage.objects.filter(channel=OutboxMessage.Channel.EMAIL)
    assert list(emails.values_list("recipient", flat=True)) == ["other@example.com"]


# --- one publish per transaction (issue 11) ---------------------------------------------------


def test_a_transaction_s_rows_are_enqueued_with_one_publish(
    make_user, django_capture_on_commit_callbacks
):
    user = make_user("citizen", email="c@example.com")
    with (
        mock.patch.object(outbox_dispatch_task, "apply_async") as dispatch,
        mock.patch.object(outbox_deliver_task, "apply_async") as deliver,
        django_capture_on_commit_callbacks(execute=True),
        transaction.atomic(),
    ):
        services.notice_add(user=user, text="通知", cause="test:many")  # notice and its e-mail
        services.email_add(to="a@example.com", subject="s", body="b", cause="test:many")
        with transaction.atomic():  # a savepoint: its rows are its own batch
            services.email_add(to="b@example.com", subject="s", body="b", cause="test:many")
    *ids, in_savepoint = OutboxMessage.objects.order_by("pk").values_list("pk", flat=True)
    assert len(ids) == 3
    assert dispatch.call_args_list == [mock.call(args=(ids,), retry=False)]
    assert deliver.call_args_list == [mock.call(args=(in_savepoint,), retry=False)]
    with mock.patch.object(outbox_deliver_task, "apply_async") as deliver:
        outbox_dispatch_task(ids)  # in the worker: each row its own delivery task
    assert deliver.call_args_list == [mock.call(args=(pk,), retry=False) for pk in ids]


def test_a_rolled_back_savepoint_takes_its_batch_away(
    make_user, django_capture_on_commit_callbacks
):
    with (
        mock.patch.object(outbox_dispatch_task, "apply_async") as dispatch,
        mock.patch.object(outbox_deliver_task, "apply_async") as deliver,
        django_capture_on_commit_callbacks(execute=True),
        transaction.atomic(),
    ):
        with pytest.raises(RuntimeError), transaction.atomic():
            services.email_add(to="a@example.com", subject="s", body="b", cause="test:gone")
            raise RuntimeError("this part failed")
        kept = services.email_add(to="b@example.com", subject="s", body="b", cause="test:kept")
    assert list(OutboxMessage.objects.values_list("pk", flat=True)) == [kept.pk]
    dispatch.assert_not_called()
    assert deliver.call_args_list == [mock.call(args=(kept.pk,), retry=False)]


def test_a_broker_down_at_the_dispatch_is_left_to_the_sweeper(
    make_user, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = LOCMEM
    with (
        mock.patch.object(outbox_dispatch_task, "apply_async", side_effect=OSError("down")),
        django_capture_on_commit_callbacks(execute=True),
    ):
        services.email_add(to="a@example.com", subject="s", body="b", cause="test:d1")
        services.email_add(to="b@example.com", subject="s", body="b", cause="test:d2")
    assert mailoutbox == []
    with at(61):
        outbox_sweep_task()
    assert sorted(m.to[0] for m in mailoutbox) == ["a@example.com", "b@example.com"]


def test_a_row_already_there_keeps_what_it_holds(django_capture_on_commit_callbacks):
    """The upsert touches nothing of a row that is there (sent, its secret blanked)."""
    with django_capture_on_commit_callbacks(execute=False):
        first = services.email_add(
            to="a@example.com", subject="s", body="密钥", cause="test:keep", sensitive=True
        )
    OutboxMessage.objects.filter(pk=first.pk).update(status=Status.SENT, body="")
    with django_capture_on_commit_callbacks(execute=False):
        again = services.email_add(to="a@example.com", subject="新", body="新", cause="test:keep")
    assert again.pk == first.pk
    row = OutboxMessage.objects.get()
    assert (row.status, row.subject, row.body) == (Status.SENT, "s", "")


def test_opt_outs_are_read_with_the_recipients(make_user, django_assert_num_queries):
    users = [make_user("staff", email=f"s{n}@example.com") for n in range(3)]
    EmailOptOut.objects.create(user=users[1], kind=NoticeKind.REVIEW)
    recipients = services.with_email_opt_out(
        type(users[0]).objects.filter(pk__in=[u.pk for u in users]).order_by("pk"),
        kind=NoticeKind.REVIEW,
    )
    with django_assert_num_queries(1):
        wanted = [services.email_wanted(user=u, kind=NoticeKind.REVIEW) for u in recipients]
    assert wanted == [True, False, True]
    # a user not read that way is asked
    with django_assert_num_queries(1):
        assert not services.email_wanted(user=users[1], kind=NoticeKind.REVIEW)
