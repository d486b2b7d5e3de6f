"""Settings come from the environment and a bad value stops the start with a clear message."""

import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from dragoman.config import env


def start(**variables):
    """Import the settings in a fresh interpreter with these variables; return the outcome."""
    environment = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    environment.update(variables)
    environment["DJANGO_SETTINGS_MODULE"] = "dragoman.config.settings"
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings;"
            " print(settings.DATABASES['default']['ENGINE'], settings.EMAIL_BACKEND,"
            " settings.CHANNEL_LAYERS['default']['BACKEND'], settings.HUEY['huey_class'])",
        ],
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_without_variables_dragoman_runs_on_embedded_defaults():
    result = start()
    assert result.returncode == 0, result.stderr
    assert "sqlite3" in result.stdout and "console" in result.stdout
    assert "InMemoryChannelLayer" in result.stdout and "SqliteHuey" in result.stdout


def test_postgres_redis_and_smtp_are_chosen_by_variables_alone():
    result = start(
        DATABASE_URL="postgres://u:p@db.internal:5432/dragoman",
        REDIS_URL="redis://cache.internal:6379/0",
        EMAIL_URL="smtp://mailer:secret@smtp.internal:587?tls=1",
    )
    assert result.returncode == 0, result.stderr
    assert "postgresql" in result.stdout and "smtp" in result.stdout
    assert "RedisChannelLayer" in result.stdout and "RedisHuey" in result.stdout


@pytest.mark.parametrize(
    ("variables", "message"),
    [
        ({"DATABASE_URL": "mysql://x@y/z"}, "DATABASE_URL must be a sqlite:// or postgres:// URL"),
        ({"REDIS_URL": "http://cache"}, "REDIS_URL must start with redis://"),
        ({"EMAIL_URL": "pigeon://coop"}, "EMAIL_URL='pigeon://coop'"),
        ({"DJANGO_DEBUG": "maybe"}, "DJANGO_DEBUG='maybe' is not a boolean"),
        ({"DRAGOMAN_ENV": "staging"}, "DRAGOMAN_ENV='staging' must be one of"),
        ({"DRAGOMAN_ENV": "production", "DJANGO_SECRET_KEY": ""}, "DJANGO_SECRET_KEY"),
        (
            {"DRAGOMAN_ENV": "production", "DJANGO_SECRET_KEY": "x" * 60, "SITE_URL": ""},
            "SITE_URL must be set",
        ),
        ({"EMAIL_URL": "smtps://u:p@mail:465?tls=1"}, "smtps:// already encrypts"),
        ({"EMAIL_URL": "smtp://u:p@mail:port"}, "EMAIL_URL has an invalid port"),
        ({"LOGIN_FAILURES_ALLOWED": "many"}, "LOGIN_FAILURES_ALLOWED='many' is not a whole number"),
        ({"UPLOAD_MAX_MB": "0"}, "UPLOAD_MAX_MB=0 must be at least 1"),
        ({"UPLOAD_ALLOWED_TYPES": "pdf,exe"}, "UPLOAD_ALLOWED_TYPES: Dragoman cannot check exe"),
        ({"UPLOAD_ALLOWED_TYPES": ""}, "UPLOAD_ALLOWED_TYPES is empty"),
    ],
)
def test_a_bad_value_stops_the_start_with_a_message_naming_it(variables, message):
    result = start(**variables)
    assert result.returncode != 0
    assert message in result.stderr


def test_secrets_can_come_from_files(tmp_path, monkeypatch):
    secret = tmp_path / "key"
    secret.write_text("from-a-file\n")
    monkeypatch.setenv("SOME_SECRET_FILE", str(secret))
    assert env.env_str("SOME_SECRET") == "from-a-file"
    monkeypatch.setenv("SOME_SECRET_FILE", str(tmp_path / "missing"))
    with pytest.raises(ImproperlyConfigured, match="SOME_SECRET_FILE"):
        env.env_str("SOME_SECRET")


def test_production_settings_pass_the_deployment_checks():
    environment = dict(os.environ)
    environment.update(
        DRAGOMAN_ENV="production",
        DJANGO_SECRET_KEY="x" * 20 + "a-long-random-production-secret-value-!@#",
        ALLOWED_HOSTS="dragoman.example",
        SITE_URL="https://dragoman.example",
        DJANGO_SETTINGS_MODULE="dragoman.config.settings",
    )
    environment.pop("DRAGOMAN_TESTING", None)
    environment.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set by the browser tests' worker
    result = subprocess.run(
        [sys.executable, "-m", "dragoman", "check", "--deploy", "--fail-level", "WARNING"],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_demo_data_is_refused_in_production():
    environment = dict(os.environ)
    environment.update(
        DRAGOMAN_ENV="production",
        DJANGO_SECRET_KEY="x" * 60,
        ALLOWED_HOSTS="dragoman.example",
        SITE_URL="https://dragoman.example",
    )
    result = subprocess.run(
        [sys.executable, "-m", "dragoman", "demo_data"],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode != 0
    assert "never loaded when DRAGOMAN_ENV=production" in result.stderr


def _links(**variables) -> str:
    """The activation link and calendar-feed address a fresh start would hand out."""
    environment = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DATABASE_URL", "REDIS_URL", "SITE_URL", "HOST", "PORT")
    }
    environment.update(variables)
    environment["DJANGO_SETTINGS_MODULE"] = "dragoman.config.settings"
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup();"
            "from types import SimpleNamespace as N;"
            "from dragoman.accounts.services import invitation_url;"
            "from dragoman.linguists.selectors import calendar_url;"
            "print(invitation_url('t0k'), calendar_url(N(calendar_token='c4l')))",
        ],
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


@pytest.mark.parametrize(
    ("variables", "origin"),
    [
        ({}, "http://127.0.0.1:8000/"),
        ({"PORT": "9000"}, "http://127.0.0.1:9000/"),
        ({"HOST": "localhost", "PORT": "9000"}, "http://localhost:9000/"),
        ({"HOST": "0.0.0.0", "PORT": "9001"}, "http://127.0.0.1:9001/"),
        ({"HOST": "::1", "PORT": "9002"}, "http://[::1]:9002/"),
        ({"PORT": "9000", "SITE_URL": "https://dragoman.example/"}, "https://dragoman.example/"),
    ],
)
def test_links_in_development_follow_where_dragoman_listens_unless_site_url_says(variables, origin):
    activation, feed = _links(**variables).split()
    assert activation.startswith(origin) and feed.startswith(origin)


def test_serve_hands_the_port_it_was_given_to_the_processes_it_starts(monkeypatch):
    from django.core.management import call_command

    from dragoman.core.management.commands import serve

    monkeypatch.setenv("PORT", "8000")
    monkeypatch.setenv("HOST", "127.0.0.1")
    started = []

    class Process:
        def __init__(self, command, **kwargs):
            started.append((command, dict(os.environ)))

        def wait(self, timeout=None):
            return 0

        def send_signal(self, signum):
            pass

    monkeypatch.setattr(serve.subprocess, "Popen", Process)
    monkeypatch.setattr(serve.signal, "signal", lambda *args: None)
    call_command("serve", "--port", "9100", "--host", "localhost", "--no-tasks")
    (command, environment), *_ = started
    assert "9100" in command
    assert environment["PORT"] == "9100" and environment["HOST"] == "localhost"
