"""Admission control: a bounded number of HTTP requests at once, fast 503 beyond the line."""

import asyncio
from concurrent.futures import ThreadPoolExecutor

from dragoman.core.asgi_limits import HttpConcurrencyLimit


def run(coroutine_function):
    """Run in a fresh event loop on its own thread: the browser tests keep Playwright's loop
    running in the main thread of their worker for the whole session."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine_function()).result(timeout=30)


class SlowApp:
    def __init__(self) -> None:
        self.release = asyncio.Event()
        self.running = 0
        self.most = 0

    async def __call__(self, scope, receive, send):
        self.running += 1
        self.most = max(self.most, self.running)
        await self.release.wait()
        self.running -= 1
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})


async def call(app, scope_type="http"):
    sent = []

    async def send(message):
        sent.append(message)

    await app({"type": scope_type}, None, send)
    return sent[0]["status"] if sent else None


def test_requests_beyond_the_limit_wait_their_turn_and_all_succeed():
    run(_test_requests_beyond_the_limit_wait_their_turn_and_all_succeed)


async def _test_requests_beyond_the_limit_wait_their_turn_and_all_succeed():
    inner = SlowApp()
    app = HttpConcurrencyLimit(inner, limit=2, queue_timeout=5)
    calls = [asyncio.create_task(call(app)) for _ in range(5)]
    await asyncio.sleep(0.05)
    assert inner.running == 2
    inner.release.set()
    assert await asyncio.gather(*calls) == [200] * 5
    assert inner.most == 2


def test_a_request_that_waits_too_long_gets_a_fast_503():
    run(_test_a_request_that_waits_too_long_gets_a_fast_503)


async def _test_a_request_that_waits_too_long_gets_a_fast_503():
    inner = SlowApp()
    app = HttpConcurrencyLimit(inner, limit=1, queue_timeout=0.05)
    first = asyncio.create_task(call(app))
    await asyncio.sleep(0.01)
    assert await call(app) == 503
    inner.release.set()
    assert await first == 200


def test_websockets_are_not_counted():
    run(_test_websockets_are_not_counted)


async def _test_websockets_are_not_counted():
    inner = SlowApp()
    app = HttpConcurrencyLimit(inner, limit=1, queue_timeout=0.05)
    sockets = [asyncio.create_task(call(app, "websocket")) for _ in range(3)]
    await asyncio.sleep(0.01)
    assert inner.running == 3
    inner.release.set()
    await asyncio.gather(*sockets)
