"""Shared fixtures: reference data, committees, one user per role, factories, frozen time.

The reference data (ten committees, regions, sectors, special committees, parties, expertise) is
loaded once per test database; transactional tests flush the database, so it is loaded again after
each of them (see ``pytest_runtest_teardown``).
"""

import datetime
import os
import urllib.parse
from zoneinfo import ZoneInfo

import hypothesis
import pytest
import time_machine
from django.conf import settings as django_settings
from django.core.cache import cache
from django.test.utils import override_settings
from pytest_django.plugin import blocking_manager_key

from accounts.models import User
from core import memo
from ordos_liaison import celery_app
from org.models import Committee, Expertise
from org.reference import reference_data_load
from tests.core.redis_server import RedisProcess, free_port
from tests.members import factories as mf
from tests.opinions.factories import DepartmentFactory

# No example database on disk (it would land in the repository root as .hypothesis/).
hypothesis.settings.register_profile("ordos", database=None, print_blob=True)
# HYPOTHESIS_PROFILE=ci-long: the stateful lifecycle test (tests/properties) runs longer and
# random (not derandomized) sequences; everything else keeps its own settings.
hypothesis.settings.register_profile(
    "ci-long",
    parent=hypothesis.settings.get_profile("ordos"),
    max_examples=200,
    stateful_step_count=50,
    derandomize=False,
)
hypothesis.settings.load_profile("ordos")

# Tasks run inline in tests; the integration tests switch this off for a real worker.
celery_app.conf.task_always_eager = True
celery_app.conf.task_eager_propagates = True

TZ = ZoneInfo("Asia/Shanghai")
FROZEN_NOW = datetime.datetime(2026, 6, 15, 10, 0, tzinfo=TZ)


def _worker_redis_url(url: str, worker_id: str, *, first: int = 1) -> str:
    """One Redis database per xdist worker, from ``first`` on: ``cache.clear()`` (FLUSHDB) in one
    worker never wipes another worker's sessions or rate-limit counters, and a test's Celery
    worker never takes the tasks another xdist worker's test published (the caches use databases
    1, 2, ...; the brokers 8, 9, ...)."""
    number = (int(worker_id[2:]) if worker_id.startswith("gw") else 0) + first
    parts = urllib.parse.urlsplit(url)
    return urllib.parse.urlunsplit(parts._replace(path=f"/{number}"))


@pytest.fixture(scope="session", autouse=True)
def _memo_reads_the_cache_each_time():
    """Tests clear the cache and roll the database back under core.memo: a process that trusted
    its generation token for a second (production) would keep another test's lists. The tests
    of that trust set it back (tests/core/test_memo.py)."""
    saved, memo.TOKEN_SECONDS = memo.TOKEN_SECONDS, 0.0
    yield
    memo.TOKEN_SECONDS = saved


@pytest.fixture(scope="session", autouse=True)
def _test_settings(worker_id):
    overrides = {
        # Argon2 is deliberately slow; tests create hundreds of users.
        "PASSWORD_HASHERS": ["django.contrib.auth.hashers.MD5PasswordHasher"],
    }
    if django_settings.REDIS_URL:
        caches = {alias: dict(conf) for alias, conf in django_settings.CACHES.items()}
        caches["default"]["LOCATION"] = _worker_redis_url(django_settings.REDIS_URL, worker_id)
        overrides["CACHES"] = caches
        overrides["CELERY_BROKER_URL"] = _worker_redis_url(
            django_settings.REDIS_URL, worker_id, first=8
        )
    saved_broker = celery_app.conf.broker_url
    if "CELERY_BROKER_URL" in overrides:
        celery_app.conf.broker_url = overrides["CELERY_BROKER_URL"]
    try:
        with override_settings(**overrides):
            yield
    finally:
        celery_app.conf.broker_url = saved_broker


@pytest.fixture(autouse=True)
def _clear_cache():
    """Rate limits (allauth counts failed logins in the cache) must not leak between tests."""
    cache.clear()
    yield
    cache.clear()


# --- Reference data -----------------------------------------------------------------------------


def _reference_data_present() -> bool:
    return Committee.objects.count() == 10 and Expertise.objects.exists()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        reference_data_load()


def _uses_transactional_db(item) -> bool:
    fixtures = getattr(item, "fixturenames", ())
    if "transactional_db" in fixtures or "live_server" in fixtures:
        return True
    marker = item.get_closest_marker("django_db")
    return bool(marker and (marker.kwargs.get("transaction") or (marker.args and marker.args[0])))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    result = yield
    if nextitem is not None and _uses_transactional_db(item):
        # The flush at the end of a transactional test emptied every table.
        with item.config.stash[blocking_manager_key].unblock():
            reference_data_load()
    return result


@pytest.fixture
def ref(db):
    """The committees by code (``ordos``, ``dalate``, ``zhungeer`` …), reference data loaded."""
    if not _reference_data_present():
        reference_data_load()
    return {committee.code: committee for committee in Committee.objects.all()}


@pytest.fixture
def municipal(ref):
    return ref["ordos"]


@pytest.fixture
def dalate(ref):
    return ref["dalate"]


@pytest.fixture
def zhungeer(ref):
    return ref["zhungeer"]


# --- Users --------------------------------------------------------------------------------------


@pytest.fixture
def password():
    return mf.TEST_PASSWORD


@pytest.fixture
def make_user(db):
    """``make_user(role, committee=None, **fields)`` — department users get a department."""

    def make(role, committee=None, **fields):
        if role == User.Role.DEPARTMENT and "department" not in fields:
            fields["department"] = DepartmentFactory(committee=committee)
        return mf.UserFactory(role=role, committee=committee, **fields)

    return make


@pytest.fixture
def staff_municipal(make_user, municipal):
    return make_user(User.Role.STAFF, municipal, username="staff_ordos")


@pytest.fixture
def staff_dalate(make_user, dalate):
    return make_user(User.Role.STAFF, dalate, username="staff_dalate")


@pytest.fixture
def staff_zhungeer(make_user, zhungeer):
    return make_user(User.Role.STAFF, zhungeer, username="staff_zhungeer")


@pytest.fixture
def leader(make_user, municipal):
    return make_user(User.Role.LEADER, municipal, username="leader_ordos")


@pytest.fixture
def leader_dalate(make_user, dalate):
    return make_user(User.Role.LEADER, dalate, username="leader_dalate")


@pytest.fixture
def department_user(make_user, municipal):
    return make_user(User.Role.DEPARTMENT, municipal, username="dept_ordos")


@pytest.fixture
def citizen(make_user):
    return make_user(User.Role.CITIZEN, None, username="citizen1")


@pytest.fixture
def admin(make_user):
    return make_user(User.Role.ADMIN, None, username="root")


@pytest.fixture
def member_user(dalate):
    """A 达拉特旗 member with a login account; returns the account (``.member`` is the profile)."""
    member = mf.MemberUserFactory(committee=dalate, name="王委员", user__username="member_dalate")
    return member.user


@pytest.fixture
def user_for_role(staff_municipal, leader, department_user, citizen, admin, member_user):
    """Every role's user, keyed by role name."""
    return {
        "staff": staff_municipal,
        "leader": leader,
        "department": department_user,
        "citizen": citizen,
        "admin": admin,
        "member": member_user,
    }


# --- Factories ----------------------------------------------------------------------------------


@pytest.fixture
def member_factory(db):
    return mf.MemberFactory


@pytest.fixture
def member_user_factory(db):
    return mf.MemberUserFactory


@pytest.fixture
def grid_manager_factory(db):
    return mf.GridManagerFactory


@pytest.fixture
def pairing_factory(db):
    return mf.GridPairingFactory


@pytest.fixture
def member_group_factory(db):
    return mf.MemberGroupFactory


# --- Time ---------------------------------------------------------------------------------------


@pytest.fixture
def frozen_now():
    """Stop the clock at 2026-06-15 10:00 CST with time-machine: ``timezone.now()``,
    ``localdate()``, model fields with ``default=timezone.now``, ``datetime.date.today()`` and
    ``time.time()`` all read it (a plain mock of ``timezone.now`` missed the last three)."""
    with time_machine.travel(FROZEN_NOW, tick=False):
        yield FROZEN_NOW


# --- Helpers ------------------------------------------------------------------------------------


def pytest_configure(config):
    # pytest-playwright empties its --output folder (default test-results/) at the start of every
    # session, e2e or not; keep its artefacts in a subfolder so that the screenshots the e2e tests
    # save in test-results/ survive the next (unit) run.
    if getattr(config.option, "output", None) == "test-results":
        config.option.output = "test-results/playwright"
    # WhiteNoise warns on every request that STATIC_ROOT (collectstatic's output) is missing.
    config.addinivalue_line("filterwarnings", "ignore:No directory at:UserWarning")


def pytest_report_header(config):
    database = os.environ.get("DATABASE_URL", "sqlite (default)").split("@")[-1]
    return f"database: {database}; redis: {'yes' if os.environ.get('REDIS_URL') else 'no'}"


@pytest.fixture
def redis_process():
    """A throwaway redis-server on a free loopback port that a test may stop and start (skipped
    where redis-server is not installed)."""
    server = RedisProcess(free_port())
    server.start()
    yield server
    server.stop()
