"""The benchmark scripts under bench/ (issue 11) load and read their options. They are run by
hand (bench/README.md), never by the suite; this only keeps them from rotting silently."""

import datetime
import importlib.util
import sys
from pathlib import Path

import pytest
from django.db import connection

BENCH = Path(__file__).resolve().parents[2] / "bench"


def load(name: str):
    """A bench script as a module of its own name (bench/ is not a package, and its directory
    must not go on sys.path)."""
    spec = importlib.util.spec_from_file_location(f"bench_{name}", BENCH / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_seed_is_for_postgresql_only():
    seed = load("seed")
    args = seed._parse_args(
        ["--opinions", "20000", "--activities", "100", "--database-url", "postgres://u@h/db"]
    )
    assert (args.opinions, args.activities, args.reset) == (20000, 100, False)
    with pytest.raises(SystemExit):
        seed._parse_args(["--database-url", "sqlite:///var/db.sqlite3"])


@pytest.mark.django_db
def test_seed_weighted_choice_is_valid_sql():
    case = load("seed").weighted_case("%s", [("a", 1), ("b", 3)])
    with connection.cursor() as cursor:
        picked = []
        for value in (0.0, 0.24, 0.26, 0.99):
            cursor.execute(f"SELECT {case}", [value] * case.count("%s"))
            picked.append(cursor.fetchone()[0])
    assert picked == ["a", "a", "b", "b"]


def test_public_pages_options_and_lua_quoting():
    public = load("public_pages")
    assert public.parse_args(["--pages", "home,post"]).pages == ["home", "post"]
    with pytest.raises(SystemExit):
        public.parse_args(["--pages", "nowhere"])
    assert public.lua_string('a"b\\c') == '"a\\"b\\\\c"'


def test_staff_pages_percentile_is_nearest_rank():
    staff = load("staff_pages")
    assert staff.percentile([float(n) for n in range(1, 21)], 95) == 19.0
    assert staff.percentile([5.0], 95) == 5.0
    assert staff.parse_args(["--only", "desk", "--no-rebuild"]).only == ["desk"]


def test_embedded_options():
    embedded = load("embedded")
    args = embedded.parse_args(["--clients", "4", "--duration", "5"])
    assert (args.clients, args.duration) == (4, 5.0)


def test_reports_options():
    reports = load("reports")
    args = reports.parse_args(["--kind", "quarterly", "--period", "2026-04-01"])
    assert (args.kind, args.period, args.rounds) == ("quarterly", datetime.date(2026, 4, 1), 3)
    with pytest.raises(SystemExit):
        reports.parse_args(["--kind", "daily"])
