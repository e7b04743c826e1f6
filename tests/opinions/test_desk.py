"""The staff review desk: who may open what (404 across 旗区), actions through the opinion page,
masked contact details and the logged reveal, bulk actions, and the XLSX/CSV exports."""

import csv
import io

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from openpyxl import load_workbook

from accounts.models import User
from audit.models import AuditLog
from opinions import services
from opinions.models import AdoptionLevel, Opinion, OpinionEvent, Status
from tests.opinions.factories import OpinionFactory

pytestmark = pytest.mark.django_db

INBOX = reverse("opinions:inbox")
PHONE = "13912345678"
MASKED_PHONE = "139****5678"


def detail_url(opinion):
    return reverse("opinions:desk_detail", args=[opinion.pk])


def action_url(opinion, action):
    return reverse("opinions:desk_action", args=[opinion.pk, action])


def reveal_url(opinion):
    return reverse("opinions:reveal", args=[opinion.pk])


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.fixture
def zhungeer_opinion(make_public, zhungeer):
    opinion, _ = make_public(zhungeer, title="准格尔旗的建言")
    return opinion


@pytest.fixture
def municipal_opinion(make_public, municipal):
    opinion, _ = make_public(
        municipal, title="全市性的建言", submitter_name="王市民", submitter_phone="13800005555"
    )
    return opinion


# --- who may open the desk -------------------------------------------------------------------
class TestAccess:
    def test_anonymous_is_sent_to_login(self, client, public_opinion):
        for url in (INBOX, reverse("opinions:export", args=["csv"])):
            response = client.get(url)
            assert response.status_code == 302 and "/accounts/login/" in response["Location"]
        # an object page is the same login redirect whether the opinion exists or not
        for url in (detail_url(public_opinion), reverse("opinions:desk_detail", args=[10**9])):
            response = client.get(url)
            assert response.status_code == 302 and "/accounts/login/" in response["Location"]
        response = client.post(reveal_url(public_opinion))
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]

    @pytest.mark.parametrize("who", ["citizen", "member_user", "leader", "department_user"])
    def test_other_roles_get_403(self, client, request, who, public_opinion):
        client.force_login(request.getfixturevalue(who))
        for url in (INBOX, reverse("opinions:export", args=["xlsx"]), reverse("opinions:entry")):
            assert client.get(url).status_code == 403, url
        # the wrong role is a 403 on the record pages too, before any lookup
        assert client.get(detail_url(public_opinion)).status_code == 403
        assert (
            client.post(action_url(public_opinion, "adopt"), {"adopt-level": "banner"}).status_code
            == 403
        )
        assert client.post(reveal_url(public_opinion)).status_code == 403
        assert not public_opinion.events.filter(kind="reveal").exists()
        public_opinion.refresh_from_db()
        assert public_opinion.status == Status.SUBMITTED

    def test_inbox_lists_only_own_banner(
        self, client, staff_dalate, public_opinion, zhungeer_opinion, municipal_opinion
    ):
        client.force_login(staff_dalate)
        response = client.get(INBOX)
        assert response.status_code == 200
        assert {o.pk for o in response.context["opinions"]} == {public_opinion.pk}
        html = response.content.decode()
        assert zhungeer_opinion.tracking_code not in html
        assert municipal_opinion.tracking_code not in html

    def test_inbox_committee_filter_cannot_widen_scope(
        self, client, staff_dalate, zhungeer, zhungeer_opinion, public_opinion
    ):
        client.force_login(staff_dalate)
        response = client.get(INBOX, {"committee": zhungeer.pk})
        assert zhungeer_opinion.pk not in {o.pk for o in response.context["opinions"]}

    def test_municipal_staff_see_every_committee(
        self, client, staff_municipal, public_opinion, zhungeer_opinion, municipal_opinion, dalate
    ):
        client.force_login(staff_municipal)
        pks = {o.pk for o in client.get(INBOX).context["opinions"]}
        assert pks == {public_opinion.pk, zhungeer_opinion.pk, municipal_opinion.pk}
        filtered = client.get(INBOX, {"committee": dalate.pk}).context["opinions"]
        assert {o.pk for o in filtered} == {public_opinion.pk}

    def test_drafts_are_not_on_the_desk(self, client, staff_dalate, make_member_item, member_user):
        draft = make_member_item(member_user, submit=False)
        client.force_login(staff_dalate)
        assert draft.pk not in {o.pk for o in client.get(INBOX).context["opinions"]}
        assert client.get(detail_url(draft)).status_code == 404


class TestScope:
    """A 旗区 staff user gets 404 for another 旗区's opinion: page, actions, reveal."""

    def test_other_banner_is_404(self, client, staff_zhungeer, public_opinion):
        client.force_login(staff_zhungeer)
        assert client.get(detail_url(public_opinion)).status_code == 404
        for action, data in [
            ("adopt", {"adopt-level": "banner"}),
            ("assign", {"assign-assignee": staff_zhungeer.pk}),
            ("note", {"note-comment": "x"}),
            ("spam", {}),
        ]:
            assert client.post(action_url(public_opinion, action), data).status_code == 404
        assert client.post(reveal_url(public_opinion)).status_code == 404
        assert public_opinion.events.count() == 1
        assert not AuditLog.objects.filter(action="reveal_contact").exists()

    def test_municipal_staff_see_but_cannot_act_on_banner(
        self, client, staff_municipal, public_opinion
    ):
        client.force_login(staff_municipal)
        response = client.get(detail_url(public_opinion))
        assert response.status_code == 200
        assert response.context["action_forms"] == {}
        assert not response.context["can_reveal"]
        html = response.content.decode()
        assert "不能办理" in html
        assert reveal_url(public_opinion) not in html
        assert (
            client.post(action_url(public_opinion, "adopt"), {"adopt-level": "banner"}).status_code
            == 403
        )
        assert client.post(reveal_url(public_opinion)).status_code == 403
        public_opinion.refresh_from_db()
        assert public_opinion.status == Status.SUBMITTED
        assert public_opinion.events.count() == 1

    def test_merge_target_must_be_in_scope(
        self, client, staff_dalate, public_opinion, zhungeer_opinion
    ):
        client.force_login(staff_dalate)
        response = client.post(
            action_url(public_opinion, "merge"), {"merge-into_code": zhungeer_opinion.tracking_code}
        )
        assert response.status_code == 400
        assert "into_code" in response.context["action_forms"]["merge"].errors
        public_opinion.refresh_from_db()
        assert public_opinion.status == Status.SUBMITTED

    def test_staff_entry_only_for_own_committee(
        self, client, staff_dalate, zhungeer, dalate, category
    ):
        client.force_login(staff_dalate)
        data = {
            "channel": "phone",
            "committee": zhungeer.pk,
            "title": "来电",
            "content": "内容",
            "category": category.pk,
        }
        response = client.post(reverse("opinions:entry"), data)
        assert response.status_code == 200 and "committee" in response.context["form"].errors
        assert not Opinion.objects.exists()
        data["committee"] = dalate.pk
        response = client.post(reverse("opinions:entry"), data, follow=True)
        opinion = Opinion.objects.get()
        assert opinion.channel == "phone" and opinion.committee == dalate
        text = " ".join(messages_of(response))
        assert opinion.tracking_code in text and "查询密码" in text


# --- actions through the page -----------------------------------------------------------------
class TestActions:
    def test_page_offers_the_actions_of_the_state(self, client, staff_dalate, public_opinion):
        client.force_login(staff_dalate)
        forms = client.get(detail_url(public_opinion)).context["action_forms"]
        assert {"assign", "reject", "merge", "adopt", "convert", "note", "spam"} <= set(forms)
        assert "return" not in forms and "raise_level" not in forms and "unspam" not in forms

    def test_adopt(self, client, staff_dalate, public_opinion):
        client.force_login(staff_dalate)
        response = client.post(
            action_url(public_opinion, "adopt"),
            {
                "adopt-level": "municipal",
                "adopt-expected_status": "submitted",
                "adopt-comment": "采用",
            },
            follow=True,
        )
        assert response.status_code == 200
        assert "操作已完成。" in messages_of(response)
        public_opinion.refresh_from_db()
        assert public_opinion.status == Status.ADOPTED
        assert public_opinion.adoption_level == AdoptionLevel.MUNICIPAL
        forms = response.context["action_forms"]
        assert "adopt" not in forms and "raise_level" in forms

    def test_someone_else_was_faster(self, client, staff_dalate, make_user, dalate, public_opinion):
        colleague = make_user(User.Role.STAFF, dalate, username="staff_dalate2")
        client.force_login(staff_dalate)
        page = client.get(detail_url(public_opinion))
        expected = page.context["action_forms"]["adopt"].initial["expected_status"]
        # meanwhile a colleague rejects it
        services.opinion_assign(opinion=public_opinion, by=colleague, assignee=colleague)
        response = client.post(
            action_url(public_opinion, "adopt"),
            {"adopt-level": "banner", "adopt-expected_status": expected},
            follow=True,
        )
        assert response.status_code == 200
        assert any("已被他人处理" in m for m in messages_of(response))
        public_opinion.refresh_from_db()
        assert public_opinion.status == Status.UNDER_REVIEW
        assert not public_opinion.events.filter(kind="adopted").exists()

    def test_action_not_allowed_in_this_state(self, client, staff_dalate, public_opinion):
        client.force_login(staff_dalate)
        response = client.post(
            action_url(public_opinion, "return"), {"return-comment": "x"}, follow=True
        )
        assert any("不允许此操作" in m for m in messages_of(response))
        public_opinion.refresh_from_db()
        assert public_opinion.status == Status.SUBMITTED

    def test_unknown_action_is_404(self, client, staff_dalate, public_opinion):
        client.force_login(staff_dalate)
        assert client.post(action_url(public_opinion, "delete")).status_code == 404

    def test_get_on_an_action_is_not_allowed(self, client, staff_dalate, public_opinion):
        client.force_login(staff_dalate)
        assert client.get(action_url(public_opinion, "adopt")).status_code == 405

    def test_invalid_action_form_shows_errors(self, client, staff_dalate, public_opinion):
        client.force_login(staff_dalate)
        response = client.post(action_url(public_opinion, "reject"), {"reject-reason": ""})
        assert response.status_code == 400
        assert "reason" in response.context["action_forms"]["reject"].errors
        assert response.context["open_action"] == "reject"

    def test_merge_by_code(self, client, staff_dalate, make_public, dalate):
        target, _ = make_public(dalate, title="主件")
        source, _ = make_public(dalate, title="并件")
        client.force_login(staff_dalate)
        response = client.post(
            action_url(source, "merge"),
            {"merge-into_code": target.tracking_code.lower()},
            follow=True,
        )
        assert "操作已完成。" in messages_of(response)
        source.refresh_from_db()
        assert source.merged_into == target
        html = client.get(detail_url(target)).content.decode()
        assert source.tracking_code in html  # "merged into this one" list

    def test_unspam(self, client, staff_dalate, make_public, dalate):
        opinion, _ = make_public(dalate, flags=["honeypot"])
        client.force_login(staff_dalate)
        assert "unspam" in client.get(detail_url(opinion)).context["action_forms"]
        client.post(action_url(opinion, "unspam"), {"unspam-comment": "真人来信"})
        opinion.refresh_from_db()
        assert not opinion.is_spam
        assert client.get(INBOX).context["opinions"][0].pk == opinion.pk


# --- masked contact details and the logged reveal ---------------------------------------------
class TestMasking:
    def test_inbox_never_shows_contact_details(self, client, staff_dalate, public_opinion):
        client.force_login(staff_dalate)
        html = client.get(INBOX).content.decode()
        assert PHONE not in html and "李四" not in html

    def test_detail_is_masked_until_revealed(self, client, staff_dalate, public_opinion):
        client.force_login(staff_dalate)
        html = client.get(detail_url(public_opinion)).content.decode()
        assert PHONE not in html and "李四" not in html
        assert MASKED_PHONE in html and "李*" in html
        assert reveal_url(public_opinion) in html
        assert not AuditLog.objects.filter(action="reveal_contact").exists()

        response = client.post(reveal_url(public_opinion), REMOTE_ADDR="10.2.3.4")
        assert response.status_code == 200
        html = response.content.decode()
        assert PHONE in html and "李四" in html
        event = public_opinion.events.get(kind=OpinionEvent.Kind.REVEAL)
        assert event.actor == staff_dalate
        log = AuditLog.objects.get(action="reveal_contact")
        assert log.actor == staff_dalate and log.ip_address == "10.2.3.4"
        assert public_opinion.tracking_code in log.target

        # the reveal is for that one response: the page is masked again afterwards
        html = client.get(detail_url(public_opinion)).content.decode()
        assert PHONE not in html and MASKED_PHONE in html

    def test_reveal_needs_post(self, client, staff_dalate, public_opinion):
        client.force_login(staff_dalate)
        assert client.get(reveal_url(public_opinion)).status_code == 405
        assert not public_opinion.events.filter(kind="reveal").exists()

    def test_member_item_shows_the_member_not_a_phone(self, client, staff_dalate, member_item):
        client.force_login(staff_dalate)
        html = client.get(detail_url(member_item)).content.decode()
        assert "王委员" in html


# --- bulk actions -----------------------------------------------------------------------------
class TestBulk:
    def test_bulk_assign(
        self, client, staff_dalate, make_user, dalate, make_public, zhungeer_opinion
    ):
        colleague = make_user(User.Role.STAFF, dalate, username="staff_dalate2")
        open_ones = [make_public(dalate)[0] for _ in range(3)]
        decided = make_public(dalate)[0]
        services.opinion_adopt(opinion=decided, by=staff_dalate, level=AdoptionLevel.BANNER)
        client.force_login(staff_dalate)
        ids = [o.pk for o in [*open_ones, decided, zhungeer_opinion]]
        response = client.post(
            reverse("opinions:bulk"),
            {"action": "assign", "assignee": colleague.pk, "ids": ids, "next": "?status=submitted"},
            follow=False,
        )
        assert response.status_code == 302
        assert response["Location"] == INBOX + "?status=submitted"
        text = " ".join(messages_of(response))
        assert "已处理 3 条" in text and "另有 1 条" in text
        for opinion in open_ones:
            opinion.refresh_from_db()
            assert opinion.status == Status.UNDER_REVIEW and opinion.assignee == colleague
        zhungeer_opinion.refresh_from_db()
        assert zhungeer_opinion.status == Status.SUBMITTED
        assert zhungeer_opinion.events.count() == 1

    def test_bulk_spam(self, client, staff_dalate, make_public, dalate):
        opinions = [make_public(dalate)[0] for _ in range(2)]
        keep = make_public(dalate)[0]
        client.force_login(staff_dalate)
        client.post(reverse("opinions:bulk"), {"action": "spam", "ids": [o.pk for o in opinions]})
        assert set(Opinion.objects.filter(is_spam=True)) == set(opinions)
        assert {o.pk for o in client.get(INBOX).context["opinions"]} == {keep.pk}
        assert OpinionEvent.objects.filter(kind="spam").count() == 2

    def test_municipal_staff_cannot_bulk_change_banners(
        self, client, staff_municipal, public_opinion
    ):
        client.force_login(staff_municipal)
        response = client.post(
            reverse("opinions:bulk"), {"action": "spam", "ids": [public_opinion.pk]}
        )
        assert "已处理 0 条" in " ".join(messages_of(response))
        public_opinion.refresh_from_db()
        assert not public_opinion.is_spam

    @pytest.mark.parametrize(
        "data",
        [
            {"action": "spam"},
            {"action": "assign", "ids": ["1"]},
            {"action": "explode", "ids": ["1"]},
            {"action": "spam", "ids": ["x", "-1"]},
            {"action": "spam", "ids": ["²"]},
            {"action": "spam", "ids": ["9" * 30]},
        ],
    )
    def test_bad_bulk_request_gets_a_message(self, client, staff_dalate, data):
        client.force_login(staff_dalate)
        response = client.post(reverse("opinions:bulk"), data)
        assert response.status_code == 302
        assert messages_of(response)

    def test_admin_bulk_assign_outside_own_committee_is_skipped(
        self, client, make_user, municipal, public_opinion
    ):
        """A superuser attached to the municipal committee may act anywhere, but a municipal
        clerk cannot handle a 旗区 opinion: the row is skipped with a message, not a 500."""
        admin = make_user(User.Role.ADMIN, municipal, username="admin_ordos")
        clerk = make_user(User.Role.STAFF, municipal, username="clerk_ordos")
        client.force_login(admin)
        response = client.post(
            reverse("opinions:bulk"),
            {"action": "assign", "assignee": clerk.pk, "ids": [public_opinion.pk]},
        )
        assert response.status_code == 302
        assert "另有 1 条" in " ".join(messages_of(response))
        public_opinion.refresh_from_db()
        assert public_opinion.assignee is None

    def test_inbox_offers_bulk_controls(self, client, staff_dalate, public_opinion):
        client.force_login(staff_dalate)
        html = client.get(INBOX).content.decode()
        assert f'name="ids" value="{public_opinion.pk}"' in html


# --- filters --------------------------------------------------------------------------------
class TestFilters:
    def test_status_channel_text_mine_overdue(
        self, client, staff_dalate, dalate, make_public, category
    ):
        plain = make_public(dalate, title="关于公厕改造")[0]
        letter = make_public(dalate, channel="mailbox", title="关于牧区通信信号")[0]
        mine = make_public(dalate, title="关于校车安全")[0]
        services.opinion_assign(opinion=mine, by=staff_dalate, assignee=staff_dalate)
        late = OpinionFactory(
            committee=dalate,
            category=category,
            title="超期未审的建言",
            review_due_at="2020-01-10T00:00:00+08:00",
        )
        client.force_login(staff_dalate)

        def pks(**params):
            return {o.pk for o in client.get(INBOX, params).context["opinions"]}

        assert pks(status="under_review") == {mine.pk}
        assert pks(channel="mailbox") == {letter.pk}
        assert pks(q="公厕") == {plain.pk}
        assert pks(q=plain.tracking_code) == {plain.pk}
        assert pks(mine="on") == {mine.pk}
        assert pks(overdue="on") == {late.pk}
        html = client.get(INBOX).content.decode()
        assert "超期" in html
        # bad filter values are a form error, not a crash
        assert (
            client.get(INBOX, {"submitted_from": "not-a-date", "status": "nope"}).status_code == 200
        )


# --- exports ------------------------------------------------------------------------------------
def xlsx_rows(response) -> list[list]:
    workbook = load_workbook(io.BytesIO(response.getvalue()), read_only=True)
    return [list(row) for row in workbook.active.iter_rows(values_only=True)]


def csv_rows(response) -> list[list]:
    return list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig"))))


class TestExport:
    @pytest.mark.parametrize("fmt", ["xlsx", "csv"])
    def test_rows_in_scope_with_contacts_masked_as_on_the_desk(
        self, client, staff_dalate, public_opinion, zhungeer_opinion, fmt
    ):
        client.force_login(staff_dalate)
        response = client.get(reverse("opinions:export", args=[fmt]))
        assert response.status_code == 200
        assert "attachment" in response["Content-Disposition"]
        assert fmt in response["Content-Disposition"]
        rows = xlsx_rows(response) if fmt == "xlsx" else csv_rows(response)
        header, *body = rows
        assert header[0] == "查询码" and "手机号码" in header
        assert "电子邮箱" not in header
        codes = [row[0] for row in body]
        assert codes == [public_opinion.tracking_code]
        phone_col, name_col = header.index("手机号码"), header.index("姓名")
        # the handler may reveal this committee's contacts, but one by one on the desk (logged
        # per item); a plain export masks them exactly as the desk does
        assert body[0][phone_col] == MASKED_PHONE and body[0][name_col] == "李*"
        log = AuditLog.objects.get(action="export_opinions")
        assert log.actor == staff_dalate and log.target == fmt
        assert "contact_ids" not in log.detail

    @pytest.mark.parametrize("fmt", ["xlsx", "csv"])
    def test_include_contacts_is_explicit_and_logs_the_rows(
        self, client, staff_dalate, public_opinion, zhungeer_opinion, fmt
    ):
        client.force_login(staff_dalate)
        response = client.get(reverse("opinions:export", args=[fmt]), {"contacts": "1"})
        assert response.status_code == 200
        rows = xlsx_rows(response) if fmt == "xlsx" else csv_rows(response)
        header, *body = rows
        phone_col, name_col = header.index("手机号码"), header.index("姓名")
        assert [row[0] for row in body] == [public_opinion.tracking_code]
        assert body[0][phone_col] == PHONE and body[0][name_col] == "李四"
        assert "电子邮箱" in header
        log = AuditLog.objects.get(action="export_opinions_contacts")
        assert log.actor == staff_dalate and log.target == fmt
        assert log.detail["contact_ids"] == [public_opinion.pk]
        assert not AuditLog.objects.filter(action="export_opinions").exists()

    @pytest.mark.parametrize("fmt", ["xlsx", "csv"])
    def test_include_contacts_only_for_rows_of_a_changeable_committee(
        self, client, staff_municipal, public_opinion, zhungeer_opinion, municipal_opinion, fmt
    ):
        client.force_login(staff_municipal)
        response = client.get(reverse("opinions:export", args=[fmt]), {"contacts": "1"})
        rows = xlsx_rows(response) if fmt == "xlsx" else csv_rows(response)
        header, *body = rows
        by_code = {row[0]: row for row in body}
        assert set(by_code) == {
            public_opinion.tracking_code,
            zhungeer_opinion.tracking_code,
            municipal_opinion.tracking_code,
        }
        phone_col, name_col = header.index("手机号码"), header.index("姓名")
        for opinion in (public_opinion, zhungeer_opinion):
            row = by_code[opinion.tracking_code]
            assert row[phone_col] == MASKED_PHONE and row[name_col] == "李*"
        own = by_code[municipal_opinion.tracking_code]
        assert own[phone_col] == "13800005555"
        log = AuditLog.objects.get(action="export_opinions_contacts")
        assert log.detail["contact_ids"] == [municipal_opinion.pk]

    @pytest.mark.parametrize("fmt", ["xlsx", "csv"])
    def test_plain_export_masks_every_row(
        self, client, staff_municipal, public_opinion, zhungeer_opinion, municipal_opinion, fmt
    ):
        client.force_login(staff_municipal)
        response = client.get(reverse("opinions:export", args=[fmt]))
        rows = xlsx_rows(response) if fmt == "xlsx" else csv_rows(response)
        header, *body = rows
        phone_col = header.index("手机号码")
        assert {row[phone_col] for row in body} == {MASKED_PHONE, "138****5555"}

    def test_include_contacts_needs_its_own_permission(self, client, staff_dalate, public_opinion):
        """The option is its own rule (opinions.export_contacts), not the desk permission."""
        import rules

        rules.set_perm("opinions.export_contacts", rules.always_deny)
        try:
            client.force_login(staff_dalate)
            url = reverse("opinions:export", args=["csv"])
            assert client.get(url, {"contacts": "1"}).status_code == 403
            assert client.get(url).status_code == 200
        finally:
            from accounts.rules import in_changeable_committee, is_office

            rules.set_perm("opinions.export_contacts", is_office & in_changeable_committee)
        assert not AuditLog.objects.filter(action="export_opinions_contacts").exists()

    def test_export_follows_the_filters(self, client, staff_dalate, make_public, dalate):
        wanted = make_public(dalate, title="供暖问题")[0]
        make_public(dalate, title="道路问题")
        client.force_login(staff_dalate)
        rows = csv_rows(client.get(reverse("opinions:export", args=["csv"]), {"q": "供暖"}))
        assert [row[0] for row in rows[1:]] == [wanted.tracking_code]

    def test_formula_injection_is_neutralised(self, client, staff_dalate, make_public, dalate):
        make_public(dalate, title='=HYPERLINK("http://evil.example","点我")')
        client.force_login(staff_dalate)
        for fmt, reader in (("csv", csv_rows), ("xlsx", xlsx_rows)):
            rows = reader(client.get(reverse("opinions:export", args=[fmt])))
            assert rows[1][1].startswith("'=")

    def test_unknown_format_is_404(self, client, staff_dalate):
        client.force_login(staff_dalate)
        assert client.get(reverse("opinions:export", args=["pdf"])).status_code == 404
