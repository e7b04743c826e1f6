"""The API asks the very rules the pages ask (each app's ``rules.py``): a view names the role
permission; the record's scope is the selector's (404 outside it), as on the web."""

from __future__ import annotations

from rest_framework import permissions


def rule(perm: str) -> type[permissions.BasePermission]:
    """A DRF permission class for the role permission ``perm`` (checked without an object).
    The anonymous are told to sign in (401); a signed-in user without the role gets a 403."""

    class HasRule(permissions.BasePermission):
        def has_permission(self, request, view):
            if not request.user or not request.user.is_authenticated:
                return False
            return request.user.has_perm(perm)

    HasRule.__name__ = HasRule.__qualname__ = f"HasRule[{perm}]"
    return HasRule


class IsStaffDocsReader(permissions.BasePermission):
    """The schema and its documentation page: signed-in office staff and administrators (the
    app's developers get the schema file from the repository, docs/api/openapi.yaml)."""

    def has_permission(self, request, view):
        user = request.user
        return bool(user and user.is_authenticated and user.has_perm("opinions.view_desk"))


def member_rule(perm: str) -> type[permissions.BasePermission]:
    """``rule(perm)`` and a member profile: a superuser passes every rule but has no profile
    (the web's MemberOnlyMixin refuses them the same way)."""
    base = rule(perm)

    class HasMemberRule(base):  # type: ignore[misc,valid-type]
        def has_permission(self, request, view):
            return super().has_permission(request, view) and (
                getattr(request.user, "member", None) is not None
            )

    HasMemberRule.__name__ = HasMemberRule.__qualname__ = f"HasMemberRule[{perm}]"
    return HasMemberRule
