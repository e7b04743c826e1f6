"""PIPL and uploads: the consent version each submission agreed to, anonymisation after the
retention period, one person's data found/exported/erased by phone (in scope, logged), the
sensitive-word list that flags and never drops, and uploads that are never public files."""

from __future__ import annotations

import datetime
import json

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from audit.models import AuditLog
from opinions import services
from opinions.models import Attachment, Channel, Opinion, SensitiveWord, Status
from opinions.privacy import opinions_anonymise_expired
from tests.opinions.conftest import public_form_data
from tests.opinions.factories import AttachmentFactory, OpinionFactory, categories_ensure

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 6, 15, 10, 0, tzinfo=datetime.UTC)
PHONE = "13912345678"
YEAR = datetime.timedelta(days=365)


# --- consent -------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", ["opinions:submit", "opinions:mailbox"])
def test_public_submission_records_the_consent_version(client, dalate, name):
    categories = categories_ensure()
    response = client.post(reverse(name), public_form_data(dalate, categories[0]))
    assert response.status_code == 302
    opinion = Opinion.objects.get()
    assert opinion.consent_version == settings.PRIVACY_NOTICE_VERSION
    assert opinion.consent_at is not None


def test_no_consent_no_submission(client, dalate):
    categories = categories_ensure()
    response = client.post(
        reverse("opinions:submit"), public_form_data(dalate, categories[0], consent=None)
    )
    assert response.status_code == 200
    assert "consent" in response.context["form"].errors
    assert not Opinion.objects.exists()


def test_the_consent_version_follows_the_notice(client, dalate, settings):
    settings.PRIVACY_NOTICE_VERSION = "2027-03"
    categories = categories_ensure()
    client.post(reverse("opinions:submit"), public_form_data(dalate, categories[0]))
    assert Opinion.objects.get().consent_version == "2027-03"


def test_staff_entry_on_behalf_records_the_consent_version(client, staff_dalate, dalate):
    categories = categories_ensure()
    client.force_login(staff_dalate)
    response = client.post(
        reverse("opinions:entry"),
        {
            "channel": Channel.PHONE,
            "committee": dalate.pk,
            "title": "来电反映路灯问题",
            "content": "来电反映小区路灯不亮。",
            "category": categories[0].pk,
            "submitter_name": "王五",
            "submitter_phone": PHONE,
        },
    )
    assert response.status_code == 302
    assert Opinion.objects.get().consent_version == settings.PRIVACY_NOTICE_VERSION


# --- retention -------------------------------------------------------------------------------
@pytest.fixture
def finished(dalate, zhungeer):
    """Opinions in every end state, some finished long ago, some recently, some still open."""
    ago = lambda years: NOW - years * YEAR  # noqa: E731
    return {
        "closed_old": OpinionFactory(committee=dalate, status=Status.CLOSED, closed_at=ago(2.1)),
        "closed_recent": OpinionFactory(committee=dalate, status=Status.CLOSED, closed_at=ago(1.5)),
        "not_adopted_old": OpinionFactory(
            committee=zhungeer, status=Status.NOT_ADOPTED, decided_at=ago(3)
        ),
        "merged_old": OpinionFactory(committee=dalate, status=Status.MERGED, decided_at=ago(2.5)),
        "open_old": OpinionFactory(
            committee=dalate, status=Status.FORWARDED, submitted_at=ago(4), decided_at=ago(3)
        ),
        "adopted_old": OpinionFactory(committee=dalate, status=Status.ADOPTED, decided_at=ago(3)),
    }


def test_contact_details_are_blanked_after_the_retention_period_only_for_finished_opinions(
    finished,
):
    assert settings.PERSONAL_DATA_RETENTION_YEARS == 2
    assert opinions_anonymise_expired(now=NOW) == 3
    expired = {"closed_old", "not_adopted_old", "merged_old"}
    for name, opinion in finished.items():
        opinion.refresh_from_db()
        if name in expired:
            assert (opinion.submitter_name, opinion.submitter_phone, opinion.submitter_email) == (
                "",
                "",
                "",
            ), name
            assert opinion.anonymised_at == NOW
            assert opinion.title and opinion.content  # the opinion itself stays
        else:
            assert opinion.submitter_phone == PHONE, name
            assert opinion.anonymised_at is None
    entry = AuditLog.objects.get(action="retention_anonymise")
    assert entry.detail["count"] == 3


def test_anonymising_is_idempotent(finished):
    assert opinions_anonymise_expired(now=NOW) == 3
    assert opinions_anonymise_expired(now=NOW) == 0
    assert opinions_anonymise_expired(now=NOW + datetime.timedelta(days=1)) == 0
    assert AuditLog.objects.filter(action="retention_anonymise").count() == 1


def test_the_retention_period_is_configurable(finished, settings):
    settings.PERSONAL_DATA_RETENTION_YEARS = 1
    assert opinions_anonymise_expired(now=NOW) == 4  # closed_recent (1.5 years) too
    settings.PERSONAL_DATA_RETENTION_YEARS = 5
    assert opinions_anonymise_expired(now=NOW + 10 * YEAR) == 0  # already done


def test_the_beat_task_runs_the_anonymisation(finished):
    from opinions.tasks import opinions_anonymise_task

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("django.utils.timezone.now", lambda: NOW)
        opinions_anonymise_task.delay()
    assert Opinion.objects.filter(anonymised_at__isnull=False).count() == 3


# --- one person's data -------------------------------------------------------------------------
@pytest.fixture
def persons_opinions(dalate, zhungeer):
    return {
        "mine_1": OpinionFactory(committee=dalate, submitter_phone=PHONE, submitter_name="李四"),
        "mine_2": OpinionFactory(
            committee=dalate,
            submitter_phone=PHONE,
            submitter_name="李四",
            submitter_email="lisi@example.com",
        ),
        "other_person": OpinionFactory(committee=dalate, submitter_phone="13800000000"),
        "other_committee": OpinionFactory(
            committee=zhungeer, submitter_phone=PHONE, submitter_name="李四"
        ),
    }


def _privacy(client, **data):
    return client.post(reverse("opinions:privacy"), data)


def test_staff_find_one_persons_opinions_in_scope_and_it_is_logged(
    client, staff_dalate, persons_opinions
):
    client.force_login(staff_dalate)
    response = _privacy(client, phone=PHONE, action="find")
    assert response.status_code == 200
    found = {o.pk for o in response.context["opinions"]}
    assert found == {persons_opinions["mine_1"].pk, persons_opinions["mine_2"].pk}
    assert "no-store" in response["Cache-Control"]
    entry = AuditLog.objects.get(action="personal_data_search")
    assert entry.actor == staff_dalate
    assert entry.target == "phone:139****5678"  # the log itself does not hold the number


def test_export_has_only_the_opinions_in_scope_and_is_logged(
    client, staff_dalate, persons_opinions
):
    client.force_login(staff_dalate)
    response = _privacy(client, phone=PHONE, action="export")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="personal-data.json"'
    rows = json.loads(response.content)
    assert sorted(r["tracking_code"] for r in rows) == sorted(
        persons_opinions[k].tracking_code for k in ("mine_1", "mine_2")
    )
    assert {r["phone"] for r in rows} == {PHONE}
    assert AuditLog.objects.get(action="personal_data_export").detail == {"count": 2}


def test_erase_blanks_the_persons_details_in_scope_only_and_is_logged(
    client, staff_dalate, persons_opinions
):
    client.force_login(staff_dalate)
    response = _privacy(client, phone=PHONE, action="erase")
    assert response.status_code == 400 and response.context["form"].errors["confirm"]  # a tick
    assert Opinion.objects.filter(submitter_phone=PHONE).count() == 3

    response = _privacy(client, phone=PHONE, action="erase", confirm="on")
    assert response.status_code == 302
    for key, opinion in persons_opinions.items():
        opinion.refresh_from_db()
        if key.startswith("mine"):
            assert (opinion.submitter_name, opinion.submitter_phone, opinion.submitter_email) == (
                "",
                "",
                "",
            )
            assert opinion.anonymised_at is not None
            assert opinion.events.filter(kind="note", actor=staff_dalate).exists()
        else:
            assert opinion.submitter_phone, key  # another person, another committee: untouched
    assert AuditLog.objects.get(action="personal_data_erase").detail == {"count": 2}


@pytest.mark.parametrize("role", ["citizen", "member", "leader", "department"])
def test_only_the_office_handles_personal_data_requests(client, role_users, role, persons_opinions):
    client.force_login(role_users[role])
    assert client.get(reverse("opinions:privacy")).status_code == 403
    assert _privacy(client, phone=PHONE, action="erase", confirm="on").status_code == 403
    assert Opinion.objects.filter(submitter_phone=PHONE).count() == 3
    assert not AuditLog.objects.filter(action__startswith="personal_data").exists()


def test_anonymous_is_sent_to_login(client, persons_opinions):
    response = _privacy(client, phone=PHONE, action="export")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("phone", ["1391234567", "139123456789", "abc", "", "139 1234 5678"])
def test_a_bad_phone_number_is_a_form_error(client, staff_dalate, persons_opinions, phone):
    client.force_login(staff_dalate)
    response = _privacy(client, phone=phone, action="erase", confirm="on")
    assert response.status_code == 400
    assert Opinion.objects.filter(submitter_phone=PHONE).count() == 3


# --- sensitive words ------------------------------------------------------------------------------
def test_a_sensitive_word_flags_the_submission_and_never_drops_it(client, dalate):
    SensitiveWord.objects.create(word="上访")
    SensitiveWord.objects.create(word="停用词", is_active=False)
    categories = categories_ensure()
    response = client.post(
        reverse("opinions:submit"),
        public_form_data(
            dalate, categories[0], title="关于集体上访问题的建议", content="内容里有停用词。"
        ),
    )
    assert response.status_code == 302
    opinion = Opinion.objects.get()
    assert opinion.status == Status.SUBMITTED  # in the inbox like any other
    assert opinion.needs_attention
    assert opinion.flag_reasons == ["sensitive:上访"]


def test_without_a_listed_word_nothing_is_flagged(client, dalate):
    SensitiveWord.objects.create(word="上访")
    categories = categories_ensure()
    client.post(reverse("opinions:submit"), public_form_data(dalate, categories[0]))
    opinion = Opinion.objects.get()
    assert not opinion.needs_attention and opinion.flag_reasons == []


def test_member_items_and_staff_entries_are_flagged_too(dalate, member_user, staff_dalate):
    SensitiveWord.objects.create(word="群体事件")
    categories = categories_ensure()
    item = services.opinion_save_draft(
        by=member_user,
        author=member_user.member,
        title="可能引发群体事件的隐患",
        content="内容",
        analysis="分析",
        suggestion="建议",
        category=categories[0],
    )
    item = services.opinion_submit_member(opinion=item, by=member_user)
    assert Opinion.objects.get(pk=item.pk).needs_attention
    entered, _ = services.opinion_enter_on_behalf(
        by=staff_dalate,
        committee=dalate,
        channel=Channel.PHONE,
        title="来电",
        content="担心发生群体事件。",
        category=categories[0],
    )
    assert Opinion.objects.get(pk=entered.pk).needs_attention


# --- uploads ---------------------------------------------------------------------------------------
def test_uploads_are_not_reachable_under_media_url(client, staff_dalate, dalate):
    attachment = AttachmentFactory(opinion=OpinionFactory(committee=dalate))
    assert attachment.file.name
    client.force_login(staff_dalate)
    for path in (attachment.file.name, attachment.file.url):
        url = path if path.startswith("/") else settings.MEDIA_URL + path
        assert client.get(url).status_code == 404, url
    # no URL pattern serves MEDIA_ROOT
    from django.urls import Resolver404, resolve

    with pytest.raises(Resolver404):
        resolve(settings.MEDIA_URL + attachment.file.name)


def test_the_attachment_view_sends_nosniff_and_content_disposition(client, staff_dalate, dalate):
    pdf = AttachmentFactory(opinion=OpinionFactory(committee=dalate), original_name="材料.pdf")
    client.force_login(staff_dalate)
    response = client.get(reverse("opinions:attachment", args=[pdf.token]))
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "filename" in response["Content-Disposition"]
    assert response["Content-Type"] == "application/pdf"
    assert "sandbox" in response["Content-Security-Policy"]
    assert "no-store" in response["Cache-Control"]
    response.close()


def test_an_image_attachment_is_shown_inline_but_still_not_sniffed(client, staff_dalate, dalate):
    image = AttachmentFactory(
        opinion=OpinionFactory(committee=dalate), content_type="image/png", original_name="照片.png"
    )
    assert Attachment.objects.get(pk=image.pk).is_image
    client.force_login(staff_dalate)
    response = client.get(reverse("opinions:attachment", args=[image.token]))
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("inline;")
    assert "sandbox" in response["Content-Security-Policy"]
    response.close()


def test_attachment_tokens_are_not_guessable_by_outsiders(client, staff_zhungeer, dalate):
    attachment = AttachmentFactory(opinion=OpinionFactory(committee=dalate))
    url = reverse("opinions:attachment", args=[attachment.token])
    assert client.get(url).status_code == 404  # anonymous: no hint that it exists
    client.force_login(staff_zhungeer)
    assert client.get(url).status_code == 404  # another committee's office
    assert Client().get(url + "x" * 100).status_code == 404


@pytest.fixture
def role_users(make_user, dalate, member_user):
    from accounts.models import User

    return {
        "citizen": make_user(User.Role.CITIZEN, None, username="p_citizen"),
        "member": member_user,
        "leader": make_user(User.Role.LEADER, dalate, username="p_leader"),
        "department": make_user(User.Role.DEPARTMENT, dalate, username="p_dept"),
    }


def test_a_word_added_or_retired_counts_from_the_next_submission(client, dalate):
    """The list is read once per process (core.memo) until a word changes."""
    categories = categories_ensure()
    submit = reverse("opinions:submit")
    client.post(submit, public_form_data(dalate, categories[0], title="关于上访问题"))
    word = SensitiveWord.objects.create(word="上访")
    client.post(submit, public_form_data(dalate, categories[0], title="关于上访问题的建议"))
    word.is_active = False
    word.save()
    client.post(submit, public_form_data(dalate, categories[0], title="再谈上访问题"))
    flagged = dict(Opinion.objects.values_list("title", "needs_attention"))
    assert flagged == {"关于上访问题": False, "关于上访问题的建议": True, "再谈上访问题": False}
