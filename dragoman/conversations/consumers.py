"""Conversations on the page's one socket (``/ws/events/``): ``send``, ``resume`` and
``read``, answered through the same services and selectors as REST.

- ``{"type": "send", "conversation": 7, "body": "…", "client_id": "c-…"}`` →
  ``{"type": "sent", "message": {…}, "created": true}`` (the stored message with ``id`` and
  ``seq``; a retry with the same ``client_id`` answers the same message with ``created``
  false); everybody in the conversation, the sender's other tabs too, gets ``message``.
- ``{"type": "resume", "conversation": 7, "after": 41}`` →
  ``{"type": "messages", "conversation": 7, "messages": […], "last_seq": 60, "more": false}``:
  exactly the messages after 41, in order, sent before any newer event.
- ``{"type": "read", "conversation": 7, "seq": 60}`` → ``{"type": "read", "unread": 0}``.

A refusal is ``{"type": "error", "code": "…", "message": "…"}`` with the codes of REST.
"""

from __future__ import annotations

import time
from typing import Any

from channels.db import database_sync_to_async
from django.utils import translation

from dragoman.core.errors import DomainError
from dragoman.core.permissions import forget_actor


def _error(exc: DomainError, content: dict[str, Any]) -> dict[str, Any]:
    answer: dict[str, Any] = {"type": "error", "code": exc.code, "message": exc.message}
    if exc.fields:
        answer["fields"] = exc.fields
    if content.get("client_id"):
        answer["client_id"] = content["client_id"]
    return answer


ACTOR_TTL = 30.0


def _run(user: Any, content: dict[str, Any], work: Any) -> dict[str, Any]:
    # A socket lives for hours: its user's rights are looked up again every half minute, so
    # a contact made observer (or removed) stops writing without reconnecting.
    now = time.monotonic()
    if getattr(user, "_dragoman_actor_at", 0.0) < now - ACTOR_TTL:
        forget_actor(user)
        user._dragoman_actor_at = now
    with translation.override(getattr(user, "language", None) or None):
        try:
            return work()
        except DomainError as exc:
            return _error(exc, content)


def _int(value: Any, default: int = 0) -> int:
    if isinstance(value, bool):
        return default
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


@database_sync_to_async
def _send(user: Any, content: dict[str, Any]) -> dict[str, Any]:
    from dragoman.conversations.selectors import (
        Viewer,
        conversation_get_for_user,
        message_view,
        seat_of,
    )
    from dragoman.conversations.services import message_send

    def work() -> dict[str, Any]:
        conversation = conversation_get_for_user(
            user=user, conversation_id=content.get("conversation")
        )
        body = content.get("body")
        message, created = message_send(
            conversation=conversation,
            by=user,
            body=body if isinstance(body, str) else "",
            client_id=str(content.get("client_id") or ""),
        )
        viewer = Viewer.of(user, seat_of(user=user, conversation=conversation))
        return {"type": "sent", "created": created, "message": message_view(viewer, message)}

    return _run(user, content, work)


@database_sync_to_async
def _resume(user: Any, content: dict[str, Any]) -> dict[str, Any]:
    from dragoman.conversations.selectors import (
        PAGE,
        Viewer,
        conversation_get_for_user,
        message_view,
        messages_after,
        seat_of,
    )

    def work() -> dict[str, Any]:
        conversation = conversation_get_for_user(
            user=user, conversation_id=content.get("conversation")
        )
        viewer = Viewer.of(user, seat_of(user=user, conversation=conversation))
        after = max(0, _int(content.get("after")))
        rows = messages_after(conversation=conversation, after=after, limit=PAGE + 1)
        more = len(rows) > PAGE
        rows = rows[:PAGE]
        return {
            "type": "messages",
            "conversation": conversation.pk,
            "after": after,
            "messages": [message_view(viewer, m) for m in rows],
            "last_seq": rows[-1].seq if rows else after,
            "more": more,
        }

    return _run(user, content, work)


@database_sync_to_async
def _read(user: Any, content: dict[str, Any]) -> dict[str, Any]:
    from dragoman.conversations.selectors import conversation_get_for_user
    from dragoman.conversations.services import conversation_read

    def work() -> dict[str, Any]:
        conversation = conversation_get_for_user(
            user=user, conversation_id=content.get("conversation")
        )
        seq = content.get("seq")
        unread = conversation_read(
            conversation=conversation, by=user, seq=None if seq is None else _int(seq)
        )
        return {"type": "read", "conversation": conversation.pk, "unread": unread}

    return _run(user, content, work)


async def handle_send(consumer: Any, content: dict[str, Any]) -> dict[str, Any]:
    return await _send(consumer.scope["user"], content)


async def handle_resume(consumer: Any, content: dict[str, Any]) -> dict[str, Any]:
    return await _resume(consumer.scope["user"], content)


async def handle_read(consumer: Any, content: dict[str, Any]) -> dict[str, Any]:
    return await _read(consumer.scope["user"], content)
