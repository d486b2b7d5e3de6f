"""Serve Dragoman the way ``make run`` does: uvicorn for HTTP and WebSockets, plus Huey.

On one laptop this single command is the whole system. At scale, run uvicorn and
``huey_consumer`` as separate services instead (docs/deployment.md).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Run uvicorn (ASGI) and, unless told not to, a Huey task consumer beside it."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument(
            "--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", "1"))
        )
        parser.add_argument("--no-tasks", action="store_true", help="Do not start Huey.")
        parser.add_argument("--reload", action="store_true", help="Restart on code changes.")

    def handle(self, *args: Any, **options: Any) -> None:
        consumer = None
        if not options["no_tasks"] and not settings.HUEY_IMMEDIATE:
            consumer = subprocess.Popen([sys.executable, "-m", "dragoman", "run_huey", "--quiet"])
        command = [
            sys.executable,
            "-m",
            "uvicorn",
            "dragoman.config.asgi:application",
            "--host",
            options["host"],
            "--port",
            str(options["port"]),
            "--proxy-headers",
            "--forwarded-allow-ips",
            os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1"),
            "--no-server-header",
        ]
        if options["reload"]:
            command += ["--reload", "--reload-dir", str(settings.BASE_DIR / "dragoman")]
        elif options["workers"] > 1:
            command += ["--workers", str(options["workers"])]
        self.stdout.write(f"Dragoman on http://{options['host']}:{options['port']}/")
        server = subprocess.Popen(command)  # noqa: S603
        try:
            server.wait()
        except KeyboardInterrupt:
            server.send_signal(signal.SIGINT)
            server.wait()
        finally:
            if consumer is not None:
                consumer.terminate()
                consumer.wait(timeout=10)
