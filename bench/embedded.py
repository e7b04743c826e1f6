"""Embedded mode under load: what ``make run`` starts (SQLite, the dev server, a Celery worker on
the filesystem broker, beat), with concurrent citizens submitting 我要建言.

    .venv/bin/python bench/embedded.py [--clients 16] [--duration 60]

Starts the Procfile's processes with honcho, as ``make run`` does, on a fresh SQLite database in
a temporary VAR_DIR (``make setup``'s steps first: migrate, load_reference_data, load_demo_data),
the submission limits raised for the run through their settings (every client shares 127.0.0.1).
Each client, for ``--duration`` seconds: a citizen with a fresh browser — GET the form, POST a
valid submission (with an e-mail address, so the worker delivers a message for each), follow the
redirect to the receipt page and read the tracking code and key off it.

It prints the throughput and counts what went wrong: HTTP errors (5xx and any other unexpected
status), exceptions (connection errors, timeouts), "lost receipts" (an opinion the database saved
whose receipt no client saw — the code and key are shown only once), receipts whose key does not
open their opinion, the outbox messages not delivered once the worker has had time to catch up,
and "database is locked" / tracebacks in the processes' output.
"""

from __future__ import annotations

import argparse
import html
import http.cookiejar
import json
import os
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=16, help="concurrent submitters")
    parser.add_argument("--duration", type=float, default=60.0, help="seconds of submitting")
    parser.add_argument(
        "--drain", type=float, default=60.0, help="seconds to wait for the worker afterwards"
    )
    parser.add_argument(
        "--var-dir", default=None, help="VAR_DIR to use (default: a fresh temporary one)"
    )
    parser.add_argument("--timeout", type=float, default=60.0, help="HTTP timeout per request")
    return parser.parse_args(argv)


@dataclass
class Tally:
    lock: threading.Lock = field(default_factory=threading.Lock)
    receipts: dict[str, str] = field(default_factory=dict)  # code -> key
    tokens: list[str] = field(default_factory=list)  # every form token POSTed
    addresses: list[str] = field(default_factory=list)  # and the e-mail addresses given
    statuses: dict[str, int] = field(default_factory=dict)  # "step status" -> count
    errors: list[str] = field(default_factory=list)
    exceptions: list[str] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)  # GET + POST + receipt, seconds

    steps: dict[str, list[float]] = field(default_factory=dict)  # seconds per request, by step

    def count(self, key: str, since: float | None = None) -> None:
        """One response of ``key`` ("POST 302"); ``since``: when its request was sent."""
        with self.lock:
            self.statuses[key] = self.statuses.get(key, 0) + 1
            if since is not None:
                step = key.rsplit(" ", 1)[0]
                self.steps.setdefault(step, []).append(time.perf_counter() - since)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def submitter(base: str, deadline: float, tally: Tally, timeout: float, number: int) -> None:
    form_re = {
        name: re.compile(rf'name="{name}"[^>]*value="([^"]*)"')
        for name in ("csrfmiddlewaretoken", "started")
    }
    n = 0
    while time.monotonic() < deadline:
        n += 1
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect())
        step = "GET form"
        started = sent = time.perf_counter()
        try:
            with opener.open(f"{base}/opinions/submit/", timeout=timeout) as response:
                page = response.read().decode()
            tally.count(f"{step} {response.status}", sent)
            found = {name: rx.search(page) for name, rx in form_re.items()}
            fields = {name: html.unescape(m.group(1)) for name, m in found.items() if m}
            committee = re.search(r'<select[^>]*name="committee".*?</select>', page, re.S)
            category = re.search(r'<select[^>]*name="category".*?</select>', page, re.S)
            committees = re.findall(
                r'<option value="(\d+)"', committee.group(0) if committee else ""
            )
            categories = re.findall(r'<option value="(\d+)"', category.group(0) if category else "")
            if len(fields) < len(form_re) or not committees or not categories:
                with tally.lock:
                    tally.errors.append(f"{step}: the form is missing fields")
                continue
            token = secrets.token_hex(16)
            address = f"citizen{number}.{n}@example.com"
            with tally.lock:
                tally.tokens.append(token)
                tally.addresses.append(address)
            body = urllib.parse.urlencode(
                {
                    "csrfmiddlewaretoken": fields["csrfmiddlewaretoken"],
                    "title": f"小区周边停车位严重不足（客户{number}第{n}次）",
                    "content": "近期多位群众反映，小区周边停车位严重不足，早晚高峰停车难。"
                    "建议增设停车位，规范收费。",
                    "category": categories[n % len(categories)],
                    "committee": committees[(number + n) % len(committees)],
                    "region": "",
                    "submitter_name": "王芳",
                    "submitter_phone": "13812345678",
                    "submitter_email": address,
                    "consent": "on",
                    "website": "",
                    "started": fields["started"],
                    "token": token,
                    "captcha_challenge": "",
                    "captcha": "",
                }
            ).encode()
            step = "POST"
            sent = time.perf_counter()
            request = urllib.request.Request(
                f"{base}/opinions/submit/", data=body, headers={"Referer": f"{base}/"}
            )
            try:
                with opener.open(request, timeout=timeout) as response:
                    status, location = response.status, None
            except urllib.error.HTTPError as error:
                status, location = error.code, error.headers.get("Location")
                error.read()
            tally.count(f"{step} {status}", sent)
            if status != 302 or not location or "receipt" not in location:
                with tally.lock:
                    tally.errors.append(f"{step}: {status} {location or ''}")
                continue
            step = "GET receipt"
            sent = time.perf_counter()
            with opener.open(urllib.parse.urljoin(base, location), timeout=timeout) as response:
                page = response.read().decode()
            tally.count(f"{step} {response.status}", sent)
            code = re.search(r'id="tracking-code">([^<]+)<', page)
            key = re.search(r'id="lookup-key">([^<]+)<', page)
            if not code or not key:
                with tally.lock:
                    tally.errors.append(f"{step}: no code and key on the receipt page")
                continue
            with tally.lock:
                tally.receipts[code.group(1).strip()] = key.group(1).strip()
                tally.latencies.append(time.perf_counter() - started)
        except urllib.error.HTTPError as error:
            tally.count(f"{step} {error.code}")
            with tally.lock:
                tally.errors.append(f"{step}: {error.code}")
        except (urllib.error.URLError, OSError, TimeoutError) as error:
            with tally.lock:
                tally.exceptions.append(f"{step}: {error!r}")


CHECK = """
import json, os
from opinions.lookup_keys import key_matches
from opinions.models import Opinion
from notifications.models import OutboxMessage
data = json.load(open(os.environ["BENCH_RECEIPTS"]))
receipts, tokens = data["receipts"], set(data["tokens"])
saved = list(Opinion.objects.filter(dedupe_token__in=tokens)
             .values_list("tracking_code", "lookup_key_hash"))
lost = [code for code, _ in saved if code not in receipts]
by_code = dict(saved)
wrong = [c for c, k in receipts.items() if c not in by_code or not key_matches(k, by_code[c])]
outbox = {}
for status in OutboxMessage.objects.values_list("status", flat=True):
    outbox[status] = outbox.get(status, 0) + 1
errors = list(OutboxMessage.objects.exclude(last_error="").values_list("last_error", flat=True))
sent = sorted(OutboxMessage.objects.filter(address__in=data["addresses"], status="sent")
              .values_list("sent_at", flat=True))
rate = (len(sent) - 1) / (sent[-1] - sent[0]).total_seconds() if len(sent) > 1 else 0
print(json.dumps({"saved": len(saved), "lost": lost, "wrong_key": wrong, "outbox": outbox,
                  "outbox_errors": errors[:5], "outbox_error_count": len(errors),
                  "delivered_per_second": rate}))
"""


def manage(env, *command: str, check=True) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *command],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if check and result.returncode:
        sys.exit(f"manage.py {' '.join(command[:2])} failed:\n{result.stderr[-3000:]}")
    return result


def db_check(env, tally: Tally, var_dir: Path) -> dict:
    path = var_dir / "bench-receipts.json"
    path.write_text(
        json.dumps(
            {"receipts": tally.receipts, "tokens": tally.tokens, "addresses": tally.addresses}
        )
    )
    result = manage({**env, "BENCH_RECEIPTS": str(path)}, "shell", "-c", CHECK)
    return json.loads(result.stdout.strip().splitlines()[-1])


def main(argv=None) -> None:
    args = parse_args(argv)
    var_dir = Path(args.var_dir or tempfile.mkdtemp(prefix="bench-embedded-"))
    env = {
        key: value
        for key, value in os.environ.items()
        # the embedded default: no external database, cache or broker
        if key not in ("DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL", "DEBUG")
    }
    port = free_port()
    env.update(
        VAR_DIR=str(var_dir),
        PORT=str(port),
        SUBMISSION_MIN_SECONDS="0",
        SUBMISSION_CAPTCHA_AFTER=str(10**9),
        SUBMISSION_LIMIT_PER_HOUR=str(10**9),
        PYTHONUNBUFFERED="1",
    )
    print(f"VAR_DIR={var_dir}")
    print("setup (as `make setup`): migrate, load_reference_data, load_demo_data --if-empty")
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "load_reference_data")
    manage(env, "load_demo_data", "--if-empty")

    log_path = var_dir / "honcho.log"
    with log_path.open("w") as log:
        honcho = subprocess.Popen(
            [str(Path(sys.executable).parent / "honcho"), "start", "--port", str(port)],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 90
            while True:
                try:
                    urllib.request.urlopen(f"{base}/healthz", timeout=5).read()
                    break
                except urllib.error.HTTPError:
                    break  # it answers (503 until the first heartbeat)
                except (urllib.error.URLError, OSError):
                    if time.monotonic() > deadline or honcho.poll() is not None:
                        sys.exit(f"`make run`'s processes did not come up; see {log_path}")
                    time.sleep(0.5)
            time.sleep(3)  # the worker and beat connect to the broker
            print(
                f"`honcho start` (Procfile: runserver, celery worker, beat) on :{port}; "
                f"{args.clients} clients for {args.duration:.0f} s"
            )
            tally = Tally()
            started = time.monotonic()
            stop_at = started + args.duration
            threads = [
                threading.Thread(
                    target=submitter, args=(base, stop_at, tally, args.timeout, i), daemon=True
                )
                for i in range(args.clients)
            ]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            elapsed = time.monotonic() - started
            # let the worker deliver what the submissions queued
            drained_at = time.monotonic() + args.drain
            result = db_check(env, tally, var_dir)
            while result["outbox"].get("pending") and time.monotonic() < drained_at:
                time.sleep(5)
                result = db_check(env, tally, var_dir)
        finally:
            os.killpg(honcho.pid, signal.SIGTERM)
            try:
                honcho.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(honcho.pid, signal.SIGKILL)
                honcho.wait()

    output = log_path.read_text(errors="replace")
    locked: dict[str, int] = {}
    for line in output.splitlines():
        if "database is locked" in line:
            process = line.split("|", 1)[0].split()[-1] if "|" in line else "?"
            locked[process] = locked.get(process, 0) + 1
    tracebacks = output.count("Traceback (most recent call last)")
    requests = sum(tally.statuses.values()) + len(tally.exceptions)
    http_errors = len(tally.errors)
    print()
    print(
        f"submissions with their receipt read: {len(tally.receipts)} in {elapsed:.1f} s "
        f"= {len(tally.receipts) / elapsed:.2f} per second "
        f"({requests / elapsed:.1f} HTTP requests per second)"
    )

    def spread(values: list[float]) -> str:
        ordered = sorted(values)
        p95 = ordered[max(0, -(-len(ordered) * 95 // 100) - 1)]
        return (
            f"p50 {statistics.median(ordered) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms, "
            f"max {ordered[-1] * 1000:.0f} ms"
        )

    if tally.latencies:
        print(f"one citizen's GET form + POST + GET receipt: {spread(tally.latencies)}")
    for step, values in sorted(tally.steps.items()):
        print(f"  {step}: {spread(values)}")
    print(f"responses: {', '.join(f'{k}: {v}' for k, v in sorted(tally.statuses.items()))}")
    print(
        f"HTTP errors: {http_errors} ({http_errors / max(requests, 1):.1%} of requests)"
        + (f" — e.g. {sorted(set(tally.errors))[:5]}" if tally.errors else "")
    )
    print(
        f"exceptions: {len(tally.exceptions)}"
        + (f" — e.g. {sorted(set(tally.exceptions))[:3]}" if tally.exceptions else "")
    )
    print(
        f"opinions saved: {result['saved']} of {len(tally.tokens)} POSTed; "
        f"lost receipts: {len(result['lost'])}"
        + (f" {result['lost'][:10]}" if result["lost"] else "")
        + f"; receipts whose key does not match: {len(result['wrong_key'])}"
    )
    print(
        f"outbox {args.drain:.0f} s after the last submission: {result['outbox']}; rows with an "
        f"error: {result['outbox_error_count']} {result['outbox_errors'] or ''}; the worker "
        f"delivered the submitters' e-mails at {result['delivered_per_second']:.1f} per second"
    )
    print(
        f"'database is locked' lines in the processes' output: {locked or 0}; "
        f"tracebacks: {tracebacks} (log: {log_path})"
    )


if __name__ == "__main__":
    main()
