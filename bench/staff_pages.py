"""Staff pages at benchmark size: p50/p95 and query counts of every page issue 11 lists, export
time and peak memory, and the ledger rebuild's time and peak memory.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ordos_bench \\
        .venv/bin/python bench/staff_pages.py [--rounds 20] [--budget 60] [--year 2026]

Runs in-process with Django's test client (no web server), signed in as the demo ``staff``
user (municipal: sees all ten committees), in production mode (DEBUG off, MFA not asked), on the
configured database — seed it with ``bench/seed.py``; the settings are not edited (the test
client's host is allowed for the run). Each page is requested once to warm up, then ``--rounds``
times or until ``--budget`` seconds are spent on it (at least 5 times); a bare view (``HttpResponse
("ok")`` through the full middleware stack) is measured the same way in the same run, as the
reference the ratios are taken against. Queries are counted on one more request.

Exports (CSV and XLSX of the desk's unfiltered list, 5,000 rows): time, and peak memory during
the request — the process's resident set (VmHWM after resetting it through
/proc/self/clear_refs, minus VmRSS before) and Python's own allocations (tracemalloc, on a
separate request since tracing slows it down). ``rebuild_ledger --year N`` runs as a child
process: wall time and its maximum resident set (``os.wait4``, the child's own rusage).
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import time
import tracemalloc
import unicodedata
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
urlpatterns: list = []  # filled in by main(): the bare view next to the project's URLs


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=20, help="timed requests per page")
    parser.add_argument(
        "--budget", type=float, default=60.0, help="seconds per page before stopping early"
    )
    parser.add_argument("--year", type=int, default=None, help="rebuild_ledger year (this year)")
    parser.add_argument("--no-rebuild", action="store_true", help="skip rebuild_ledger")
    parser.add_argument("--no-exports", action="store_true", help="skip the exports")
    parser.add_argument("--no-pages", action="store_true", help="skip the pages")
    parser.add_argument(
        "--no-refresh", action="store_true", help="skip the cockpit's summary refresh"
    )
    parser.add_argument(
        "--only", action="append", default=None, help="run the pages whose name starts so"
    )
    parser.add_argument("--export-child", choices=["csv", "xlsx"], help=argparse.SUPPRESS)
    parser.add_argument("--export-job-child", choices=["csv", "xlsx"], help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def last_months(count: int) -> str:
    """The cockpit's query for the ``count`` months up to this one."""
    import datetime

    today = datetime.date.today()
    index = today.year * 12 + today.month - 1 - (count - 1)
    return f"month_from={index // 12}-{index % 12 + 1:02d}&month_to={today:%Y-%m}"


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile (p95 of 20 samples is the 19th smallest)."""
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * pct // 100))  # ceil
    return ordered[int(rank) - 1]


def memory_kib() -> dict[str, int]:
    text = Path("/proc/self/status").read_text()
    return {
        key: int(match.group(1))
        for key in ("VmRSS", "VmHWM")
        if (match := re.search(rf"{key}:\s+(\d+)", text))
    }


def reset_peak_rss() -> bool:
    try:
        Path("/proc/self/clear_refs").write_text("5")
        return True
    except OSError:
        return False


class QueryCounter:
    """Counts the queries run on a connection (``CaptureQueriesContext`` keeps at most 9,000)."""

    def __init__(self, connection):
        self.connection, self.count = connection, 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)

    def __enter__(self):
        self._cm = self.connection.execute_wrapper(self)
        self._cm.__enter__()
        return self

    def __exit__(self, *exc):
        self._cm.__exit__(*exc)


def text_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, width: int) -> str:
    """Left-aligned in ``width`` columns of a terminal (a Chinese character takes two)."""
    return text + " " * max(0, width - text_width(text))


def consume(response) -> int:
    if getattr(response, "streaming", False):
        return sum(len(chunk) for chunk in response.streaming_content)
    return len(response.content)


def body_of(response) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def export_rows(fmt: str, body: bytes) -> int:
    """Data rows in an export (the header row not counted); -1 for no file (a list past
    ``EXPORT_SYNC_MAX_ROWS`` becomes an export job: the response is a redirect)."""
    if not body:
        return -1
    if fmt == "csv":
        return body.decode("utf-8-sig").count("\n") - 1
    import io

    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(body), read_only=True).active
    return sum(1 for _ in sheet.iter_rows(values_only=True)) - 1


def setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ordos_liaison.settings")
    warnings.filterwarnings("ignore", message="No directory at", module="django.core.handlers")
    import django

    django.setup()

    from django.http import HttpResponse
    from django.urls import include, path

    def bare(request):
        return HttpResponse("ok")

    urlpatterns[:] = [path("__bench__/bare/", bare), path("", include("ordos_liaison.urls"))]


def bench_settings():
    """Production mode for the test client: the settings are not edited, the run overrides."""
    from django.test.utils import override_settings

    return override_settings(
        ROOT_URLCONF=__name__,
        DEBUG=False,
        REQUIRE_MFA=False,
        ALLOWED_HOSTS=["testserver"],
        # the lookups measured succeed; no limit should count them anyway
        TRACKING_FAILURES_PER_HOUR=10**9,
        TRACKING_FAILURES_PER_CODE=10**9,
    )


def staff_client():
    from django.test import Client

    from accounts.models import User

    staff = User.objects.filter(username="staff").first()
    if staff is None:
        sys.exit("No demo data: run bench/seed.py (or manage.py load_demo_data) first.")
    client = Client()
    client.force_login(staff)
    return client, staff


def export_child(fmt: str) -> None:
    """In a fresh process: the resident set before one export request and its peak during it."""
    setup_django()
    with bench_settings():
        client, _ = staff_client()
        consume(client.get("/__bench__/bare/"))  # the middleware stack is loaded
        before = memory_kib()["VmRSS"]
        reset = reset_peak_rss()
        consume(client.get(f"/opinions/desk/export.{fmt}"))
        after = memory_kib()
    peak = after["VmHWM"] if reset else after["VmRSS"]
    print(f"{before} {peak} {int(reset)}")


def export_rss_mib(fmt: str) -> str:
    result = subprocess.run(
        [sys.executable, __file__, "--export-child", fmt],
        capture_output=True,
        text=True,
        env=os.environ,
    )
    try:
        before, peak, reset = (int(x) for x in result.stdout.split()[-3:])
    except ValueError:
        return f"error: {result.stderr.strip()[-200:]}"
    return f"{(peak - before) / 1024:.1f}" + ("" if reset else "?")


def export_job_child(fmt: str) -> None:
    """In a fresh process: one export job of the whole desk (what a list past the sync limit
    becomes), run as the worker runs it; prints seconds, rows, the resident set before and its
    peak, and the file's size."""
    setup_django()
    from exports.models import ExportJob
    from exports.services import export_job_create
    from opinions import exports as desk_exports
    from opinions.tasks import desk_export_task

    with bench_settings():
        _, staff = staff_client()
        job = export_job_create(
            by=staff,
            kind=desk_exports.KIND,
            title="bench",
            fmt=fmt,
            params={},
            permission=desk_exports.PERMISSION,
            task=lambda _job_id: None,  # run here, below, not by a worker
        )
        before = memory_kib()["VmRSS"]
        reset = reset_peak_rss()
        started = time.perf_counter()
        desk_export_task(job.pk)
        elapsed = time.perf_counter() - started
        after = memory_kib()
        job = ExportJob.objects.get(pk=job.pk)
        peak = after["VmHWM"] if reset else after["VmRSS"]
        print(f"{elapsed:.1f} {job.row_count} {before} {peak} {int(reset)} {job.size} {job.status}")
        if job.file:
            job.file.delete(save=False)
        job.delete()


def export_job_line(fmt: str) -> str:
    result = subprocess.run(
        [sys.executable, __file__, "--export-job-child", fmt],
        capture_output=True,
        text=True,
        env=os.environ,
    )
    try:
        seconds, rows, before, peak, reset, size, status = result.stdout.split()[-7:]
    except ValueError:
        return f"error: {result.stderr.strip()[-300:]}"
    delta = (int(peak) - int(before)) / 1024
    return (
        f"{pad(f'{fmt.upper()} job ({int(size) // 2**20} MiB, {status})', 30)}{int(rows):>9,}"
        f"{float(seconds):>10.1f}{delta:>16.1f}{'' if reset == '1' else '?'}"
    )


def main(argv=None) -> None:
    args = parse_args(argv)
    if args.export_child:
        export_child(args.export_child)
        return
    if args.export_job_child:
        export_job_child(args.export_job_child)
        return
    setup_django()

    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from opinions.demo import DEMO_KEY
    from opinions.models import Opinion
    from org.models import Committee, Sector

    overrides = bench_settings()
    overrides.enable()
    signed_in, staff = staff_client()
    anonymous = Client()
    opinions_total = Opinion.objects.count()
    database = settings.DATABASES["default"]
    print(
        f"database: {database['ENGINE'].rsplit('.', 1)[-1]} {database['NAME']}, "
        f"{opinions_total:,} opinions; signed in as {staff.username} ({staff.role}, "
        f"{staff.committee})"
    )
    municipal = Committee.objects.filter(level="municipal").first()
    banner = Committee.objects.filter(level="banner").order_by("order").first()
    detail = (
        Opinion.objects.filter(committee=municipal, status="closed").order_by("-pk").first()
        or Opinion.objects.exclude(status="draft").order_by("-pk").first()
    )
    tracked = (
        Opinion.objects.exclude(tracking_code=None)
        .exclude(submitter_phone="")
        .exclude(status="draft")
        .order_by("-pk")
        .first()
    )
    sector = Sector.objects.order_by("pk").values_list("name", flat=True).first() or ""
    if detail is None or tracked is None or banner is None:
        sys.exit("No opinions to look at: seed the database first.")

    pages: list[tuple[str, str, dict | None, bool]] = [
        # name, url, POST data (None: GET), signed in
        ("desk unfiltered", "/opinions/desk/", None, True),
        ("desk status=under_review", "/opinions/desk/?status=under_review", None, True),
        (
            f"desk committee={banner.short_name}",
            f"/opinions/desk/?committee={banner.pk}",
            None,
            True,
        ),
        ("desk search 教育", "/opinions/desk/?q=教育", None, True),
        ("desk search 停车", "/opinions/desk/?q=停车", None, True),
        ("desk search 教育 page 25", "/opinions/desk/?q=教育&page=25", None, True),
        (
            f"desk search 教育 {banner.short_name}",
            f"/opinions/desk/?q=教育&committee={banner.pk}",
            None,
            True,
        ),
        ("desk search 罕见 (rare)", "/opinions/desk/?q=罕见", None, True),
        ("desk search 教 (1 char)", "/opinions/desk/?q=教", None, True),
        ("desk page 100", "/opinions/desk/?page=100", None, True),
        ("desk page 500", "/opinions/desk/?page=500", None, True),
        (f"opinion detail #{detail.pk}", f"/opinions/desk/{detail.pk}/", None, True),
        ("department statistics", "/opinions/departments/", None, True),
        ("activity desk", "/members/activities/desk/", None, True),
        ("activity desk q=调研", "/members/activities/desk/?q=调研", None, True),
        ("activity desk q=罕见 (rare)", "/members/activities/desk/?q=罕见", None, True),
        (
            f"activity desk sector={sector}",
            f"/members/activities/desk/?sector={sector}",
            None,
            True,
        ),
        ("activity desk page 100", "/members/activities/desk/?page=100", None, True),
        ("bulletins list", "/opinions/bulletins/", None, True),
        # the leaders' cockpit, read from its summary table (dashboards.cockpit): the ten
        # committees with their comparison, over 12 and 24 months, and one 旗区
        ("cockpit all ten, 12 months", f"/dashboards/leader/?{last_months(12)}", None, True),
        ("cockpit all ten, 24 months", f"/dashboards/leader/?{last_months(24)}", None, True),
        (
            f"cockpit {banner.short_name}, 12 months",
            f"/dashboards/leader/?committee={banner.pk}&{last_months(12)}",
            None,
            True,
        ),
        (
            "tracking: code + key",
            "/opinions/track/",
            {"code": tracked.tracking_code, "key": DEMO_KEY},
            False,
        ),
        (
            "tracking: code + phone",
            "/opinions/track/",
            {"code": tracked.tracking_code.lower(), "key": tracked.submitter_phone},
            False,
        ),
    ]
    if args.only:
        pages = [page for page in pages if any(page[0].startswith(o) for o in args.only)]
    if args.no_pages:
        pages = []

    def request(client, url, data):
        response = client.post(url, data) if data is not None else client.get(url)
        consume(response)
        return response

    def measure(client, url, data=None, rounds=args.rounds, least=5):
        first = request(client, url, data)  # warm up
        times: list[float] = []
        spent = time.perf_counter()
        while len(times) < rounds:
            start = time.perf_counter()
            request(client, url, data)
            times.append(time.perf_counter() - start)
            if len(times) >= least and time.perf_counter() - spent > args.budget:
                break
        with QueryCounter(connection) as queries:
            request(client, url, data)
        return first, times, queries.count

    if not args.no_refresh:
        # what the beat job does every five minutes (three months) and nightly (every month)
        from dashboards.figures import recent_since, refresh_cockpit_figures

        for label, since in (("cockpit refresh, 3 months", recent_since()), ("all", None)):
            started = time.perf_counter()
            written = refresh_cockpit_figures(since=since)
            print(
                f"{pad(label if since else 'cockpit refresh, all months', 30)}"
                f"{written:>9,} rows {time.perf_counter() - started:>8.1f} s",
                flush=True,
            )

    print(f"rounds: {args.rounds} per page (at least 5; stops after {args.budget:.0f} s)")
    _, bare_times, bare_queries = measure(anonymous, "/__bench__/bare/")
    base = statistics.median(bare_times)
    print(
        f"{pad('page', 30)}{'status':>7}{'p50 ms':>10}{'p95 ms':>10}{'queries':>9}{'n':>4}"
        f"{'p50 ÷ bare':>12}"
    )
    print(
        f"{pad('bare view (reference)', 30)}{200:>7}{base * 1000:>10.2f}"
        f"{percentile(bare_times, 95) * 1000:>10.2f}{bare_queries:>9}{len(bare_times):>4}"
        f"{1.0:>12.1f}"
    )
    for name, url, data, signed in pages:
        client = signed_in if signed else anonymous
        first, times, queries = measure(client, url, data)
        note = ""
        if data is not None and tracked.tracking_code.encode() not in first.content:
            note = "  (lookup failed: seeded with another SECRET_KEY?)"
        print(
            f"{pad(name, 30)}{first.status_code:>7}{statistics.median(times) * 1000:>10.1f}"
            f"{percentile(times, 95) * 1000:>10.1f}{queries:>9}{len(times):>4}"
            f"{statistics.median(times) / base:>12.0f}{note}",
            flush=True,
        )

    if not args.no_exports:
        print()
        print(
            f"{pad('export (desk, unfiltered)', 30)}{'rows':>7}{'p50 ms':>10}{'p95 ms':>10}"
            f"{'queries':>9}{'n':>4}{'peak RSS Δ MiB':>16}{'tracemalloc MiB':>17}"
        )
        for fmt, url in (
            ("csv", "/opinions/desk/export.csv"),
            ("xlsx", "/opinions/desk/export.xlsx"),
            ("csv", f"/opinions/desk/export.csv?q=教育&committee={banner.pk}"),
        ):
            content = body_of(signed_in.get(url))
            size, rows = len(content), export_rows(fmt, content)
            del content
            _, times, queries = measure(signed_in, url, rounds=min(args.rounds, 10), least=3)
            tracemalloc.start()
            consume(signed_in.get(url))
            _, traced_peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            print(
                f"{pad(f'{fmt.upper()} ({size // 1024} KiB)', 30)}{rows:>7}"
                f"{statistics.median(times) * 1000:>10.1f}{percentile(times, 95) * 1000:>10.1f}"
                f"{queries:>9}{len(times):>4}{export_rss_mib(fmt):>16}"
                f"{traced_peak / 2**20:>17.1f}",
                flush=True,
            )
        print()
        print(
            f"{pad('export job (whole desk)', 30)}{'rows':>9}{'seconds':>10}{'peak RSS Δ MiB':>16}"
        )
        for fmt in ("csv", "xlsx"):
            print(export_job_line(fmt), flush=True)
    overrides.disable()

    if not args.no_rebuild:
        year = args.year or timezone.localdate().year
        print()
        started = time.perf_counter()
        child = subprocess.Popen(
            [sys.executable, str(ROOT / "manage.py"), "rebuild_ledger", "--year", str(year)],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        assert child.stdout is not None
        output = child.stdout.read()
        _, status, usage = os.wait4(child.pid, 0)  # the child's own rusage: its max RSS
        child.returncode = os.waitstatus_to_exitcode(status)
        elapsed = time.perf_counter() - started
        print(
            f"rebuild_ledger --year {year}: {elapsed:.1f} s, max RSS "
            f"{usage.ru_maxrss / 1024:.0f} MiB, exit {child.returncode}: {output.strip()[-300:]}"
        )


if __name__ == "__main__":
    main()
