"""The public tracking page: code + key (or the FULL phone number) shows the public status; wrong
guesses get one generic message, are refused per IP and slowed down per code by a CAPTCHA —
never in a way that locks the owner out; a missing code costs the same hash work as an existing
one."""

import re

import pytest
from django.urls import reverse

from opinions import abuse, services, tracking
from opinions.models import AdoptionLevel, NotAdoptedReason

pytestmark = pytest.mark.django_db

URL = reverse("opinions:track")
GENERIC = "查询码与查询密码（或手机号码）不匹配"
PHONE = "13912345678"


def track(client, code, key, ip="10.0.0.1"):
    return client.post(URL, {"code": code, "key": key}, REMOTE_ADDR=ip)


def public_status(response) -> str:
    html = response.content.decode()
    start = html.index('id="public-status">') + len('id="public-status">')
    return html[start : html.index("<", start)].strip()


def test_page_renders(client):
    response = client.get(URL)
    assert response.status_code == 200
    assert 'name="code"' in response.content.decode()


def test_right_key_shows_status(client, public_opinion):
    response = track(client, public_opinion.tracking_code, public_opinion.lookup_key)
    assert response.status_code == 200
    assert public_status(response) == "已收到"
    html = response.content.decode()
    assert public_opinion.title in html
    # the submitter's details are never on the public page
    assert "13912345678" not in html and "李四" not in html


def test_key_is_forgiving_about_case_and_dashes(client, public_opinion):
    key = public_opinion.lookup_key.lower().replace("-", " ")
    response = track(client, public_opinion.tracking_code.lower(), key)
    assert public_status(response) == "已收到"


def test_full_phone_number(client, public_opinion):
    response = track(client, public_opinion.tracking_code, PHONE)
    assert public_status(response) == "已收到"


def test_full_width_phone_number(client, public_opinion):
    response = track(client, public_opinion.tracking_code, "１３９１２３４５６７８")
    assert public_status(response) == "已收到"


@pytest.mark.parametrize("shown", ["5678", "139****5678", "1395678"])
def test_what_pages_show_of_the_phone_is_not_enough(client, public_opinion, shown):
    """Staff pages show 139****5678: the last four digits (or the masked number) no longer
    open the item."""
    response = track(client, public_opinion.tracking_code, shown)
    assert GENERIC in response.content.decode()
    assert 'id="public-status"' not in response.content.decode()


def test_wrong_phone_number(client, public_opinion):
    response = track(client, public_opinion.tracking_code, "13912345679")
    assert GENERIC in response.content.decode()


def test_phone_does_not_work_without_a_phone(client, make_public, dalate):
    opinion, _ = make_public(dalate, is_anonymous=True)
    response = track(client, opinion.tracking_code, PHONE)
    assert GENERIC in response.content.decode()


def test_wrong_key_and_unknown_code_get_the_same_answer(client, public_opinion):
    wrong = track(client, public_opinion.tracking_code, "AAAAA-BBBBB")
    unknown = track(client, "JY-2026-999999", "AAAAA-BBBBB")
    assert wrong.status_code == unknown.status_code == 200
    for response in (wrong, unknown):
        html = response.content.decode()
        assert GENERIC in html
        assert public_opinion.title not in html
        assert 'id="public-status"' not in html


def test_drafts_cannot_be_tracked(client, make_member_item, member_user):
    draft = make_member_item(member_user, submit=False)
    draft.tracking_code = "JY-2026-777777"
    draft.save()
    response = track(client, "JY-2026-777777", "0000")
    assert GENERIC in response.content.decode()


@pytest.mark.parametrize(
    ("decide", "expected"),
    [
        (
            lambda o, by: services.opinion_adopt(opinion=o, by=by, level=AdoptionLevel.BANNER),
            "已采用",
        ),
        (
            lambda o, by: services.opinion_reject(
                opinion=o, by=by, reason=NotAdoptedReason.LITIGATION
            ),
            "未采用",
        ),
        (lambda o, by: services.opinion_assign(opinion=o, by=by, assignee=by), "审核中"),
    ],
    ids=["adopted", "not_adopted", "under_review"],
)
def test_public_status_follows_decisions(client, public_opinion, staff_dalate, decide, expected):
    decide(public_opinion, staff_dalate)
    response = track(client, public_opinion.tracking_code, public_opinion.lookup_key)
    assert public_status(response) == expected
    if expected == "未采用":
        assert "属涉诉涉法事项" in response.content.decode()


def test_internal_notes_never_reach_the_public(client, public_opinion, staff_dalate):
    services.opinion_add_note(opinion=public_opinion, by=staff_dalate, comment="内部意见勿外传")
    services.opinion_adopt(
        opinion=public_opinion, by=staff_dalate, level=AdoptionLevel.BANNER, comment="采用意见内部"
    )
    html = track(client, public_opinion.tracking_code, public_opinion.lookup_key).content.decode()
    assert "内部意见勿外传" not in html and "采用意见内部" not in html
    assert staff_dalate.display_name not in html


class TestMerged:
    def test_both_codes_keep_working(self, client, make_public, dalate, staff_dalate):
        target, target_key = make_public(dalate, title="主建言")
        source, source_key = make_public(dalate, title="被并建言", submitter_phone="13700001234")
        services.opinion_merge(opinion=source, into=target, by=staff_dalate)
        services.opinion_adopt(opinion=target, by=staff_dalate, level=AdoptionLevel.BANNER)

        merged = track(client, source.tracking_code, source_key)
        assert merged.status_code == 200
        assert public_status(merged) == "已并案"
        html = merged.content.decode()
        assert target.tracking_code in html
        assert "已采用" in html  # the target's progress is shown to the merged submitter
        # and by the phone number too
        assert public_status(track(client, source.tracking_code, "13700001234")) == "已并案"

        main = track(client, target.tracking_code, target_key)
        assert public_status(main) == "已采用"
        assert source.tracking_code not in main.content.decode()


class TestThrottling:
    def test_per_ip(self, client, public_opinion, settings):
        settings.TRACKING_FAILURES_PER_HOUR = 3
        for n in range(3):
            response = track(client, f"JY-2026-{n:06d}", "WRONG")
            assert response.status_code == 200
        blocked = track(client, public_opinion.tracking_code, public_opinion.lookup_key)
        assert blocked.status_code == 429
        assert "查询失败次数过多" in blocked.content.decode()
        # another address is not affected
        ok = track(client, public_opinion.tracking_code, public_opinion.lookup_key, ip="10.0.0.2")
        assert public_status(ok) == "已收到"

    def test_others_failures_never_lock_the_owner_out(self, client, public_opinion, settings):
        """Five wrong keys for the code from elsewhere: the owner is asked for a CAPTCHA, not
        refused, and gets in with the right key."""
        settings.TRACKING_FAILURES_PER_HOUR = 100
        settings.TRACKING_FAILURES_PER_CODE = 5
        code = public_opinion.tracking_code
        for n in range(5):
            assert track(client, code, f"WRONG{n}", ip="10.1.0.1").status_code == 200
        asked = track(client, code, public_opinion.lookup_key, ip="10.1.0.99")
        assert asked.status_code == 200
        assert 'id="public-status"' not in asked.content.decode()
        challenge = re.search(
            r'name="captcha_challenge" value="([^"]+)"', asked.content.decode()
        ).group(1)
        response = client.post(
            URL,
            {
                "code": code,
                "key": public_opinion.lookup_key,
                "captcha_challenge": challenge,
                "captcha": abuse.captcha_answer(challenge),
            },
            REMOTE_ADDR="10.1.0.99",
        )
        assert response.status_code == 200
        assert public_status(response) == "已收到"
        # even from the address that made the failures (below its own limit)
        challenge = re.search(
            r'name="captcha_challenge" value="([^"]+)"',
            track(client, code, PHONE, ip="10.1.0.1").content.decode(),
        ).group(1)
        response = client.post(
            URL,
            {"code": code, "key": PHONE, "captcha_challenge": challenge,
             "captcha": abuse.captcha_answer(challenge)},
            REMOTE_ADDR="10.1.0.1",
        )  # fmt: skip
        assert public_status(response) == "已收到"
        # other codes ask for nothing
        other = track(client, "JY-2026-000999", "WRONG", ip="10.1.0.99")
        assert 'name="captcha_challenge"' not in other.content.decode()

    def test_distributed_guessing_needs_a_captcha_per_try(self, client, public_opinion, settings):
        settings.TRACKING_FAILURES_PER_HOUR = 100
        settings.TRACKING_FAILURES_PER_CODE = 2
        code = public_opinion.tracking_code
        for n in range(2):
            track(client, code, f"WRONG{n}", ip=f"10.2.0.{n}")
        # without the CAPTCHA the right key is not even checked
        response = track(client, code, public_opinion.lookup_key, ip="10.2.0.50")
        assert "captcha" in response.context["form"].errors
        response = client.post(
            URL,
            {"code": code, "key": public_opinion.lookup_key, "captcha_challenge": "forged",
             "captcha": "12345"},
            REMOTE_ADDR="10.2.0.51",
        )  # fmt: skip
        assert "captcha" in response.context["form"].errors
        assert 'id="public-status"' not in response.content.decode()

    def test_successful_lookups_are_not_counted(self, client, public_opinion, settings):
        settings.TRACKING_FAILURES_PER_HOUR = 2
        for _ in range(4):
            response = track(client, public_opinion.tracking_code, public_opinion.lookup_key)
            assert response.status_code == 200

    def test_invalid_form_does_not_crash(self, client):
        response = client.post(URL, {"code": "", "key": ""})
        assert response.status_code == 200
        assert set(response.context["form"].errors) == {"code", "key"}


class TestConstantWork:
    """A missing code costs the same hash check as an existing one (a timing difference told
    them apart: 336 vs 60 ms)."""

    @pytest.fixture
    def checks(self, monkeypatch):
        real = tracking.key_matches
        calls = []

        def counting(key, stored):
            calls.append(stored)
            return real(key, stored)

        monkeypatch.setattr(tracking, "key_matches", counting)
        return calls

    @pytest.mark.parametrize(
        ("which", "key"),
        [
            ("existing", "AAAAA-BBBBB"),
            ("existing", "13900000000"),
            ("existing", "right-key"),
            ("existing", "right-phone"),
            ("missing", "AAAAA-BBBBB"),
            ("missing", "13912345678"),
        ],
    )
    def test_one_hash_check_on_every_path(self, client, public_opinion, checks, which, key):
        code = public_opinion.tracking_code if which == "existing" else "JY-2026-999999"
        key = {"right-key": public_opinion.lookup_key, "right-phone": PHONE}.get(key, key)
        track(client, code, key)
        assert len(checks) == 1
        # the missing code is checked against a hash of the same algorithm as a real key
        algorithm = public_opinion.lookup_key_hash.split("$", 1)[0]
        assert checks[0].split("$", 1)[0] == algorithm
        if which == "missing":
            assert checks[0] != public_opinion.lookup_key_hash
