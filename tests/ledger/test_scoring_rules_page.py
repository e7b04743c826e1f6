"""Staff edit their committee's scoring rules for a year, and recompute the ledger."""

from decimal import Decimal

import pytest
from django.urls import reverse

from ledger import services as ledger
from ledger.models import ITEM_CHOICES, ScoringRuleSet

URL = reverse("ledger:scoring_rules")


def _post_data(year, **overrides):
    rule_set, rules = ledger.rules_for(committee_id=0, year=year)
    data = {
        "year": year,
        "coauthor_split": rule_set.coauthor_split,
        "lead_share": str(rule_set.lead_share),
        "coattend_split": rule_set.coattend_split,
        "excellent_from": "60",
        "competent_from": "30",
        "basic_from": "15",
    }
    for value, _label in ITEM_CHOICES:
        rule = rules.get(value)
        data[f"points__{value}"] = str(rule.points if rule else 0)
        if rule and rule.annual_cap is not None:
            data[f"cap__{value}"] = str(rule.annual_cap)
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    "role, status",
    [("staff", 200), ("leader", 403), ("member", 403), ("citizen", 403), ("department", 403)],
)
def test_who_may_open_the_rules(client, user_for_role, role, status):
    client.force_login(user_for_role[role])
    assert client.get(URL).status_code == status


def test_anonymous_goes_to_login(client, db):
    response = client.get(URL)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_page_shows_defaults_then_saves_the_committees_own_set(client, staff_dalate, dalate):
    client.force_login(staff_dalate)
    page = client.get(URL, {"year": 2026}).content.decode()
    assert "默认规则" in page and 'for="id_points__duty_shift"' in page
    response = client.post(URL, _post_data(2026, **{"points__duty_shift": "5", "recompute": ""}))
    assert response.status_code == 302
    own = ScoringRuleSet.objects.get(committee=dalate, year=2026)
    assert own.rules.get(item="duty_shift").points == Decimal("5")
    # other committees keep the defaults
    assert ledger.rules_for(committee_id=dalate.pk + 100, year=2026)[0].committee_id is None


def test_bad_input_gets_messages_and_saves_nothing(client, staff_dalate, dalate):
    client.force_login(staff_dalate)
    data = _post_data(
        2026,
        **{
            "points__duty_shift": "abc",
            "excellent_from": "10",
            "competent_from": "30",
            "lead_share": "7",
        },
    )
    response = client.post(URL, data)
    assert response.status_code == 400
    assert not ScoringRuleSet.objects.filter(committee=dalate, year=2026).exists()
    assert "invalid-feedback" in response.content.decode()


def test_thresholds_must_descend(client, staff_dalate, dalate):
    client.force_login(staff_dalate)
    response = client.post(URL, _post_data(2026, excellent_from="10", competent_from="30"))
    assert response.status_code == 400
    assert "优秀 ≥ 称职 ≥ 基本称职" in response.content.decode()
    assert not ScoringRuleSet.objects.filter(committee=dalate, year=2026).exists()


def test_query_count_is_bounded(client, staff_dalate, django_assert_max_num_queries):
    client.force_login(staff_dalate)
    client.get(URL)
    with django_assert_max_num_queries(20):
        assert client.get(URL).status_code == 200


def test_saving_with_recompute_rebuilds_the_year(client, staff_dalate, dalate):
    client.force_login(staff_dalate)
    response = client.post(URL, _post_data(2026, recompute="1"), follow=True)
    assert response.status_code == 200
    assert "已按新规则重算" in response.content.decode()
