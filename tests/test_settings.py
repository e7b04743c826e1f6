"""Production settings come from the environment alone: `check --deploy` is clean with them, and
the migrations match the models."""

import os
import secrets
import string
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

REPO = Path(__file__).resolve().parent.parent

# Variables settings.py reads that must not leak from the developer's shell into these runs.
RESET = [
    "DEBUG",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "CSRF_TRUSTED_ORIGINS",
    "HTTPS",
    "BEHIND_PROXY",
    "TRUSTED_PROXY_COUNT",
    "AUDIT_CHECKPOINT_KEY",
    "DATABASE_URL",
    "REDIS_URL",
    "CELERY_BROKER_URL",
    "CELERY_RESULT_BACKEND",
    "EMAIL_URL",
    "STATICFILES_BACKEND",
    "WHITENOISE_USE_FINDERS",
    "SESSION_COOKIE_AGE",
    "MEDIA_ROOT",
    "DJANGO_SETTINGS_MODULE",
    "CELERY_TASK_ALWAYS_EAGER",
    # Set by the browser tests for Playwright's event loop; check --deploy rightly refuses it.
    "DJANGO_ALLOW_ASYNC_UNSAFE",
]


def _secret_key(length=60):
    alphabet = string.ascii_letters + string.digits + "!@#%^&*(-_=+)"
    return "".join(secrets.choice(alphabet) for _ in range(length))


def _run_manage(tmp_path, *args, **env_vars):
    env = {key: value for key, value in os.environ.items() if key not in RESET}
    env.update(
        VAR_DIR=str(tmp_path),
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        DJANGO_SETTINGS_MODULE="ordos_liaison.settings",
    )
    env.update(env_vars)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


PRODUCTION = {
    "DEBUG": "false",
    "ALLOWED_HOSTS": "portal.example.cn",
    "CSRF_TRUSTED_ORIGINS": "https://portal.example.cn",
    "HTTPS": "true",
    "BEHIND_PROXY": "true",
    "EMAIL_URL": "smtp+tls://portal:secret@smtp.example.cn:587",
}


def test_check_deploy_passes_with_production_environment(tmp_path):
    result = _run_manage(
        tmp_path,
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY=_secret_key(),
        **PRODUCTION,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    ("override", "warning"),
    [
        ({"HTTPS": "false"}, "security.W004"),  # no HSTS, no secure cookies, no SSL redirect
        ({"DEBUG": "true"}, "security.W018"),
        ({"SECRET_KEY": "django-insecure-" + "x" * 50}, "security.W009"),
    ],
)
def test_check_deploy_fails_without_production_settings(tmp_path, override, warning):
    """The check above is only worth something if it can fail."""
    env = {**PRODUCTION, "SECRET_KEY": _secret_key(), **override}
    result = _run_manage(tmp_path, "check", "--deploy", "--fail-level", "WARNING", **env)
    assert result.returncode != 0
    assert warning in result.stdout + result.stderr


def test_check_deploy_warns_when_debug_is_not_set(tmp_path):
    """DEBUG unset is the local demo (two-factor off): a deployment must set DEBUG=false."""
    env = {key: value for key, value in PRODUCTION.items() if key != "DEBUG"}
    result = _run_manage(
        tmp_path, "check", "--deploy", "--fail-level", "WARNING", SECRET_KEY=_secret_key(), **env
    )
    assert result.returncode != 0
    assert "accounts.W001" in result.stdout + result.stderr


def test_migrations_match_models(tmp_path):
    result = _run_manage(tmp_path, "makemigrations", "--check", "--dry-run")
    assert result.returncode == 0, result.stdout + result.stderr


def test_local_defaults_need_no_configuration():
    """The embedded defaults (no environment) are what the test suite itself runs on, unless
    CI points DATABASE_URL/REDIS_URL elsewhere."""
    if not os.environ.get("DATABASE_URL"):
        assert settings.DATABASES["default"]["ENGINE"] == "core.sqlite"
        assert "journal_mode=WAL" in settings.DATABASES["default"]["OPTIONS"]["init_command"]
    if not os.environ.get("REDIS_URL"):
        assert settings.CELERY_BROKER_URL == "filesystem://"
        assert "locmem" in settings.CACHES["default"]["BACKEND"]
    assert settings.LANGUAGE_CODE == "zh-hans"
    assert settings.TIME_ZONE == "Asia/Shanghai"


def test_security_headers(client, db):
    response = client.get("/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp
