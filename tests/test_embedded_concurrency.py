"""The embedded mode (`make run`: SQLite file, runserver) under concurrent public submitters,
with the machine busy with other work: no error pages, and every committed submission is shown
its receipt.

This runs the real server in a subprocess on a fresh SQLite file, as `make run` does, with the
per-address submission limits raised (every client here is 127.0.0.1)."""

import html
import http.cookiejar
import os
import re
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest

from tests.core.redis_server import free_port
from tests.test_settings import REPO, RESET

SUBMITTERS = 16
EACH = 4

pytestmark = pytest.mark.skipif(
    sys.platform != "linux", reason="uses a subprocess server and a CPU burner"
)


def _env(var_dir):
    env = {key: value for key, value in os.environ.items() if key not in RESET}
    env.update(
        VAR_DIR=str(var_dir),
        DJANGO_SETTINGS_MODULE="ordos_liaison.settings",
        SUBMISSION_CAPTCHA_AFTER="100000",
        SUBMISSION_LIMIT_PER_HOUR="100000",
        SUBMISSION_MIN_SECONDS="0",
    )
    return env


def _field(page: str, name: str) -> str:
    match = re.search(rf'name="{name}" value="([^"]*)"', page)
    assert match, f"no {name} in the form"
    return html.unescape(match.group(1))


def _submitter(base, committee_id, category_id, outcomes, index):
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    for n in range(EACH):
        try:
            page = opener.open(f"{base}/opinions/submit/", timeout=120).read().decode()
            data = {
                "csrfmiddlewaretoken": _field(page, "csrfmiddlewaretoken"),
                "started": _field(page, "started"),
                "token": _field(page, "token"),
                "title": f"并发测试建言 {index}-{n}",
                "content": "情况：测试。分析：测试。建议：测试。",
                "category": category_id,
                "committee": committee_id,
                "region": "",
                "submitter_name": "王五",
                "submitter_phone": "13912345678",
                "submitter_email": "",
                "consent": "on",
                "website": "",
            }
            request = urllib.request.Request(
                f"{base}/opinions/submit/",
                data=urllib.parse.urlencode(data).encode(),
                headers={"Referer": f"{base}/opinions/submit/"},
            )
            response = opener.open(request, timeout=120)
            body = response.read().decode()
            codes = re.findall(r"JY-\d{4}-\d{6}", body)
            outcomes.append(("ok", response.status, codes[0] if codes else None))
        except urllib.error.HTTPError as error:
            outcomes.append(("http", error.code, None))
        except Exception as error:  # noqa: BLE001 — any failure is a finding
            outcomes.append(("exception", repr(error), None))


def test_sixteen_concurrent_submitters_on_sqlite(tmp_path):
    env = _env(tmp_path)
    for command in (["migrate", "-v0"], ["load_reference_data"]):
        subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=REPO,
            env=env,
            check=True,
            capture_output=True,
            timeout=180,
        )
    database = sqlite3.connect(tmp_path / "db.sqlite3")
    committee_id = database.execute(
        "SELECT id FROM org_committee WHERE short_name = '达拉特旗'"
    ).fetchone()[0]
    category_id = database.execute("SELECT id FROM opinions_category LIMIT 1").fetchone()[0]

    port = free_port()
    log = (tmp_path / "server.log").open("w")  # a file: a full pipe would block the server
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=REPO,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    # Other work on the same small server while the office's citizens submit.
    burner = subprocess.Popen([sys.executable, "-c", "while True: pass"])
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"{base}/healthz", timeout=2).read()
                break
            except OSError:
                assert time.monotonic() < deadline, "the server did not start"
                time.sleep(0.2)
        outcomes = []
        threads = [
            threading.Thread(target=_submitter, args=(base, committee_id, category_id, outcomes, i))
            for i in range(SUBMITTERS)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=300)
    finally:
        burner.kill()
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()
    server_log = (tmp_path / "server.log").read_text()
    first_error = server_log.find("Traceback")
    errors = server_log[first_error : first_error + 6000] if first_error >= 0 else ""

    failures = [o for o in outcomes if o[0] != "ok" or o[1] != 200 or o[2] is None]
    assert len(outcomes) == SUBMITTERS * EACH
    assert failures == [], (failures, errors)
    saved = {row[0] for row in database.execute("SELECT tracking_code FROM opinions_opinion")}
    shown = {o[2] for o in outcomes}
    assert shown == saved  # every committed submission was shown its receipt, and only those
    assert len(saved) == SUBMITTERS * EACH
