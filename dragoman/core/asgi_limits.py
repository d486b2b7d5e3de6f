"""Admission control for HTTP under ASGI: a bounded number of requests run at once.

Django runs each synchronous view in a thread. Without a bound, a burst beyond what the
CPUs can serve starts hundreds of threads that fight over the interpreter lock, every request
slows down and the process finishes work for clients that already gave up. Here requests
beyond ``limit`` wait in line on the event loop (which costs almost nothing); one that waits
longer than ``queue_timeout`` seconds gets a fast 503 with Retry-After instead of a late
answer. WebSockets are long-lived and are not counted.
"""

from __future__ import annotations

import asyncio
from typing import Any

Scope = dict[str, Any]


class HttpConcurrencyLimit:
    def __init__(self, app: Any, *, limit: int, queue_timeout: float) -> None:
        self.app = app
        self.limit = limit
        self.queue_timeout = queue_timeout
        self._semaphore: asyncio.Semaphore | None = None

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or self.limit <= 0:
            await self.app(scope, receive, send)
            return
        if self._semaphore is None:
            self._semaphore = asyncio.Semaphore(self.limit)
        try:
            await asyncio.wait_for(self._semaphore.acquire(), timeout=self.queue_timeout)
        except TimeoutError:
            await self._busy(send)
            return
        try:
            await self.app(scope, receive, send)
        finally:
            self._semaphore.release()

    async def _busy(self, send: Any) -> None:
        body = b'{"code": "busy", "message": "The server is busy; try again in a moment."}'
        await send(
            {
                "type": "http.response.start",
                "status": 503,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"retry-after", b"1"),
                    (b"content-length", str(len(body)).encode()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})
