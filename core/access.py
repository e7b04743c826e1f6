"""Fetch-and-authorize: the one rule for refusals, shared by every app's views and services.

1. The role: a user without ``perm`` (checked without an object, so it asks only "may this kind
   of user do this at all") is refused with ``PermissionDenied`` — a 403, whatever the record.
2. The scope: the record is looked up in ``queryset``, the caller's scoped queryset (``org.scope``,
   ``<Model>.objects.visible_to(user)`` or the app's selector); outside it the answer is ``Http404``,
   so a role that may act never learns whether another committee's record exists.
3. Optionally the right to act on this very record (``object_perm``, e.g. a change right that only
   the committee that owns the record holds): ``PermissionDenied``, since the user may see it.

The kernel imports no project app: the caller passes the queryset and the permission names.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ImproperlyConfigured, ObjectDoesNotExist, PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase

M = TypeVar("M", bound=Model)

# ``request.user``: the project's user or AnonymousUser (both answer ``has_perm``).
AnyUser = Any


def require_perm(user: AnyUser, perm: str, obj: Model | None = None) -> None:
    """403 unless ``user`` has ``perm`` (on ``obj`` when given)."""
    if not user.has_perm(perm, obj):
        raise PermissionDenied


def get_object_for(
    user: AnyUser,
    queryset: QuerySet[M],
    *,
    perm: str | None,
    object_perm: str | None = None,
    **lookup: Any,
) -> M:
    """The record of ``queryset`` matching ``lookup``: 403 for the wrong role (``perm``), 404 when
    the record is outside ``queryset`` (the user's scope), 403 without ``object_perm`` on it."""
    if perm is not None:
        require_perm(user, perm)
    try:
        obj = queryset.get(**lookup)
    except (ObjectDoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc
    if object_perm is not None:
        require_perm(user, object_perm, obj)
    return obj


class ScopedObjectMixin:
    """For a view on one record, used with ``rules.contrib.views.PermissionRequiredMixin``:
    ``permission_required`` is the role check, done before any lookup (login redirect, then 403);
    ``get_object()`` then looks the record up in ``get_scoped_queryset()`` (404 outside it)."""

    request: Any
    kwargs: dict[str, Any]
    pk_url_kwarg = "pk"

    def get_permission_object(self) -> None:
        return None  # the role first: never look the record up before the role is checked

    def get_scoped_queryset(self) -> QuerySet[Any]:
        """The records the user may open; by default the view's own ``get_queryset()``."""
        get_queryset = getattr(self, "get_queryset", None)
        if get_queryset is None:
            raise ImproperlyConfigured(f"{type(self).__name__} needs get_scoped_queryset().")
        queryset: QuerySet[Any] = get_queryset()
        return queryset

    def get_object(self, queryset: QuerySet[Any] | None = None) -> Any:
        if queryset is None:
            queryset = self.get_scoped_queryset()
        return get_object_for(
            self.request.user, queryset, perm=None, pk=self.kwargs[self.pk_url_kwarg]
        )


def is_self(user: AnyUser, user_id: int | None) -> bool:
    """``user`` is the account ``user_id`` names: signed in, and never ``None == None`` (an
    anonymous visitor and a member without an account both have no id)."""
    return (
        bool(getattr(user, "is_authenticated", False))
        and user_id is not None
        and (user_id == user.pk)
    )


class RecordViewMixin:
    """For a view on one record looked up before it runs (``pk`` in the URL): login first (a
    redirect), then the role — ``permission_required``, or ``post_permission`` for a POST — (403
    before any lookup), then the record in ``record_queryset(user)`` (404 outside the user's
    scope), kept as ``self.<record_name>`` for the view, then ``object_permission`` (when set) on
    ``permission_object(record)`` — the record by default (403 for a record the user may see but
    not change)."""

    permission_required: str
    post_permission: str | None = None  # the role a POST needs, checked before the lookup
    object_permission: str | None = None  # the right to act on this very record
    record_name: str

    def record_queryset(self, user: AnyUser) -> QuerySet[Any]:
        raise ImproperlyConfigured(f"{type(self).__name__} needs record_queryset().")

    def permission_object(self, record: Any) -> Model:
        """What ``object_permission`` is asked on: the record, or the record it belongs to."""
        obj: Model = record
        return obj

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        perm = self.permission_required
        if request.method == "POST" and self.post_permission:
            perm = self.post_permission
        record = get_object_for(
            request.user, self.record_queryset(request.user), perm=perm, pk=kwargs["pk"]
        )
        setattr(self, self.record_name, record)
        if self.object_permission is not None:
            require_perm(request.user, self.object_permission, self.permission_object(record))
        response: HttpResponseBase = super().dispatch(request, *args, **kwargs)  # type: ignore[misc]  # the view's dispatch, next in the MRO
        return response
