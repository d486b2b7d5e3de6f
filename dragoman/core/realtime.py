"""The one way to push an event to people's open sockets.

Every connected socket joins the group ``user.<id>`` of its user; ``publish`` sends to those
groups after the surrounding transaction commits, so nobody hears of a change that is rolled
back.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterable
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction


def user_group(user_id: int) -> str:
    return f"user.{user_id}"


def publish(event: str, user_ids: Iterable[int], payload: dict[str, Any] | None = None) -> None:
    publish_many([(event, user_ids, payload)])


def publish_many(items: Iterable[tuple[str, Iterable[int], dict[str, Any] | None]]) -> None:
    """Several events at once, each to its users: one trip to the event loop for all."""
    sends = [
        (user_id, {"type": "dragoman.event", "event": event, "payload": payload or {}})
        for event, user_ids, payload in items
        for user_id in sorted(set(user_ids))
    ]
    if not sends:
        return

    def send() -> None:
        layer = get_channel_layer()
        if layer is None:
            return

        async def send_all() -> None:
            for user_id, message in sends:
                await layer.group_send(user_group(user_id), message)

        try:
            asyncio.get_running_loop()
        except RuntimeError:
            async_to_sync(send_all)()
            return
        # Synchronous code called from a thread that runs an event loop (a sync caller inside
        # async code, a browser test's driver) cannot block that loop: send from a helper.
        helper = threading.Thread(target=async_to_sync(send_all), daemon=True)
        helper.start()
        helper.join(timeout=5)

    transaction.on_commit(send)
