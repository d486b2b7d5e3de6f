"""The one way to push an event to people's open sockets.

Every connected socket joins the group ``user.<id>`` of its user; ``publish`` sends to those
groups after the surrounding transaction commits, so nobody hears of a change that is rolled
back.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction


def user_group(user_id: int) -> str:
    return f"user.{user_id}"


def publish(event: str, user_ids: Iterable[int], payload: dict[str, Any] | None = None) -> None:
    recipients = sorted(set(user_ids))
    message = {"type": "dragoman.event", "event": event, "payload": payload or {}}

    def send() -> None:
        layer = get_channel_layer()
        if layer is None:
            return
        for user_id in recipients:
            async_to_sync(layer.group_send)(user_group(user_id), message)

    transaction.on_commit(send)
