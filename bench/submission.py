"""One 我要建言 submission taken apart: what it asks of the database, and what it costs in Python.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/perf_bench REDIS_URL=redis://127.0.0.1:6379/9 \\
        .venv/bin/python bench/submission.py [--posts 200]

In-process with Django's test client (CSRF enforced), production settings from the environment,
the submission limits raised as ``public_pages.py`` raises them (``collectstatic`` runs first, as
there: production serves the manifest's hashed names). Posts a valid form once to load
the process's lists, then once more with the statements captured: prints each statement with
its time, then — on PostgreSQL — replays each in a transaction that is rolled back, under
``EXPLAIN (ANALYZE, BUFFERS, WAL)`` (the submission's own rows are deleted first inside it, so
the INSERTs replay as they ran). Last, ``--posts`` more submissions: their median CPU and wall
time a request. Each run adds ``--posts`` + 2 opinions to the database it is given.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.update(
    DEBUG="false",
    SUBMISSION_MIN_SECONDS="0",
    SUBMISSION_CAPTCHA_AFTER=str(10**9),
    SUBMISSION_LIMIT_PER_HOUR=str(10**9),
)
os.environ.setdefault("ALLOWED_HOSTS", "testserver")
os.environ.setdefault("HTTPS", "false")
os.environ.setdefault("SECRET_KEY", "bench-submission-" + "x" * 50)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ordos_liaison.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from public_pages import submission_form  # noqa: E402  (bench/, this script's directory)

from opinions.models import Opinion  # noqa: E402

SUBMIT = "/opinions/submit/"


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, default=200, help="submissions timed (default 200)")
    return parser.parse_args(argv)


def post(client: Client, data: dict[str, str]) -> str:
    token = uuid.uuid4().hex
    response = client.post(SUBMIT, {**data, "token": token})
    if response.status_code != 302:
        sys.exit(f"the submission was not saved: HTTP {response.status_code}")
    return token


def explain(statements: list[str], opinion: Opinion) -> None:
    """Each data statement again under EXPLAIN ANALYZE, in a transaction rolled back."""
    with connection.cursor() as cursor:
        cursor.execute("BEGIN")
        try:
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            cursor.execute("DELETE FROM opinions_opinionevent WHERE opinion_id = %s", [opinion.pk])
            cursor.execute("DELETE FROM opinions_opinion WHERE id = %s", [opinion.pk])
            for sql in statements:
                if sql.split(None, 1)[0].upper() not in {"SELECT", "INSERT", "UPDATE", "DELETE"}:
                    continue
                cursor.execute(
                    "EXPLAIN (ANALYZE, BUFFERS, WAL, COSTS OFF) " + sql.replace("%", "%%")
                )
                print(f"EXPLAIN {' '.join(sql.split())[:100]}")
                for (line,) in cursor.fetchall():
                    print(f"    {line}")
        finally:
            cursor.execute("ROLLBACK")


def main(argv=None) -> None:
    args = parse_args(argv)
    call_command("collectstatic", "--noinput", "-v0")  # production serves the manifest's names
    database = settings.DATABASES["default"]
    print(f"database: {database['ENGINE'].rsplit('.', 1)[-1]} {database['NAME']}")
    client = Client(enforce_csrf_checks=True)
    data = submission_form(client.get(SUBMIT).content.decode())
    post(client, data)  # the process's lists (categories, committees, calendar…) loaded
    with CaptureQueriesContext(connection) as captured:
        token = post(client, data)
    statements = [query["sql"] for query in captured.captured_queries]
    print(f"one submission: {len(statements)} statements (BEGIN and COMMIT included)")
    for query in captured.captured_queries:
        print(f"  {float(query['time']) * 1000:6.1f} ms  {' '.join(query['sql'].split())[:110]}")
    if connection.vendor == "postgresql":
        print()
        explain(statements, Opinion.objects.get(dedupe_token=token))
    cpu, wall = [], []
    for _ in range(args.posts):
        started_cpu, started = time.process_time(), time.perf_counter()
        post(client, data)
        cpu.append(time.process_time() - started_cpu)
        wall.append(time.perf_counter() - started)
    print()
    print(
        f"{args.posts} submissions in-process: CPU median {statistics.median(cpu) * 1000:.2f} ms, "
        f"wall median {statistics.median(wall) * 1000:.2f} ms a submission"
    )


if __name__ == "__main__":
    main()
