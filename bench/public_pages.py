"""The public pages under gunicorn in production mode, side by side with a bare Django app.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ordos_bench_http \\
    REDIS_URL=redis://127.0.0.1:6379/9 \\
        .venv/bin/python bench/public_pages.py --prepare [--duration 10] [--rounds 3]

(Not ``bench/http.py``: a script directory is the first entry of ``sys.path``, and a module named
``http`` there would stand in for the standard library's — which Django imports — in every
script of ``bench/``.)

Needs wrk (Debian/Ubuntu: ``apt-get install wrk``). Starts two gunicorn servers with the same
settings (sync workers, ``--workers 2``): the portal (``ordos_liaison.wsgi``, DEBUG off, settings
from the environment as in production; ALLOWED_HOSTS=127.0.0.1 and the plain-HTTP defaults of
HTTPS=false serve loopback) and ``bench/bare_app.py`` (a "hello" view and a one-query view on the
same database). Each page is measured with ``wrk -t2 -c16`` over loopback in flanked rounds —
bare hello, bare one-query, portal, bare hello, bare one-query, portal, … bare hello, bare
one-query — and the table shows the median of the portal's rounds and its ratio to the medians of
the bare rounds around them. Machines are noisy; the ratios are the figures to compare.

Pages: home ``/``, 我要建言 GET, 政协信箱 GET, 委员之家 directory, and 我要建言 POST: a valid
submission (wrk with a Lua script: the CSRF cookie and token of one rendered form, a fresh form
token per request so that each POST is a new opinion). The submission limits are raised for the
run through their settings (SUBMISSION_LIMIT_PER_HOUR, SUBMISSION_CAPTCHA_AFTER,
SUBMISSION_MIN_SECONDS); every response's status is counted (302 to the receipt = saved) and the
opinions the database gained are compared with them.

Works against PostgreSQL + Redis (DATABASE_URL, REDIS_URL) and against the embedded default (no
DATABASE_URL: SQLite under VAR_DIR, local-memory cache). ``--prepare`` runs migrate,
load_reference_data, load_demo_data --if-empty first; collectstatic always runs (production
serves the manifest's hashed names).
"""

from __future__ import annotations

import argparse
import functools
import html
import http.cookiejar
import os
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import unicodedata
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WRK_HINT = (
    "wrk is not installed: `apt-get install wrk` (Debian/Ubuntu) or build it from github.com/wg/wrk"
)

PAGES = {
    "home": ("home", "/"),
    "submit": ("我要建言 GET", "/opinions/submit/"),
    "mailbox": ("政协信箱 GET", "/opinions/mailbox/"),
    "directory": ("委员之家 directory", "/workstations/"),
    "post": ("我要建言 POST", "/opinions/submit/"),
}

# wrk's Lua: POST the same form with a fresh 32-hex form token each time, count the statuses.
POST_SCRIPT = r"""
local counter = 0
local salt = "00000000"
local threads = {}
local thread_id = 0

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  salt = args[1] or salt
  statuses = {}
  thread_id = id or 0
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
  wrk.headers["Cookie"] = COOKIE
end

function request()
  counter = counter + 1
  local token = string.format("%s%02x%022x", salt, thread_id, counter)
  return wrk.format(nil, nil, nil, BODY:gsub("TOKENTOKENTOKENTOKENTOKENTOKEN00", token))
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local total = {}
  for _, thread in ipairs(threads) do
    local counts = thread:get("statuses")
    for status, n in pairs(counts) do
      total[status] = (total[status] or 0) + n
    end
  end
  for status, n in pairs(total) do
    io.write(string.format("status %d: %d\n", status, n))
  end
end
"""


@functools.cache
def run_dir() -> Path:
    """This run's files: the servers' logs, the POST script."""
    return Path(tempfile.mkdtemp(prefix="bench-public-"))


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds per wrk run")
    parser.add_argument("--rounds", type=int, default=3, help="portal rounds per page")
    parser.add_argument("--connections", type=int, default=16, help="wrk -c")
    parser.add_argument("--threads", type=int, default=2, help="wrk -t")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers")
    parser.add_argument(
        "--pages",
        default=",".join(PAGES),
        help=f"comma-separated, from: {', '.join(PAGES)} (default: all)",
    )
    parser.add_argument(
        "--port",
        type=int,
        default=0,
        help="the portal's port (the bare app's is the next one); default: free ports",
    )
    parser.add_argument(
        "--prepare",
        action="store_true",
        help="migrate, load_reference_data, load_demo_data --if-empty first",
    )
    args = parser.parse_args(argv)
    args.pages = [p.strip() for p in args.pages.split(",") if p.strip()]
    unknown = set(args.pages) - set(PAGES)
    if unknown:
        parser.error(f"unknown page(s): {', '.join(sorted(unknown))}")
    return args


@dataclass
class Row:
    name: str
    page: float  # the portal's median req/s
    hello: float  # the bare views' medians
    query: float
    write: float = 0.0  # POST only: the bare one-write view's median
    statuses: dict[int, int] | None = None  # POST only: responses by status
    created: int = 0  # POST only: opinions the database gained


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def bench_env() -> dict[str, str]:
    """Production mode from the environment, loopback-friendly, submission limits raised."""
    env = dict(os.environ)
    env.update(
        DEBUG="false",
        ALLOWED_HOSTS="127.0.0.1",
        SUBMISSION_MIN_SECONDS="0",
        SUBMISSION_CAPTCHA_AFTER=str(10**9),
        SUBMISSION_LIMIT_PER_HOUR=str(10**9),
    )
    env.setdefault("SECRET_KEY", "bench-http-" + "x" * 50)
    env.setdefault("HTTPS", "false")
    env.setdefault("DJANGO_SETTINGS_MODULE", "ordos_liaison.settings")
    return env


def manage(env, *command: str) -> str:
    result = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *command],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if result.returncode:
        sys.exit(f"manage.py {' '.join(command)} failed:\n{result.stderr[-2000:]}")
    return result.stdout


def opinion_count(env) -> int:
    out = manage(
        env, "shell", "-c", "from opinions.models import Opinion; print(Opinion.objects.count())"
    )
    return int(out.strip().splitlines()[-1])


class Server:
    """A gunicorn master with its workers, in a process group of its own."""

    def __init__(self, name: str, app: str, port: int, env, workers: int, extra=()):
        self.name, self.port = name, port
        self.log_path = run_dir() / f"{name}.log"
        self.log = self.log_path.open("wb")  # noqa: SIM115 — open while the server runs; stop() closes it
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            app,
            "--workers",
            str(workers),
            "--worker-class",
            "sync",
            "--bind",
            f"127.0.0.1:{port}",
            "--chdir",
            str(ROOT),
            "--no-control-socket",  # two masters (and anyone else's) would share ~/.gunicorn
            *extra,
        ]
        self.process = subprocess.Popen(
            command, env=env, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True
        )

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def wait(self, path: str, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                sys.exit(f"{self.name} exited; its log: {self.log_path}")
            try:
                with urllib.request.urlopen(self.url(path), timeout=5) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, OSError):
                time.sleep(0.3)
        sys.exit(f"{self.name} did not answer {path} within {timeout:.0f} s; log: {self.log_path}")

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self.log.close()

    def errors(self) -> list[str]:
        text = self.log_path.read_text(errors="replace")
        return [
            line for line in text.splitlines() if "Traceback" in line or "ERROR" in line.upper()
        ]


def wrk(args, url: str, script: str | None = None, script_args=()) -> dict:
    command = [
        "wrk",
        f"-t{args.threads}",
        f"-c{args.connections}",
        f"-d{args.duration}s",
        "--timeout",
        "30s",
    ]
    if script:
        command += ["-s", script]
    command.append(url)
    if script_args:
        command += ["--", *script_args]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    rate = re.search(r"Requests/sec:\s+([\d.]+)", out)
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    sockets = re.search(r"Socket errors:(.*)", out)
    statuses = {int(s): int(n) for s, n in re.findall(r"status (\d+): (\d+)", out)}
    return {
        "rps": float(rate.group(1)) if rate else 0.0,
        "non_2xx_3xx": int(bad.group(1)) if bad else 0,
        "socket_errors": sockets.group(1).strip() if sockets else "",
        "statuses": statuses,
        "output": out,
    }


def submission_form(page: str) -> dict[str, str]:
    """A valid 我要建言 submission from a rendered form page: its CSRF token and fill timer, the
    first committee and category it offers, a citizen's title, text, name and phone (no form
    token: each POST brings its own). Also used by ``submission.py``."""

    def hidden(name: str) -> str:
        match = re.search(rf'name="{name}"[^>]*value="([^"]*)"', page) or re.search(
            rf'value="([^"]*)"[^>]*name="{name}"', page
        )
        if not match:
            sys.exit(f"the 我要建言 form has no {name} field")
        return html.unescape(match.group(1))

    def first_option(select: str) -> str:
        block = re.search(rf'<select[^>]*name="{select}".*?</select>', page, re.S)
        values = re.findall(r'<option value="(\d+)"', block.group(0)) if block else []
        if not values:
            sys.exit(f"the 我要建言 form offers no {select}: load the demo data (--prepare)")
        return values[0]

    return {
        "csrfmiddlewaretoken": hidden("csrfmiddlewaretoken"),
        "title": "小区周边停车位严重不足",
        "content": "近期多位群众反映，小区周边停车位严重不足，早晚高峰停车难。建议增设停车位。",
        "category": first_option("category"),
        "committee": first_option("committee"),
        "region": "",
        "submitter_name": "王芳",
        "submitter_phone": "13812345678",
        "submitter_email": "",
        "consent": "on",
        "website": "",
        "started": hidden("started"),
        "captcha_challenge": "",
        "captcha": "",
    }


def post_script(portal: Server) -> str:
    """A Lua script POSTing a valid 我要建言 form: the CSRF cookie and token of a rendered form
    (the token stays valid with its cookie), the first committee and category offered."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(portal.url("/opinions/submit/"), timeout=30).read().decode()
    csrf_cookie = next((c.value for c in jar if c.name == "csrftoken"), None)

    if csrf_cookie is None:
        sys.exit("the 我要建言 form set no CSRF cookie")
    body = urllib.parse.urlencode(
        {**submission_form(page), "token": "TOKENTOKENTOKENTOKENTOKENTOKEN00"}
    )
    script = run_dir() / "post.lua"
    script.write_text(
        f"COOKIE = {lua_string(f'csrftoken={csrf_cookie}')}\n"
        f"BODY = {lua_string(body)}\n{POST_SCRIPT}",
        encoding="utf-8",
    )
    return str(script)


def pad(text: str, width: int) -> str:
    """Left-aligned in ``width`` terminal columns (a Chinese character takes two)."""
    used = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
    return text + " " * max(0, width - used)


def salted(script: str | None) -> tuple[str, ...]:
    """The POST script's argument: a new prefix for the form tokens of each wrk run, so that
    every POST of every run is a new submission (a repeated token is answered as a repeat)."""
    return (secrets.token_hex(4),) if script else ()


def lua_string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def main(argv=None) -> None:
    args = parse_args(argv)
    if shutil.which("wrk") is None:
        sys.exit(WRK_HINT)
    env = bench_env()
    database = env.get("DATABASE_URL") or "embedded SQLite (VAR_DIR)"
    print(f"database: {database}; cache: {env.get('REDIS_URL') or 'local memory'}")
    if args.prepare:
        print("prepare: migrate, load_reference_data, load_demo_data --if-empty")
        manage(env, "migrate", "--noinput", "-v0")
        manage(env, "load_reference_data")
        manage(env, "load_demo_data", "--if-empty")
    manage(env, "collectstatic", "--noinput", "-v0")

    servers = []
    try:
        portal = Server(
            "portal",
            "ordos_liaison.wsgi:application",
            args.port or free_port(),
            env,
            args.workers,
        )
        bare = Server(
            "bare",
            "bench.bare_app:application",
            args.port + 1 if args.port else free_port(),
            env,
            args.workers,
        )
        servers = [portal, bare]
        portal.wait("/")
        bare.wait("/hello/")
        bare.wait("/query/")
        bare.wait("/write/")
        print(
            f"gunicorn sync ×{args.workers} each (portal :{portal.port}, bare :{bare.port}); "
            f"wrk -t{args.threads} -c{args.connections} -d{args.duration}s, "
            f"{args.rounds} flanked rounds"
        )
        results = []
        for key in args.pages:
            name, path = PAGES[key]
            script = post_script(portal) if key == "post" else None

            # warm up (templates, connections)
            warm = argparse.Namespace(**{**vars(args), "duration": 2})
            for url in (bare.url("/hello/"), bare.url("/query/")):
                wrk(warm, url)
            wrk(warm, portal.url(path), script, salted(script))
            before = opinion_count(env) if script else 0
            hello: list[float] = []
            query: list[float] = []
            write: list[float] = []
            page: list[float] = []
            statuses: dict[int, int] = {}
            non_2xx = 0
            for _ in range(args.rounds):
                hello.append(wrk(args, bare.url("/hello/"))["rps"])
                query.append(wrk(args, bare.url("/query/"))["rps"])
                if script:
                    write.append(wrk(args, bare.url("/write/"))["rps"])
                run = wrk(args, portal.url(path), script, salted(script))
                page.append(run["rps"])
                non_2xx += run["non_2xx_3xx"]
                for status, n in run["statuses"].items():
                    statuses[status] = statuses.get(status, 0) + n
            hello.append(wrk(args, bare.url("/hello/"))["rps"])
            query.append(wrk(args, bare.url("/query/"))["rps"])
            if script:
                write.append(wrk(args, bare.url("/write/"))["rps"])
            row = Row(
                name=name,
                page=statistics.median(page),
                hello=statistics.median(hello),
                query=statistics.median(query),
            )
            if key == "post":
                row.write = statistics.median(write)
                row.statuses = statuses
                row.created = opinion_count(env) - before  # the measured rounds only
            results.append(row)
            print(
                f"  {name}: portal {', '.join(f'{r:.1f}' for r in page)} req/s; "
                f"bare hello {', '.join(f'{r:.0f}' for r in hello)}; "
                f"bare one-query {', '.join(f'{r:.0f}' for r in query)}"
                + (f"; bare one-write {', '.join(f'{r:.0f}' for r in write)}" if write else "")
                + (f"; non-2xx/3xx {non_2xx}" if non_2xx else ""),
                flush=True,
            )
    finally:
        for server in servers:
            server.stop()

    print()
    print(f"{pad('page', 22)}{'portal req/s':>14}{'÷ bare hello':>14}{'÷ bare one-query':>18}")
    for row in results:
        print(
            f"{pad(row.name, 22)}{row.page:>14.1f}{row.page / row.hello:>14.3f}"
            f"{row.page / row.query:>18.3f}"
        )
    if results:
        print(
            "(bare hello / one-query req/s, medians: "
            f"{statistics.median(r.hello for r in results):.0f} / "
            f"{statistics.median(r.query for r in results):.0f})"
        )
    for row in results:
        if row.write:
            print(
                f"{row.name}: bare one-write (one INSERT committed on its own) {row.write:.1f} "
                f"req/s, {row.write / row.query:.3f}x the bare one-query; the POST is "
                f"{row.page / row.write:.3f}x the bare one-write"
            )
        if row.statuses is not None:
            counts = ", ".join(f"{s}: {n}" for s, n in sorted(row.statuses.items()))
            print(
                f"我要建言 POST responses {counts}; opinions created: {row.created} (the measured "
                "rounds; up to -c more than the 302s: wrk does not count the requests in flight "
                "when a run stops)"
            )
    for server in servers:
        errors = server.errors()
        if errors:
            print(f"{server.name}: {len(errors)} error lines in {server.log_path}")


if __name__ == "__main__":
    main()
