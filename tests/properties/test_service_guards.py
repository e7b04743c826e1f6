"""Actor checks the stateful lifecycle test tripped over, pinned one by one (they failed until the
services checked actors through the rules and ``core.access.is_self``).

Two families:

* the bulletin services and ``opinion_from_liaison`` read ``by.is_office`` directly, which an
  ``AnonymousUser`` does not have: an ``AttributeError`` instead of ``PermissionDenied``;
* the member-ownership checks compare ``author.user_id`` with ``by.pk``. For a member without a
  login account (``user_id`` is None — the office records matters for such members through
  ``opinion_from_liaison``) and an anonymous actor (``pk`` is None) the two are equal, so the
  check passes: the anonymous actor may resubmit the member's returned item, and creating a draft
  or an activity crashes with ``ValueError`` (``created_by=AnonymousUser``).
"""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from liaison import services as liaison
from opinions import services
from opinions.models import Status
from tests.members.factories import MemberFactory

pytestmark = pytest.mark.usefixtures("frozen_now")  # 2026-06-15

ANONYMOUS_CRASHES = (
    "bug: the bulletin services and opinion_from_liaison test by.is_office, which AnonymousUser lacks "
    "(AttributeError, not PermissionDenied)"
)
NONE_EQUALS_NONE = (
    "bug: the ownership check `author.user_id != by.pk` passes for an anonymous actor and a "
    "member without an account (None == None)"
)


def test_bulletin_create_refuses_an_anonymous_actor(municipal):
    with pytest.raises(PermissionDenied):
        services.bulletin_create(by=AnonymousUser(), committee=municipal)


def test_bulletin_issue_refuses_an_anonymous_actor(municipal, staff_municipal):
    bulletin = services.bulletin_create(by=staff_municipal, committee=municipal)
    with pytest.raises(PermissionDenied):
        services.bulletin_issue(bulletin=bulletin, by=AnonymousUser())


@pytest.fixture
def accountless_member(dalate):
    return MemberFactory(committee=dalate, name="赵委员")  # no login account


def test_anonymous_cannot_resubmit_the_returned_item_of_a_member_without_account(
    accountless_member, staff_dalate
):
    opinion = services.opinion_from_liaison(
        by=staff_dalate,
        author=accountless_member,
        channel="duty",
        title="值班时群众反映路灯不亮",
        content="村口路灯损坏多日。",
        suggestion="建议尽快维修。",
    )
    services.opinion_return(opinion=opinion, by=staff_dalate, comment="请补充具体位置。")
    with pytest.raises(PermissionDenied):
        services.opinion_submit_member(opinion=opinion, by=AnonymousUser())
    opinion.refresh_from_db()
    assert opinion.status == Status.RETURNED


def test_anonymous_cannot_write_a_draft_for_a_member_without_account(accountless_member):
    with pytest.raises(PermissionDenied):
        services.opinion_save_draft(
            by=AnonymousUser(),
            author=accountless_member,
            title="牧区饮水工程维护",
            content="部分嘎查饮水工程年久失修。",
        )


def test_anonymous_cannot_log_an_activity_for_a_member_without_account(accountless_member):
    with pytest.raises(PermissionDenied):
        liaison.activity_save(
            by=AnonymousUser(),
            reporter=accountless_member,
            type="survey",
            title="走访养殖户",
            occurred_on=datetime.date(2026, 6, 10),
            summary="了解饲草料储备。",
        )


def test_opinion_from_liaison_refuses_an_anonymous_actor_for_a_member_without_account(
    accountless_member,
):
    with pytest.raises(PermissionDenied):
        services.opinion_from_liaison(
            by=AnonymousUser(),
            author=accountless_member,
            channel="duty",
            title="值班时群众反映路灯不亮",
            content="村口路灯损坏多日。",
        )


def test_opinion_from_liaison_refuses_an_anonymous_actor(member_user):
    with pytest.raises(PermissionDenied):
        services.opinion_from_liaison(
            by=AnonymousUser(),
            author=member_user.member,
            channel="duty",
            title="值班时群众反映路灯不亮",
            content="村口路灯损坏多日。",
        )


def test_organising_an_activity_refuses_an_anonymous_actor(dalate, accountless_member):
    with pytest.raises(PermissionDenied):
        liaison.activity_organise(
            by=AnonymousUser(),
            committee=dalate,
            type="survey",
            title="走访养殖户",
            occurred_on=datetime.date(2026, 6, 10),
            summary="了解饲草料储备。",
            members=[accountless_member],
        )


def test_the_administrator_does_not_bypass_a_transition_rule(admin, member_user, staff_dalate):
    """Django grants a superuser every permission; a transition's rule is a business rule (only
    the author submits their own item), which the administrator's account does not bypass."""
    opinion = services.opinion_save_draft(
        by=member_user,
        author=member_user.member,
        title="牧区饮水工程维护",
        content="部分嘎查饮水工程年久失修。",
        suggestion="建议纳入年度维修计划。",
    )
    with pytest.raises(PermissionDenied):
        services.opinion_submit_member(opinion=opinion, by=admin)
    opinion.refresh_from_db()
    assert opinion.status == Status.DRAFT
