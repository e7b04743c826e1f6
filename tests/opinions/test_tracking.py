"""The public tracking page: code + key (or the phone's last four digits) shows the public
status; wrong guesses get one generic message and are throttled per IP and per code."""

import pytest
from django.urls import reverse

from opinions import services
from opinions.models import AdoptionLevel, NotAdoptedReason

pytestmark = pytest.mark.django_db

URL = reverse("opinions:track")
GENERIC = "查询码与查询密码（或手机号码后四位）不匹配"


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


def test_last_four_phone_digits(client, public_opinion):
    response = track(client, public_opinion.tracking_code, "5678")
    assert public_status(response) == "已收到"


def test_wrong_last_four_digits(client, public_opinion):
    response = track(client, public_opinion.tracking_code, "1234")
    assert GENERIC in response.content.decode()


def test_last_four_digits_do_not_work_without_a_phone(client, make_public, dalate):
    opinion, _ = make_public(dalate, is_anonymous=True)
    response = track(client, opinion.tracking_code, "5678")
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
        # and by phone digits too
        assert public_status(track(client, source.tracking_code, "1234")) == "已并案"

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

    def test_per_code_across_addresses(self, client, public_opinion, settings):
        settings.TRACKING_FAILURES_PER_HOUR = 100
        code = public_opinion.tracking_code
        for n in range(5):
            assert track(client, code, f"WRONG{n}", ip=f"10.1.0.{n}").status_code == 200
        # the sixth address, even with the right key, must wait: no distributed guessing
        assert track(client, code, public_opinion.lookup_key, ip="10.1.0.99").status_code == 429
        # other codes are not affected
        assert track(client, "JY-2026-000999", "WRONG", ip="10.1.0.99").status_code == 200

    def test_successful_lookups_are_not_counted(self, client, public_opinion, settings):
        settings.TRACKING_FAILURES_PER_HOUR = 2
        for _ in range(4):
            response = track(client, public_opinion.tracking_code, public_opinion.lookup_key)
            assert response.status_code == 200

    def test_invalid_form_does_not_crash(self, client):
        response = client.post(URL, {"code": "", "key": ""})
        assert response.status_code == 200
        assert set(response.context["form"].errors) == {"code", "key"}
