"""GET /healthz: is each part Dragoman needs answering? 200 when all are, 503 otherwise."""

from __future__ import annotations

import logging
import time
import uuid

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from huey.contrib.djhuey import HUEY

logger = logging.getLogger(__name__)


def _timed(check) -> dict:
    started = time.perf_counter()
    try:
        detail = check()
        state = {"ok": True, **(detail or {})}
    except Exception as exc:
        # Any failure means "down". The endpoint is public: it names the kind of failure,
        # the log has the details (which may name internal hosts).
        logger.warning("health check %s failed: %s", check.__name__, exc)
        state = {"ok": False, "error": type(exc).__name__}
    state["ms"] = round((time.perf_counter() - started) * 1000, 1)
    return state


def _database() -> dict:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"engine": connection.vendor}


def _channel_layer() -> dict:
    layer = get_channel_layer()
    if layer is None:
        raise RuntimeError("no channel layer configured")

    async def round_trip() -> None:
        channel = await layer.new_channel("healthz.")
        token = uuid.uuid4().hex
        await layer.send(channel, {"type": "healthz", "token": token})
        message = await layer.receive(channel)
        if message.get("token") != token:
            raise RuntimeError("channel layer returned another message")

    async_to_sync(round_trip)()
    return {"backend": type(layer).__name__}


def _task_queue() -> dict:
    key = f"healthz-{uuid.uuid4().hex}"
    HUEY.put(key, "ok")
    if HUEY.get(key) != "ok":
        raise RuntimeError("task queue storage returned another value")
    return {"backend": type(HUEY).__name__, "pending": HUEY.pending_count()}


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    checks = {
        "database": _timed(_database),
        "channel_layer": _timed(_channel_layer),
        "task_queue": _timed(_task_queue),
    }
    healthy = all(check["ok"] for check in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", "checks": checks},
        status=200 if healthy else 503,
    )
