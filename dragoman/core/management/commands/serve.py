"""Serve Dragoman the way ``make run`` does: uvicorn for HTTP and WebSockets, plus Huey.

On one laptop this single command is the whole system. At scale, run the web processes with
``--no-tasks`` and ``python -m dragoman run_huey`` as separate services (docs/deployment.md).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


def _int_from_env(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise CommandError(f"{name}={raw!r} is not a whole number.") from exc


class Command(BaseCommand):
    help = "Run uvicorn (ASGI) and, unless told not to, a Huey task consumer beside it."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=None, help="Default: $PORT or 8000.")
        parser.add_argument(
            "--workers", type=int, default=None, help="Default: $WEB_CONCURRENCY or 1."
        )
        parser.add_argument("--no-tasks", action="store_true", help="Do not start Huey.")
        parser.add_argument("--reload", action="store_true", help="Restart on code changes.")

    def handle(self, *args: Any, **options: Any) -> None:
        port = options["port"] or _int_from_env("PORT", 8000)
        workers = options["workers"] or _int_from_env("WEB_CONCURRENCY", 1)
        if workers > 1 and not settings.REDIS_URL:
            self.stderr.write(
                self.style.WARNING(
                    f"{workers} web processes without REDIS_URL: each has its own in-memory "
                    "channel layer, cache and log-in lock-out counters, so real-time messages "
                    "and rate limits do not cross processes. Set REDIS_URL for several workers."
                )
            )
        # The web and task processes read their settings afresh: they must build links from
        # the address actually served, also when it came as --host/--port (settings.SITE_URL).
        os.environ["HOST"] = options["host"]
        os.environ["PORT"] = str(port)
        consumer = None
        if not options["no_tasks"] and not settings.HUEY_IMMEDIATE:
            consumer = subprocess.Popen([sys.executable, "-m", "dragoman", "run_huey", "--quiet"])
        command = [
            sys.executable, "-m", "uvicorn", "dragoman.config.asgi:application",
            "--host", options["host"], "--port", str(port),
            "--proxy-headers",
            "--forwarded-allow-ips", os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1"),
            "--no-server-header",
        ]  # fmt: skip
        if options["reload"]:
            command += ["--reload", "--reload-dir", str(settings.BASE_DIR / "dragoman")]
        elif workers > 1:
            command += ["--workers", str(workers)]
        self.stdout.write(f"Dragoman on http://{options['host']}:{port}/ (Ctrl+C stops it)")
        server = subprocess.Popen(command)  # noqa: S603

        def forward(signum: int, _frame: object) -> None:
            # A container or service manager stops us with SIGTERM: pass it on so uvicorn
            # finishes the requests in flight.
            server.send_signal(signum)

        signal.signal(signal.SIGTERM, forward)
        try:
            server.wait()
        except KeyboardInterrupt:
            server.send_signal(signal.SIGINT)
            server.wait()
        finally:
            if consumer is not None:
                # SIGINT lets Huey finish the tasks it is running; SIGTERM would cut them.
                consumer.send_signal(signal.SIGINT)
                try:
                    consumer.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    consumer.kill()
