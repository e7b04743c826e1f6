"""Page benchmark: time the portal's busiest pages against a bare Django view in the same run.

    .venv/bin/python bench/pages.py [--rounds 30]

Runs in-process with Django's test client against the configured database (the embedded SQLite
after `make run`, or DATABASE_URL — PostgreSQL with production settings works as is: the test
client's host is allowed for the run), which must hold the demo data (`manage.py load_demo_data`).
Machines here are noisy, so it prints each page's median time as a ratio to the median of a bare
view (a function returning HttpResponse("ok") through the full middleware stack), plus the query
count. A ratio creeping up between commits is the signal; absolute numbers are not.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ordos_liaison.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, override_settings  # noqa: E402
from django.urls import include, path  # noqa: E402


def bare(request):
    return HttpResponse("ok")


def bare_query(request):
    """The bare view plus one small query (what a POST is compared with)."""
    from org.models import Committee

    return HttpResponse(str(Committee.objects.filter(order__gte=0).count()))


urlpatterns = [
    path("__bench__/bare/", bare),
    path("__bench__/bare-query/", bare_query),
    path("", include("ordos_liaison.urls")),
]


def measure(client, url, rounds):
    client.get(url)  # warm up
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - start)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return response.status_code, statistics.median(times), len(queries)


def measure_submit(client, rounds):
    """A valid 我要建言 POST (each with a fresh dedupe token; the limits are raised by the
    caller). Writes ``rounds + 1`` opinions into the database."""
    import uuid

    from opinions import abuse
    from opinions.models import Category
    from org.models import Committee, Region

    committee = Committee.objects.get(code="dalate")
    data = {
        "title": "小区门前道路破损",
        "content": "情况：道路破损。分析：车辆多。建议：尽快修补。",
        "category": Category.objects.filter(is_active=True).first().pk,
        "committee": committee.pk,
        "region": Region.objects.filter(committee=committee, level="township").first().pk,
        "submitter_name": "张女士",
        "submitter_phone": "13947712345",
        "consent": "on",
    }
    times = []
    for i in range(rounds + 1):
        data.update(token=uuid.uuid4().hex, started=abuse.timer_token())
        start = time.perf_counter()
        response = client.post("/opinions/submit/", data)
        if i:
            times.append(time.perf_counter() - start)
    assert response.status_code == 302, response.content[:2000]
    return response.status_code, statistics.median(times)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument(
        "--submit", action="store_true", help="also time a valid 我要建言 POST (writes opinions)"
    )
    args = parser.parse_args()

    from accounts.models import User
    from opinions.models import Opinion

    staff = User.objects.filter(username="staff").first()
    opinion = Opinion.objects.filter(committee__code="ordos").exclude(status="draft").first()
    if staff is None or opinion is None:
        sys.exit("No demo data: run `manage.py load_demo_data` first.")

    pages = [
        ("public home", "/", None),
        ("我要建言 form", "/opinions/submit/", None),
        ("政协信箱 form", "/opinions/mailbox/", None),
        # a query string skips the rendered shell visitors get (core.views.PublicShellMixin)
        ("我要建言, rendered", "/opinions/submit/?rendered", None),
        ("政协信箱, rendered", "/opinions/mailbox/?rendered", None),
        ("委员之家 directory", "/workstations/", None),
        ("staff office home", "/dashboards/office/", staff),
        ("review desk inbox", "/opinions/desk/", staff),
        ("opinion page", f"/opinions/desk/{opinion.pk}/", staff),
        ("member directory", "/members/", staff),
        ("department statistics", "/opinions/departments/", staff),
        ("ledger ranking", "/members/ledger/ranking/", staff),
    ]
    limits = {"SUBMISSION_LIMIT_PER_HOUR": 10**9, "SUBMISSION_CAPTCHA_AFTER": 10**9}
    with override_settings(
        ROOT_URLCONF=__name__,
        DEBUG=False,
        REQUIRE_MFA=False,
        ALLOWED_HOSTS=["testserver"],
        SUBMISSION_MIN_SECONDS=0,
        **limits,
    ):
        anonymous, signed_in = Client(), Client()
        signed_in.force_login(staff)
        _, base, _ = measure(anonymous, "/__bench__/bare/", args.rounds)
        print(f"bare Django view: {base * 1000:.2f} ms (median of {args.rounds}) = 1.0")
        print(f"{'page':<24}{'status':>7}{'ratio':>8}{'ms':>9}{'queries':>9}")
        for name, url, user in pages:
            client = signed_in if user else anonymous
            status, median, queries = measure(client, url, args.rounds)
            print(f"{name:<24}{status:>7}{median / base:>8.1f}{median * 1000:>9.1f}{queries:>9}")
        if args.submit:
            _, one_query, _ = measure(anonymous, "/__bench__/bare-query/", args.rounds)
            status, median = measure_submit(Client(), args.rounds)
            print(f"bare one-query view: {one_query * 1000:.2f} ms")
            print(
                f"{'我要建言 POST':<24}{status:>7}{median / one_query:>8.1f}{median * 1000:>9.1f}"
            )


if __name__ == "__main__":
    main()
