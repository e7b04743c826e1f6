"""A bare single-file Django app: the reference ``bench/public_pages.py`` measures the portal against.

    gunicorn bench.bare_app:application  (from the repository root)

Three views, no middleware, no templates: ``/hello/`` returns a constant, ``/query/`` runs one
query (the ten committees) on the portal's own database and ``/write/`` makes one durable write
there (an INSERT of one row, committed on its own, into a scratch table ``bench_bare_write`` the
app creates): the floor of anything that saves what a citizen sends before it answers. The database settings are the portal's
(``ordos_liaison/settings.py`` read from its file, so DATABASE_URL, CONN_MAX_AGE, the timeouts and
the SQLite options are the same), served by the same gunicorn settings; what is left is the cost
of Django's request cycle and of one query.
"""

from __future__ import annotations

import functools
import importlib.util
import os
from pathlib import Path

import django
from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.db import connection
from django.http import HttpResponse
from django.urls import path

ROOT = Path(__file__).resolve().parent.parent


def _portal_settings():
    """The portal's settings module, executed from its file (not ``import ordos_liaison``, whose
    package also sets up Celery)."""
    spec = importlib.util.spec_from_file_location(
        "_portal_settings", ROOT / "ordos_liaison" / "settings.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def hello(request):
    return HttpResponse("hello")


def one_query(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, name FROM org_committee ORDER BY id")
        rows = cursor.fetchall()
    return HttpResponse(", ".join(name for _, name in rows))


SCRATCH = "bench_bare_write"


@functools.cache
def _scratch_table() -> None:
    key = "BIGSERIAL" if connection.vendor == "postgresql" else "INTEGER"
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TABLE IF NOT EXISTS {SCRATCH} (id {key} PRIMARY KEY, body TEXT NOT NULL)"
        )


def one_write(request):
    _scratch_table()
    with connection.cursor() as cursor:  # autocommit: the INSERT is its own transaction
        cursor.execute(f"INSERT INTO {SCRATCH} (body) VALUES (%s)", ["小区周边停车位严重不足"])
    return HttpResponse("saved")


urlpatterns = [path("hello/", hello), path("query/", one_query), path("write/", one_write)]

if not settings.configured:
    portal = _portal_settings()
    settings.configure(
        DEBUG=False,
        SECRET_KEY=os.environ.get("SECRET_KEY", "bench-bare-app-not-secret"),
        ALLOWED_HOSTS=portal.ALLOWED_HOSTS,
        ROOT_URLCONF=__name__,
        DATABASES=portal.DATABASES,
        MIDDLEWARE=[],
        INSTALLED_APPS=[],
        USE_TZ=True,
        TIME_ZONE=portal.TIME_ZONE,
    )
    django.setup()

application = get_wsgi_application()
