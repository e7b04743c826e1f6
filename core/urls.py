"""The URL tables' helpers: a page is a row ``route(pattern, ViewClass, name)``.

Every app's ``urls.py`` lists its class-based pages as rows of the same three columns — the path,
the view class and the URL name — so that a table reads one page a line::

    urlpatterns = [
        route("desk/", views.InboxView, "inbox"),
        route("desk/<int:pk>/", views.DeskDetailView, "desk_detail"),
        group(
            "bulletins/<int:pk>/",
            route("", views.BulletinDetailView, "bulletin_detail"),
            route("docx/", views.BulletinDocxView, "bulletin_docx"),
        ),
    ]

Pages of one record or one desk write their path prefix once: ``group(prefix, *routes)`` is
Django's ``path(prefix, include([...]))`` without a namespace, so the URL names stay the app's
and a full path is the prefix followed by the row's. Fixed keyword arguments for the view are
given by name (``route("…/attendance/", views.ActivityActionView, "activity_attendance",
action="attendance")``). A view that needs ``as_view(...)`` arguments, and a function view, keep
Django's ``path``.
"""

from __future__ import annotations

from typing import Any

from django.urls import URLPattern, URLResolver, include, path
from django.views import View


def route(pattern: str, view: type[View], name: str, /, **kwargs: Any) -> URLPattern:
    """``path(pattern, view.as_view(), kwargs, name=name)``: one class-based page."""
    return path(pattern, view.as_view(), kwargs, name=name)


def group(prefix: str, /, *routes: URLPattern | URLResolver) -> URLResolver:
    """The rows under one path prefix: ``path(prefix, include([*routes]))``, no namespace."""
    return path(prefix, include(list(routes)))
