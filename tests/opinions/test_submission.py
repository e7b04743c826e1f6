"""我要建言 and 政协信箱 through the browser's eyes: routing, the receipt, and abuse resistance
(honeypot, fill timer, per-IP rate limit with a CAPTCHA before the hard limit, idempotent
resubmission). Flagged submissions are stored with a spam flag, never dropped."""

import re
import time

import pytest
from django.core import signing
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from notifications.models import EmailOptOut, NoticeKind, OutboxMessage
from opinions import abuse
from opinions.models import Channel, Opinion, OpinionEvent
from opinions.services import check_lookup_key
from org.models import Region
from tests.opinions.conftest import public_form_data, timer_started

pytestmark = pytest.mark.django_db

SUBMIT = reverse("opinions:submit")
RECEIPT = reverse("opinions:receipt")


def post(client, data, ip="10.9.0.1", url=SUBMIT):
    return client.post(url, data, REMOTE_ADDR=ip)


class TestForm:
    def test_page_renders_with_timer_token_and_privacy_notice(self, client, categories):
        response = client.get(SUBMIT)
        assert response.status_code == 200
        html = response.content.decode()
        assert 'name="started"' in html and 'name="token"' in html
        assert 'name="website"' in html  # honeypot, hidden by CSS
        assert 'name="consent"' in html
        assert not response.context["form"].need_captcha
        for name in ("经济发展", "民族团结", "农牧业"):
            assert name in html

    @pytest.mark.parametrize(
        ("url", "channel"), [(SUBMIT, Channel.WEB), (reverse("opinions:mailbox"), Channel.MAILBOX)]
    )
    def test_submit_goes_to_the_chosen_committee(self, client, dalate, category, url, channel):
        response = post(client, public_form_data(dalate, category), url=url)
        assert response.status_code == 302 and response["Location"] == RECEIPT
        opinion = Opinion.objects.get()
        assert opinion.committee == dalate and opinion.channel == channel
        assert not opinion.is_spam and opinion.flag_reasons == []
        assert opinion.consent_version and opinion.consent_at

    def test_municipal_matters_go_to_the_municipal_committee(self, client, municipal, category):
        post(client, public_form_data(municipal, category))
        assert Opinion.objects.get().committee == municipal

    def test_region_must_lie_in_the_chosen_banner(self, client, dalate, zhungeer, category):
        elsewhere = (
            Region.objects.filter(committee=zhungeer).exclude(level=Region.Level.BANNER).first()
        )
        inside = Region.objects.filter(committee=dalate).exclude(level=Region.Level.BANNER).first()
        response = post(client, public_form_data(dalate, category, region=elsewhere.pk))
        assert response.status_code == 200
        assert "region" in response.context["form"].errors
        assert not Opinion.objects.exists()
        post(client, public_form_data(dalate, category, region=inside.pk))
        assert Opinion.objects.get().region == inside

    @pytest.mark.parametrize("junk", ["9" * 30, "²", "-1"])
    def test_junk_committee_id_is_a_form_error(self, client, dalate, category, junk):
        data = public_form_data(dalate, category)
        data["committee"] = junk
        response = client.post(SUBMIT, data)
        assert response.status_code == 200
        assert "committee" in response.context["form"].errors
        assert not Opinion.objects.exists()

    def test_consent_is_required(self, client, dalate, category):
        response = post(client, public_form_data(dalate, category, consent=None))
        assert response.status_code == 200
        assert "请阅读并同意个人信息处理告知" in response.content.decode()
        assert not Opinion.objects.exists()

    def test_phone_without_name_is_refused(self, client, dalate, category):
        response = post(client, public_form_data(dalate, category, submitter_name=""))
        assert "submitter_name" in response.context["form"].errors
        assert not Opinion.objects.exists()

    def test_anonymous_keeps_no_contact_details(self, client, dalate, category):
        post(client, public_form_data(dalate, category, is_anonymous="on"))
        opinion = Opinion.objects.get()
        assert opinion.is_anonymous
        assert (opinion.submitter_name, opinion.submitter_phone, opinion.submitter_email) == (
            "",
            "",
            "",
        )


class TestReceipt:
    def test_code_and_key_are_shown_once(self, client, dalate, category):
        post(client, public_form_data(dalate, category))
        opinion = Opinion.objects.get()
        first = client.get(RECEIPT).content.decode()
        assert opinion.tracking_code in first
        key = re.search(r'id="lookup-key">([A-Z0-9-]+)<', first).group(1)
        assert check_lookup_key(opinion, key)
        again = client.get(RECEIPT).content.decode()
        assert opinion.tracking_code in again and key not in again

    def test_receipt_without_a_submission_goes_to_tracking(self, client):
        response = client.get(RECEIPT)
        assert response.status_code == 302 and response["Location"] == reverse("opinions:track")


class TestFlagging:
    def _submit(self, client, dalate, category, **overrides):
        response = post(client, public_form_data(dalate, category, **overrides))
        # flagged or not, the sender sees the same receipt: a bot learns nothing
        assert response.status_code == 302 and response["Location"] == RECEIPT
        return Opinion.objects.get()

    def test_honeypot(self, client, dalate, category):
        opinion = self._submit(client, dalate, category, website="http://spam.example")
        assert opinion.is_spam and "honeypot" in opinion.flag_reasons
        event = opinion.events.get(kind=OpinionEvent.Kind.SUBMITTED)
        assert "honeypot" in event.data["flags"]

    def test_too_fast(self, client, dalate, category, settings):
        settings.SUBMISSION_MIN_SECONDS = 4
        opinion = self._submit(client, dalate, category, started=timer_started(1))
        assert opinion.is_spam and opinion.flag_reasons == ["too_fast"]

    def test_slow_enough_is_not_flagged(self, client, dalate, category, settings):
        settings.SUBMISSION_MIN_SECONDS = 4
        opinion = self._submit(client, dalate, category, started=timer_started(5))
        assert not opinion.is_spam

    def test_missing_timer(self, client, dalate, category):
        opinion = self._submit(client, dalate, category, started="")
        assert opinion.is_spam and opinion.flag_reasons == ["no_timer"]

    def test_forged_timer(self, client, dalate, category):
        opinion = self._submit(client, dalate, category, started="1700000000.0")
        assert opinion.is_spam and opinion.flag_reasons == ["bad_timer"]

    @pytest.mark.parametrize(
        "forged",
        [
            lambda token: token[:-1] + ("0" if token[-1] != "0" else "1"),  # the MAC changed
            lambda token: "t1.1.000." + token.rsplit(".", 1)[1],  # another time, same MAC
            lambda token: token + "0",
        ],
    )
    def test_tampered_timer(self, client, dalate, category, settings, forged):
        settings.SUBMISSION_MIN_SECONDS = 4
        started = forged(timer_started(600))
        opinion = self._submit(client, dalate, category, started=started)
        assert opinion.flag_reasons == ["bad_timer"]

    def test_timer_older_than_a_day(self, client, dalate, category):
        opinion = self._submit(client, dalate, category, started=timer_started(25 * 3600))
        assert opinion.flag_reasons == ["bad_timer"]

    def test_a_timer_signed_the_former_way_is_read(self, client, dalate, category, settings):
        """A form opened before the deploy that changed the token's format (issue 11)."""
        settings.SUBMISSION_MIN_SECONDS = 4
        started = signing.dumps(time.time() - 60, salt=abuse.TIMER_SALT)
        assert not self._submit(client, dalate, category, started=started).is_spam
        Opinion.objects.all().delete()
        started = signing.dumps(time.time() - 1, salt=abuse.TIMER_SALT)
        assert self._submit(client, dalate, category, started=started).flag_reasons == ["too_fast"]

    def test_flagged_is_hidden_from_the_inbox_until_asked_for(
        self, client, dalate, category, staff_dalate
    ):
        opinion = self._submit(client, dalate, category, website="x")
        client.force_login(staff_dalate)
        inbox = client.get(reverse("opinions:inbox"))
        assert opinion.tracking_code not in inbox.content.decode()
        only_spam = client.get(reverse("opinions:inbox"), {"spam": "only"})
        assert opinion.tracking_code in only_spam.content.decode()


class TestRateLimit:
    @pytest.fixture(autouse=True)
    def _limits(self, settings):
        # Every POST counts, valid or not: 2 valid, 2 refused for the CAPTCHA, 2 valid.
        settings.SUBMISSION_CAPTCHA_AFTER = 2
        settings.SUBMISSION_LIMIT_PER_HOUR = 6

    @staticmethod
    def _challenge(response) -> str:
        html = response.content.decode()
        match = re.search(r'src="/opinions/captcha/([^"/]+)\.png"', html)
        assert match, "the CAPTCHA image is not on the page"
        challenge = match.group(1)
        assert f'name="captcha_challenge" value="{challenge}"' in html
        return challenge

    def test_captcha_then_hard_limit(self, client, dalate, category):
        client.get(SUBMIT, REMOTE_ADDR="10.9.0.1")  # a browser: the form (and its CSRF cookie)
        for _ in range(2):
            assert post(client, public_form_data(dalate, category)).status_code == 302
        assert Opinion.objects.count() == 2

        # approaching the limit: the form now asks for the CAPTCHA
        page = client.get(SUBMIT, REMOTE_ADDR="10.9.0.1")
        challenge = self._challenge(page)
        image = client.get(reverse("opinions:captcha", args=[challenge]))
        assert image.status_code == 200 and image["Content-Type"] == "image/png"
        assert image.content.startswith(b"\x89PNG")

        # no answer
        response = post(client, public_form_data(dalate, category, captcha_challenge=challenge))
        assert response.status_code == 200
        assert "captcha" in response.context["form"].errors
        assert Opinion.objects.count() == 2

        # a wrong answer: a message and a fresh image
        challenge = self._challenge(response)
        response = post(
            client, public_form_data(dalate, category, captcha_challenge=challenge, captcha="00000")
        )
        assert response.status_code == 200
        assert "验证码不正确或已过期" in response.content.decode()
        assert Opinion.objects.count() == 2

        # the answer is single-use: the wrong try burnt that challenge
        assert abuse.captcha_answer(challenge) is None

        # the right answer passes
        challenge = self._challenge(response)
        answer = abuse.captcha_answer(challenge)
        response = post(
            client, public_form_data(dalate, category, captcha_challenge=challenge, captcha=answer)
        )
        assert response.status_code == 302
        assert Opinion.objects.count() == 3

        challenge = self._challenge(client.get(SUBMIT, REMOTE_ADDR="10.9.0.1"))
        response = post(
            client,
            public_form_data(
                dalate,
                category,
                captcha_challenge=challenge,
                captcha=abuse.captcha_answer(challenge),
            ),
        )
        assert response.status_code == 302
        assert Opinion.objects.count() == 4

        # the hard limit: the seventh POST from this address
        blocked = post(client, public_form_data(dalate, category))
        assert blocked.status_code == 429
        assert "操作过于频繁" in blocked.content.decode()
        assert Opinion.objects.count() == 4

        # another address is not affected
        assert post(client, public_form_data(dalate, category), ip="10.9.0.2").status_code == 302

    def test_a_client_without_our_cookie_is_asked_when_it_posts(self, client, dalate, category):
        """The empty form reads no counter on a first visit (no CSRF cookie yet): a client over
        the threshold that comes back without cookies gets the plain form, and its POST is the
        one that asks for the CAPTCHA — nothing is saved without it."""
        for _ in range(2):
            assert post(client, public_form_data(dalate, category)).status_code == 302
        fresh = Client()
        page = fresh.get(SUBMIT, REMOTE_ADDR="10.9.0.1")
        assert page.status_code == 200 and "captcha-img" not in page.content.decode()
        response = post(fresh, public_form_data(dalate, category))
        assert response.status_code == 200
        assert "captcha" in response.context["form"].errors
        challenge = self._challenge(response)
        answer = abuse.captcha_answer(challenge)
        data = public_form_data(dalate, category, captcha_challenge=challenge, captcha=answer)
        assert post(fresh, data).status_code == 302
        assert Opinion.objects.count() == 3

    def test_unknown_captcha_image_is_404(self, client):
        assert client.get(reverse("opinions:captcha", args=["nope"])).status_code == 404

    def test_captcha_answer_cannot_be_replayed(self, client, dalate, category):
        client.get(SUBMIT, REMOTE_ADDR="10.9.0.1")
        for _ in range(2):
            post(client, public_form_data(dalate, category))
        challenge = self._challenge(client.get(SUBMIT, REMOTE_ADDR="10.9.0.1"))
        answer = abuse.captcha_answer(challenge)
        data = public_form_data(dalate, category, captcha_challenge=challenge, captcha=answer)
        assert post(client, data).status_code == 302
        replay = public_form_data(dalate, category, captcha_challenge=challenge, captcha=answer)
        response = post(client, replay)
        assert response.status_code == 200
        assert "captcha" in response.context["form"].errors
        assert Opinion.objects.count() == 3


class TestIdempotency:
    def test_double_submit_creates_one_opinion(self, client, dalate, category):
        data = public_form_data(dalate, category)
        first = post(client, data)
        second = post(client, data)
        assert first.status_code == second.status_code == 302
        assert Opinion.objects.count() == 1
        receipt = client.get(RECEIPT).content.decode()
        assert Opinion.objects.get().tracking_code in receipt
        assert 'id="lookup-key"' in receipt  # the first submission's key was not yet shown

    def test_resubmit_after_the_receipt(self, client, dalate, category):
        data = public_form_data(dalate, category)
        post(client, data)
        client.get(RECEIPT)
        post(client, data)
        receipt = client.get(RECEIPT).content.decode()
        assert Opinion.objects.count() == 1
        assert "这条建言已经提交过了" in receipt

    def test_resubmit_from_another_session(self, client_factory, dalate, category):
        data = public_form_data(dalate, category)
        post(client_factory(), data)
        other = client_factory()
        post(other, data)
        assert Opinion.objects.count() == 1
        receipt = other.get(RECEIPT).content.decode()
        assert Opinion.objects.get().tracking_code in receipt
        assert 'id="lookup-key"' not in receipt

    def test_different_tokens_create_two(self, client, dalate, category):
        post(client, public_form_data(dalate, category))
        post(client, public_form_data(dalate, category))
        assert Opinion.objects.count() == 2

    def test_garbage_token_is_ignored(self, client, dalate, category):
        post(client, public_form_data(dalate, category, token="<script>"))
        post(client, public_form_data(dalate, category, token="<script>"))
        assert Opinion.objects.count() == 2
        assert Opinion.objects.filter(dedupe_token__isnull=False).count() == 0


@pytest.fixture
def client_factory():
    from django.test import Client

    return Client


class TestLetterToWorkstation:
    """政协信箱: a letter may be addressed to one 委员之家 of the chosen 旗区."""

    def _workstation(self, committee):
        from workstations.models import Workstation

        return Workstation.objects.create(
            committee=committee,
            name=f"{committee.short_name}测试委员之家",
            kind="home",
            address="测试路1号",
        )

    def test_letter_reaches_the_workstation(self, client, dalate, settings):
        from opinions.models import Opinion

        settings.SUBMISSION_MIN_SECONDS = 0
        workstation = self._workstation(dalate)
        page = client.get(reverse("opinions:mailbox"), {"workstation": workstation.pk})
        html = page.content.decode()
        assert f'value="{workstation.pk}" selected' in html
        assert 'for="id_workstation"' in html
        data = _letter_data(html, committee=dalate.pk, workstation=workstation.pk)
        response = client.post(reverse("opinions:mailbox"), data)
        assert response.status_code == 302
        letter = Opinion.objects.get()
        assert letter.workstation == workstation and letter.channel == "mailbox"

    def test_workstation_of_another_banner_is_refused(self, client, dalate, zhungeer, settings):
        from opinions.models import Opinion

        settings.SUBMISSION_MIN_SECONDS = 0
        workstation = self._workstation(zhungeer)
        html = client.get(reverse("opinions:mailbox")).content.decode()
        data = _letter_data(html, committee=dalate.pk, workstation=workstation.pk)
        response = client.post(reverse("opinions:mailbox"), data)
        assert response.status_code == 200
        assert "所选委员之家不在该旗区" in response.content.decode()
        assert not Opinion.objects.exists()


def _letter_data(html, **extra):
    import re

    from opinions.models import Category

    token = re.search(r'name="token" value="([^"]+)"', html).group(1)
    started = re.search(r'name="started" value="([^"]+)"', html).group(1)
    return {
        "title": "给委员之家的一封信",
        "content": "希望委员之家周末也能开放。",
        "category": Category.objects.first().pk,
        "consent": "on",
        "token": token,
        "started": started,
        **extra,
    }


def test_a_submission_takes_few_queries(client, dalate, category, make_user):
    """What the database enforces anyway (the status check, the unique dedupe token) is not
    asked of it again before the INSERT; the posted category, committee and place are checked
    against the lists kept per process, like the sensitive words (issue 11)."""
    village = Region.objects.filter(committee=dalate, level=Region.Level.VILLAGE).first()
    # the lists and the words, read once
    post(client, public_form_data(dalate, category, region=village.pk))
    staff = [make_user("staff", dalate, email=f"s{n}@example.com") for n in range(2)]
    EmailOptOut.objects.create(user=staff[1], kind=NoticeKind.REVIEW)
    with CaptureQueriesContext(connection) as ctx:
        response = post(client, public_form_data(dalate, category, region=village.pk))
    assert response.status_code == 302
    statements = [q["sql"] for q in ctx.captured_queries if "SAVEPOINT" not in q["sql"]]
    # the tracking number (one UPDATE … RETURNING); the opinion (its unique dedupe token answers
    # for a repeat); its event; the e-mail with the tracking code in the outbox (its unique
    # source answers for a repeat: no savepoint); the office's staff with their e-mail choices
    # (one query); each staff user's notice and its e-mail in one INSERT
    # (the office's staff are read before the number: the counter row is locked from the
    # number to the commit)
    assert [sql.split()[0] for sql in statements] == [
        "SELECT",
        "UPDATE",
        "INSERT",
        "INSERT",
        "INSERT",
        "INSERT",
        "INSERT",
    ], "\n".join(statements)
    assert "accounts_user" in statements[0] and "trackingsequence" in statements[1]
    # no savepoint but the service's transaction (a savepoint inside the test's)
    assert sum("SAVEPOINT" in q["sql"] for q in ctx.captured_queries) == 2
    opinion = Opinion.objects.filter(region=village).latest("pk")
    assert opinion.events.count() == 1
    told = OutboxMessage.objects.filter(cause=f"opinion-event:{opinion.events.get().pk}")
    assert sorted(told.values_list("recipient", flat=True)) == sorted(
        ["s0@example.com", f"user:{staff[0].pk}", f"user:{staff[1].pk}", "lisi@example.com"]
    )


@pytest.mark.django_db(transaction=True)
def test_concurrent_submissions_number_without_gaps_on_postgresql(ref):
    """Threads submit at once, the year's first number among them: the tracking numbers are
    1..N, no gap, no duplicate (one UPDATE … RETURNING takes the year's row lock)."""
    import threading

    if connection.vendor != "postgresql":
        pytest.skip("row locks are only exercised on PostgreSQL")
    from opinions import services
    from tests.opinions.factories import categories_ensure

    category = categories_ensure()[0]
    dalate = ref["dalate"]
    n = 8
    barrier = threading.Barrier(n)
    errors = []

    def submit(i):
        from django.db import connection as thread_connection

        try:
            barrier.wait(timeout=10)
            services.opinion_submit_public(
                channel=Channel.WEB,
                consent=True,
                dedupe_token=f"{i:032x}",
                committee=dalate,
                category=category,
                title="小区周边停车位不足",
                content="早晚高峰停车难，建议增设停车位。",
            )
        except Exception as exc:  # noqa: BLE001 — reported below
            errors.append(exc)
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=submit, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    numbers = sorted(
        int(code[-6:]) for code in Opinion.objects.values_list("tracking_code", flat=True)
    )
    assert numbers == list(range(1, n + 1))
