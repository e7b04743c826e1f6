"""Settings for the Ordos CPPCC liaison portal.

Every setting is declared once, here, with the default that runs on a fresh machine (SQLite,
local-memory cache, Celery over kombu's filesystem transport, console email). Production differs
only by environment variables (see README.md, "Production").
"""

from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONCE
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(environ.Env().str("VAR_DIR", default=str(BASE_DIR / "var")))

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

# --- Core -----------------------------------------------------------------------------------
# Three modes, told apart by DEBUG alone. Unset (the embedded demo `make run` starts): Django's
# debug pages stay off — a visitor gets the portal's Chinese 403/404/500 pages, never a list of
# every URL — while the demo keeps its conveniences (static files straight from static/, two-factor
# off). DEBUG=true: a developer's debug pages. DEBUG=false: production (collected, hashed static
# files; two-factor on; `check --deploy` warns when DEBUG is not set explicitly: accounts.checks).
DEBUG_SETTING = env.bool("DEBUG", default=None)
DEBUG = DEBUG_SETTING is True
PRODUCTION = DEBUG_SETTING is False
SECRET_KEY = env.str(
    "SECRET_KEY", default="django-insecure-local-development-key-do-not-use-in-production"
)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "rules.apps.AutodiscoverRulesConfig",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    "django_celery_beat",
    "csp",
    # The shared kernel: no models of its own; its AppConfig installs the CSRF secrets' faster
    # generator (core/csrf.py).
    "core",
    "org",
    "audit",
    "notifications",
    "accounts",
    "exports",
    "members",
    "workstations",
    "opinions",
    "liaison",
    "ledger",
    "consultations",
    "lectures",
    "showcases",
    "dashboards",
    "api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # A first visit to a public page goes from here to the view through the middleware its
    # response needs (core/shells.py: SHORT_CHAIN); every other request through all of these.
    "core.shells.FirstVisitShellMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "core.csp.CSPMiddleware",  # django-csp's, the policy text built once (core/csp.py)
    "allauth.account.middleware.AccountMiddleware",
    "allauth.usersessions.middleware.UserSessionsMiddleware",
    "accounts.middleware.AccountSecurityMiddleware",
    # Innermost: its 400 still gets every header above; nothing above reads request.GET.
    "core.request_limits.QueryStringLimitMiddleware",
]

ROOT_URLCONF = "ordos_liaison.urls"
WSGI_APPLICATION = "ordos_liaison.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            # core is no app (no models to install): its template filters are named here
            "libraries": {"script": "core.templatetags.script"},
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "dashboards.context_processors.site",
                "notifications.context_processors.notices",
            ],
        },
    },
]

# Plain widgets (inputs, selects and their options) are built in Python, not one template per
# <option> (core.renderers; the same markup as Django's widget templates).
FORM_RENDERER = "core.renderers.WidgetRenderer"

# --- Database -------------------------------------------------------------------------------
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Web and Celery worker share the file: WAL and a busy timeout, or writes fail with
    # "database is locked".
    # IMMEDIATE takes the write lock when a transaction starts, so two writers queue on the busy
    # timeout instead of one failing with "database is locked" when it upgrades a read lock.
    # core.sqlite is Django's backend whose writers within one process (runserver's request
    # threads) take turns on a lock instead of all polling SQLite's busy handler, where one of
    # them could lose for the whole timeout under load.
    DATABASES["default"]["ENGINE"] = "core.sqlite"
    # Tests: an in-memory database (Django's default, spelled out: pytest-django recognises
    # SQLite by its ENGINE string, and would otherwise name a test database file per worker).
    DATABASES["default"]["TEST"] = {"NAME": ":memory:"}
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": env.int("SQLITE_BUSY_TIMEOUT_SECONDS", default=20),
        "init_command": "PRAGMA journal_mode=WAL;",
    }
    # The covering indexes' INCLUDE columns (PostgreSQL, opinions 0015) are plain indexes on
    # SQLite: the same rows, found by the same keys; nothing for the embedded mode to act on.
    SILENCED_SYSTEM_CHECKS = ["models.W040"]
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # A database that does not answer must not hold a worker for minutes: bounded connect time,
    # and a statement timeout (0 turns it off, e.g. for a long migration).
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"]["connect_timeout"] = env.int("DB_CONNECT_TIMEOUT", default=5)
    _statement_ms = env.int("DB_STATEMENT_TIMEOUT_MS", default=60_000)
    if _statement_ms:
        DATABASES["default"]["OPTIONS"]["options"] = f"-c statement_timeout={_statement_ms}"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache, sessions, Celery ----------------------------------------------------------------
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    # core.cache.FailSoftRedisCache: with Redis down or slow, reads miss and writes are dropped
    # (logged) instead of failing the request; short socket timeouts bound the wait.
    CACHES = {
        "default": {
            "BACKEND": "core.cache.FailSoftRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="ordos"),
            "OPTIONS": {
                "socket_connect_timeout": env.float("REDIS_CONNECT_TIMEOUT", default=0.5),
                "socket_timeout": env.float("REDIS_SOCKET_TIMEOUT", default=0.5),
            },
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    SESSION_ENGINE = "django.contrib.sessions.backends.db"

CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=REDIS_URL or "filesystem://")
_CELERY_DIR = VAR_DIR / "celery"
CELERY_BROKER_TRANSPORT_OPTIONS = (
    {
        "data_folder_in": str(_CELERY_DIR / "queue"),
        "data_folder_out": str(_CELERY_DIR / "queue"),
        "processed_folder": str(_CELERY_DIR / "processed"),
        "control_folder": str(_CELERY_DIR / "control"),
        "polling_interval": 0.2,
        "store_processed": False,
    }
    if CELERY_BROKER_URL.startswith("filesystem")
    # With acks_late a message stays unacknowledged in Redis until its task finishes; if the
    # worker dies, Redis hands it out again after visibility_timeout. Our tasks are short (hard
    # limit CELERY_TASK_TIME_LIMIT, 5 min; a task may wait behind one other in the worker's
    # prefetch; the longest retry countdown, retry_backoff_max, is 10 min), so 15 minutes: a
    # killed worker's message comes back within minutes, never while a live worker still runs
    # it. (Lost outbox deliveries do not even wait for that: the sweeper resends them once their
    # lease, OUTBOX_LEASE_SECONDS, has run out.)
    # "max_retries": 0 — a web request that enqueues while the broker is down fails over at
    # once (the outbox sweeper sends it later) instead of retrying the connection for seconds
    # per message; the worker's own reconnection loop is not affected.
    else {
        "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=15 * 60),
        "max_retries": 0,
    }
)
if CELERY_BROKER_URL.startswith("filesystem"):
    for _folder in ("queue", "processed", "control"):
        (_CELERY_DIR / _folder).mkdir(parents=True, exist_ok=True)
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default="") or None
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
# No task may outlive the broker's visibility timeout (above) or the outbox lease (below).
CELERY_TASK_SOFT_TIME_LIMIT = 4 * 60
CELERY_TASK_TIME_LIMIT = 5 * 60
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = "Asia/Shanghai"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# django-celery-beat's table, where an edit in the admin survives a restart of beat (core.beat)
CELERY_BEAT_SCHEDULER = "core.beat:KeepAdminEditsScheduler"


def _job(task: str, schedule: crontab, *args: object, **kwargs: object) -> dict[str, object]:
    """One beat entry: ``task`` run on ``schedule`` with ``args``/``kwargs`` (when given)."""
    return {
        "task": task,
        "schedule": schedule,
        **({"args": args} if args else {}),
        **({"kwargs": kwargs} if kwargs else {}),
    }


_REPORTS_TASK = "dashboards.tasks.make_periodic_reports_task"

# The one place where the periodic jobs are declared.
CELERY_BEAT_SCHEDULE = {
    "heartbeat": _job("dashboards.tasks.heartbeat_task", crontab(minute="*/5")),
    # the leaders' cockpit's summary table: the last three months every five minutes, every
    # month at night (records dated months back: late activities, ratings, 批示)
    "cockpit-figures": _job("dashboards.tasks.cockpit_refresh_task", crontab(minute="2-59/5")),
    "cockpit-figures-full": _job(
        "dashboards.tasks.cockpit_refresh_task", crontab(hour=2, minute=45), full=True
    ),
    "forwardings-overdue": _job(
        "opinions.tasks.forwardings_overdue_task", crontab(hour=8, minute=30)
    ),
    "opinions-auto-close": _job(
        "opinions.tasks.opinions_auto_close_task", crontab(hour=2, minute=15)
    ),
    "opinions-anonymise": _job("opinions.tasks.opinions_anonymise_task", crontab(hour=3, minute=0)),
    "audit-purge": _job("audit.tasks.audit_purge_task", crontab(hour=3, minute=30)),
    "outbox-sweep": _job("notifications.tasks.outbox_sweep_task", crontab(minute="*")),
    "audit-checkpoint": _job("audit.tasks.audit_checkpoint_task", crontab(minute="*/10")),
    "audit-refusals-flush": _job("audit.tasks.audit_refusals_flush_task", crontab(minute="*")),
    "export-jobs-sweep": _job("exports.tasks.export_jobs_sweep_task", crontab(minute=40)),
    # Reminders (docs/architecture.md, "Reminders"): each sends a thing once per period, so a
    # second run, a second beat or a retry changes nothing; those counting working days do
    # nothing on a day off (org.calendar).
    "duty-shift-reminders": _job(
        "workstations.tasks.duty_shift_reminder_task", crontab(hour=17, minute=0)
    ),
    "review-reminders": _job("opinions.tasks.review_reminders_task", crontab(hour=8, minute=40)),
    "forwardings-due-soon": _job(
        "opinions.tasks.forwardings_due_soon_task", crontab(hour=8, minute=35)
    ),
    "members-inactive-reminders": _job(
        "liaison.tasks.inactive_members_reminder_task", crontab(hour=9, minute=0)
    ),
    "consultation-reminders": _job(
        "consultations.tasks.consultation_reminder_task", crontab(minute=5)
    ),
    # The periodic reports of all ten committees, for the last complete period (Asia/Shanghai);
    # docs/architecture.md, "Periodic reports". Editable in the admin (周期任务).
    **{
        f"reports-{period}": _job(_REPORTS_TASK, schedule, period)
        for period, schedule in (
            ("weekly", crontab(day_of_week="mon", hour=7, minute=0)),
            ("monthly", crontab(day_of_month=1, hour=7, minute=30)),
            ("quarterly", crontab(month_of_year="1,4,7,10", day_of_month=1, hour=8, minute=0)),
            ("annual", crontab(month_of_year=1, day_of_month=1, hour=9, minute=0)),
        )
    },
    "consultation-outcome-reminders": _job(
        "consultations.tasks.outcome_reminder_task", crontab(hour=8, minute=10)
    ),
    "consultation-observers-anonymise": _job(
        "consultations.tasks.observers_anonymise_task", crontab(hour=3, minute=40)
    ),
    "lecture-order-reminders": _job(
        "lectures.tasks.lecture_reminder_task", crontab(hour=8, minute=15)
    ),
    "lecture-requesters-anonymise": _job(
        "lectures.tasks.lecture_requesters_anonymise_task", crontab(hour=3, minute=45)
    ),
}

# --- Auth -----------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "accounts.auth_backends.PhoneNumberBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "accounts.password_validation.CharacterClassValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "public_home"

ACCOUNT_ADAPTER = "accounts.adapters.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"username"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "email", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_PRESERVE_USERNAME_CASING = False
ACCOUNT_FORMS = {"login": "accounts.forms.LoginForm", "signup": "accounts.forms.SignupForm"}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
# Two-factor is required for staff, leaders, departments and admins. On by default in production
# (DEBUG=false), off in the local demo so a newcomer can log in with the demo accounts.
REQUIRE_MFA = env.bool("REQUIRE_MFA", default=PRODUCTION)
PRIVILEGED_SESSION_IDLE_SECONDS = env.int("PRIVILEGED_SESSION_IDLE_SECONDS", default=30 * 60)
PRIVILEGED_SESSION_ABSOLUTE_SECONDS = env.int(
    "PRIVILEGED_SESSION_ABSOLUTE_SECONDS", default=12 * 60 * 60
)
# Login throttling (kept in the shared cache; accounts.lockouts): failures per client address
# ("ip") and per account *and client* ("key": the browser's device cookie for the account, else
# the address), so an attacker's failures never use up the owner's tries. Failures from clients
# the account never signed in from share LOGIN_UNKNOWN_CLIENT_RATE per account; when it is spent
# the account is locked for unknown clients only (notice, audit entry, staff can lift it). Every
# window expires by itself.
ACCOUNT_RATE_LIMITS = {
    "login_failed": env.str("LOGIN_FAILED_RATE", default="20/m/ip,5/15m/key"),
    "login": "30/m/ip",
    "signup": "10/h/ip",
    "reset_password": "20/m/ip,5/m/key",
}
LOGIN_UNKNOWN_CLIENT_RATE = env.str("LOGIN_UNKNOWN_CLIENT_RATE", default="10/15m/key")
LOGIN_KNOWN_ADDRESS_DAYS = env.int("LOGIN_KNOWN_ADDRESS_DAYS", default=90)
LOGIN_DEVICE_COOKIE_DAYS = env.int("LOGIN_DEVICE_COOKIE_DAYS", default=365)
USERSESSIONS_TRACK_ACTIVITY = False
MFA_TOTP_ISSUER = "鄂尔多斯政协委员联系群众平台"
# Accept the code of the previous and next 30-second step too (RFC 6238 §5.2's one step of
# clock drift): a code typed as the step turns over is not refused. A used code stays refused
# for the whole window (allauth marks it used in the shared cache).
MFA_TOTP_TOLERANCE = 1

# --- Internationalisation -------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
# Mongolian in the traditional (Uighurjin) script, written vertically: the public pages
# (docs/architecture.md, "Languages"). Its catalogue is locale/mn; Django's own "mn" catalogue is
# Cyrillic, so the messages a public page can show from Django itself are in ours too.
LANGUAGES = [("zh-hans", "简体中文"), ("mn", "ᠮᠣᠩᠭᠣᠯ"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- Static and media -----------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=str(VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": env.str(
            "STATICFILES_BACKEND",
            default="whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage",
        )
    },
}
# Outside production WhiteNoise serves static/ itself (no collectstatic), rescanned per request so
# an edited file shows — also with DEBUG unset, where runserver serves no static files.
WHITENOISE_USE_FINDERS = env.bool("WHITENOISE_USE_FINDERS", default=not PRODUCTION)
WHITENOISE_AUTOREFRESH = WHITENOISE_USE_FINDERS
# Files served at the site's root: /favicon.ico, which browsers ask for on pages that name no icon
# (the portal's pages link static/favicon.svg).
WHITENOISE_ROOT = BASE_DIR / "static" / "root"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024

# --- Email ----------------------------------------------------------------------------------
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
# Seconds before a silent mail server counts as a failure (the outbox retries it later).
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=20)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="鄂尔多斯政协 <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Outbox (notifications/): every e-mail and in-app notice ---------------------------------
# First retry after a failure (doubling each time, at most an hour); also how long a new row
# waits for its own task before the every-minute sweeper takes it.
OUTBOX_RETRY_SECONDS = env.int("OUTBOX_RETRY_SECONDS", default=60)
OUTBOX_MAX_ATTEMPTS = env.int("OUTBOX_MAX_ATTEMPTS", default=8)  # then "failed", shown in admin
# A claimed row is left alone this long; longer than the delivery task's hard time limit (90 s).
OUTBOX_LEASE_SECONDS = env.int("OUTBOX_LEASE_SECONDS", default=5 * 60)
OUTBOX_KEEP_DAYS = env.int("OUTBOX_KEEP_DAYS", default=30)  # delivered rows, then deleted
# --- Security -------------------------------------------------------------------------------
HTTPS = env.bool("HTTPS", default=False)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = 31536000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
BEHIND_PROXY = env.bool("BEHIND_PROXY", default=False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_PROXY else None
# How many reverse proxies of ours append to X-Forwarded-For: the client is that many hops from
# the right. 0 (direct) ignores the header. core.http.client_ip is the one reader, allauth's
# rate limits included (accounts.adapters.AccountAdapter.get_client_ip).
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=1 if BEHIND_PROXY else 0)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=12 * 60 * 60)
CSRF_COOKIE_HTTPONLY = True

# NONCE is django-csp's marker for "this response's nonce" (the string "'nonce'" would be sent
# as is, and browsers ignore it).
_CSP = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", NONCE],
        "style-src": ["'self'", NONCE],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# CSP_REPORT_ONLY=true sends the same policy as report-only (to trial a change safely).
if env.bool("CSP_REPORT_ONLY", default=False):
    CONTENT_SECURITY_POLICY_REPORT_ONLY = _CSP
else:
    CONTENT_SECURITY_POLICY = _CSP

# --- Site -----------------------------------------------------------------------------------
SITE_NAME = _("鄂尔多斯政协委员联系群众平台")
ICP_NUMBER = env.str("ICP_NUMBER", default="")
# The address links in e-mails start with (the portal as its users reach it).
SITE_URL = env.str("SITE_URL", default="http://localhost:8000")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # signed audit checkpoints: always written, whatever LOG_LEVEL (ship them off-host)
        "audit.chain": {"level": "INFO"},
    },
}

# --- Exports -------------------------------------------------------------------------------
# Up to this many rows an export is written while the user waits (streamed); above it, a worker
# writes the file and the user downloads it from 导出任务 (exports app), for EXPORT_KEEP_DAYS.
EXPORT_SYNC_MAX_ROWS = env.int("EXPORT_SYNC_MAX_ROWS", default=5000)
EXPORT_MAX_ROWS = env.int("EXPORT_MAX_ROWS", default=200_000)  # a job stops there (and says so)
EXPORT_KEEP_DAYS = env.int("EXPORT_KEEP_DAYS", default=7)
EXPORT_STALE_MINUTES = env.int("EXPORT_STALE_MINUTES", default=60)  # then a lost job has failed

# --- Opinions (社情民意) ----------------------------------------------------------------------
OPINION_REVIEW_WORKING_DAYS = env.int("OPINION_REVIEW_WORKING_DAYS", default=5)
# Public holidays and make-up working days are data (org.CalendarDay, admin: 节假日与调休).
UPLOAD_MAX_BYTES = env.int("UPLOAD_MAX_BYTES", default=5 * 1024 * 1024)
UPLOAD_MAX_FILES = env.int("UPLOAD_MAX_FILES", default=3)
SUBMISSION_MIN_SECONDS = env.int("SUBMISSION_MIN_SECONDS", default=4)
SUBMISSION_CAPTCHA_AFTER = env.int("SUBMISSION_CAPTCHA_AFTER", default=3)
SUBMISSION_LIMIT_PER_HOUR = env.int("SUBMISSION_LIMIT_PER_HOUR", default=10)
TRACKING_FAILURES_PER_HOUR = env.int("TRACKING_FAILURES_PER_HOUR", default=10)
TRACKING_FAILURES_PER_CODE = env.int("TRACKING_FAILURES_PER_CODE", default=5)
PRIVACY_NOTICE_VERSION = "2026-01"
PERSONAL_DATA_RETENTION_YEARS = env.int("PERSONAL_DATA_RETENTION_YEARS", default=2)
# Public observers' names and phones are blanked this many days after their event (PIPL).
OBSERVER_DATA_RETENTION_DAYS = env.int("OBSERVER_DATA_RETENTION_DAYS", default=90)
# 委员讲堂 requesters' contact name and phone are blanked this many days after the order closed.
LECTURE_REQUESTER_RETENTION_DAYS = env.int("LECTURE_REQUESTER_RETENTION_DAYS", default=180)
FORWARDING_DEFAULT_DAYS = env.int("FORWARDING_DEFAULT_DAYS", default=30)
OPINION_AUTO_CLOSE_DAYS = env.int("OPINION_AUTO_CLOSE_DAYS", default=15)
# The department statistics page counts every forwarding in scope (hundreds of thousands at full
# size); its counts are kept this long per scope and day (0: counted on every view).
DEPARTMENT_STATS_CACHE_SECONDS = env.int("DEPARTMENT_STATS_CACHE_SECONDS", default=5 * 60)
AUDIT_RETENTION_DAYS = env.int("AUDIT_RETENTION_DAYS", default=365)  # never less than 180
# Permission refusals: the first per user (or address) and URL in a window is written, repeats are
# counted and written as one entry when the window ends (audit.refusals).
# Audit chain checkpoints are signed with this key (HMAC); empty: derived from SECRET_KEY. A key
# of its own, kept from whoever can write the database, makes a rewritten chain unsignable.
AUDIT_CHECKPOINT_KEY = env.str("AUDIT_CHECKPOINT_KEY", default="")
AUDIT_REFUSAL_WINDOW_SECONDS = env.int("AUDIT_REFUSAL_WINDOW_SECONDS", default=60)
AUDIT_REFUSAL_URLS_PER_WINDOW = env.int("AUDIT_REFUSAL_URLS_PER_WINDOW", default=30)

# --- API (/api/v1/, the 鄂尔多斯政协 APP; the api app, issue 15) ------------------------------
# Per-device tokens (api.ApiToken, created on the account's 应用令牌 page) or the session with CSRF
# for same-origin use. Every error is an RFC 9457 problem (api.exceptions). Rates per token
# ("token": one device), per signed-in user ("user", every token of theirs counts) and per client
# address ("anon").
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.TokenAuthentication",
        "api.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.CursorPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_FILTER_BACKENDS": ["api.filters.FilterBackend"],
    "DEFAULT_THROTTLE_CLASSES": [
        "api.throttling.TokenRateThrottle",
        "api.throttling.UserRateThrottle",
        "api.throttling.AnonRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "token": env.str("API_TOKEN_RATE", default="300/hour"),
        "user": env.str("API_USER_RATE", default="600/hour"),
        "anon": env.str("API_ANON_RATE", default="120/hour"),
    },
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [
        "rest_framework.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "EXCEPTION_HANDLER": "api.exceptions.problem_handler",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_VERSIONING_CLASS": None,
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "NON_FIELD_ERRORS_KEY": "__all__",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "鄂尔多斯政协 APP 接口",
    "DESCRIPTION": "鄂尔多斯政协委员联系群众平台的 REST 接口（第 1 版）。错误按 RFC 9457 返回 application/problem+json。",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "SORT_OPERATIONS": False,
    "ENUM_NAME_OVERRIDES": {
        "ActivityStatusEnum": "liaison.models.Activity.Status",
        "ActivityTypeEnum": "ledger.models.ActivityType",
        "OpinionStatusEnum": "opinions.models.choices.Status",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema.add_problem_responses",
    ],
}
# A token used again within this many seconds does not rewrite its last-used time.
API_TOKEN_TOUCH_SECONDS = 60
API_TOKEN_DEFAULT_DAYS = env.int("API_TOKEN_DEFAULT_DAYS", default=180)
