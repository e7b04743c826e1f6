import pytest

from accounts.models import User
from tests.members.factories import MemberUserFactory
from tests.workstations.factories import AssignmentFactory, WorkstationFactory


@pytest.fixture
def workstation(dalate):
    return WorkstationFactory(committee=dalate, name="树林召镇委员之家")


@pytest.fixture
def duty_members(workstation):
    """Three 达拉特旗 members with accounts, assigned to the workstation (convener first)."""
    members = [
        MemberUserFactory(committee=workstation.committee, name=name)
        for name in ("甲委员", "乙委员", "丙委员")
    ]
    AssignmentFactory(workstation=workstation, member=members[0], role="convener")
    for member in members[1:]:
        AssignmentFactory(workstation=workstation, member=member)
    return members


@pytest.fixture
def office(staff_dalate):
    return staff_dalate


@pytest.fixture
def roles_for_workstation(make_user, dalate, zhungeer, staff_dalate, staff_zhungeer, member_user):
    return {
        "anonymous": None,
        "citizen": make_user(User.Role.CITIZEN, None, username="citizen_ws"),
        "member": member_user,
        "staff_other": staff_zhungeer,
        "staff": staff_dalate,
    }
