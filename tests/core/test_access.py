"""core.access: the one refusal rule — 403 for the wrong role (before any lookup), 404 for a
record outside the user's scoped queryset, 403 without the right to act on a visible record."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from core.access import get_object_for
from members.models import Member
from tests.members.factories import MemberFactory

PERM = "members.change_member"


def _members(user):
    return Member.objects.visible_to(user)


@pytest.mark.django_db
class TestGetObjectFor:
    def test_in_scope_record_is_returned(self, staff_dalate, dalate):
        member = MemberFactory(committee=dalate)
        assert (
            get_object_for(staff_dalate, _members(staff_dalate), perm=PERM, pk=member.pk) == member
        )

    @pytest.mark.parametrize("who", ["citizen", "leader", "department_user", "member_user"])
    def test_wrong_role_is_403_whatever_the_record(self, request, who, dalate, zhungeer):
        user = request.getfixturevalue(who)
        for pk in (MemberFactory(committee=dalate).pk, MemberFactory(committee=zhungeer).pk, 10**9):
            with pytest.raises(PermissionDenied):
                get_object_for(user, _members(user), perm=PERM, pk=pk)

    def test_anonymous_is_refused_before_any_lookup(self, dalate):
        user = AnonymousUser()
        with pytest.raises(PermissionDenied):
            get_object_for(user, Member.objects.all(), perm=PERM, pk=10**9)

    @pytest.mark.parametrize("pk", ["other-committee", 10**9, "not-a-number"])
    def test_right_role_outside_scope_is_404(self, staff_dalate, zhungeer, pk):
        if pk == "other-committee":
            pk = MemberFactory(committee=zhungeer).pk
        with pytest.raises(Http404):
            get_object_for(staff_dalate, _members(staff_dalate), perm=PERM, pk=pk)

    def test_visible_but_not_changeable_is_403(self, staff_municipal, dalate):
        member = MemberFactory(committee=dalate)
        queryset = _members(staff_municipal)
        assert get_object_for(staff_municipal, queryset, perm=PERM, pk=member.pk) == member
        with pytest.raises(PermissionDenied):
            get_object_for(staff_municipal, queryset, perm=PERM, object_perm=PERM, pk=member.pk)
